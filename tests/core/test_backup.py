"""`layakanak backup` and `layakanak restore`: a round trip that compares every table and every
file, an archive older than the code, and the refusals (damaged, newer, unconfirmed, unsafe)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from layakanak.audit.actions import record_event
from layakanak.audit.models import AuditEvent
from layakanak.core import backup
from layakanak.regions.models import Region

NOT_COMPARED = {"django_migrations", "django_session"}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_MODE = True
    settings.SERVICES_ENCRYPTION_KEY = Fernet.generate_key().decode()
    return Path(settings.MEDIA_ROOT)


def every_table() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the installed code, by table, in primary-key order."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in NOT_COMPARED:
            continue
        columns = [f.attname for f in meta.concrete_fields]
        tables[meta.db_table] = list(model._base_manager.order_by("pk").values_list(*columns))
    missing = set(connection.introspection.table_names()) - set(tables) - NOT_COMPARED
    assert not missing, f"tables not compared: {missing}"
    return tables


def every_file(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def without_restore_event(tables: dict[str, list[tuple[Any, ...]]]) -> AuditEvent:
    """Remove the one audit event the restore adds (checked by the caller) from the rows."""
    event = AuditEvent.objects.get(action="backup.restored")
    tables["audit_auditevent"] = [r for r in tables["audit_auditevent"] if r[0] != event.pk]
    return event


def populate(media: Path) -> None:
    """Data in every app, made through the real actions and the demo commands: the 2026 demo
    cycle with answers, two submitted regions in verification (one sent back), real evidence
    uploads (one cut off half-way), child services, accounts with two-factor devices."""
    from layakanak.demo.open_cycle import build_demo_cycle
    from layakanak.evaluation.actions.uploads import do_start_upload, do_upload_chunk
    from layakanak.evaluation.models import EvidenceFile, Submission
    from tests.evaluation.fixtures_evidence import make_pdf, upload_whole
    from tests.verification.conftest import fill_and_submit

    quiet = io.StringIO()
    call_command("load_instrument", "--shipped", stdout=quiet)
    build_demo_cycle(actor="test", submitted=(), in_progress={"64.71": 0.3})
    in_cycle = Submission.objects.filter(cycle__slug="2026")
    # Submitted the quick way of the verification tests (evidence rows in bulk) ...
    fill_and_submit(in_cycle.get(region__code="64.72"), 0.7, 1)
    fill_and_submit(in_cycle.get(region__code="64.74"), 0.5, 2)
    for name in set(EvidenceFile.objects.values_list("file", flat=True)):
        default_storage.save(name, ContentFile(make_pdf(f"Bukti {name}")))
    # ... and uploaded the real way, including an upload cut off half-way.
    balikpapan = in_cycle.get(region__code="64.71")
    upload_whole(balikpapan, "1.1", "regulasi", "Perda KLA.pdf", make_pdf("Perda"), actor="test")
    session = do_start_upload(balikpapan, "1.1", "regulasi", "Perwal.pdf", 5000, actor="test")
    do_upload_chunk(session, 0, make_pdf("Perwal")[:200], actor="test")
    call_command("demo_verification", stdout=quiet)
    call_command("demo_services", stdout=quiet)
    call_command("demo_accounts", stdout=quiet)
    default_storage.save("workbook-imports/lampiran.xlsx", ContentFile(b"PK\x03\x04 not read"))


def test_a_backup_restores_every_table_and_every_file_exactly(
    regions: None, media: Path, tmp_path: Path, transactional_db: None
) -> None:
    populate(media)
    before, files_before = every_table(), every_file(media)
    assert sum(1 for rows in before.values() if rows) >= 30, "data in most tables"
    assert any(name.startswith("evidence/") for name in files_before)
    assert any(name.startswith("evidence-uploads/") for name in files_before)
    archive = tmp_path / "backups" / "layakanak.zip"
    archive.parent.mkdir()
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "regions.region:" in out.getvalue() and "Backup written to" in out.getvalue()

    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        index = [json.loads(line) for line in opened.read("files.jsonl").splitlines()]
    assert manifest["format"] == "layakanak-backup" and manifest["format_version"] == 1
    assert "0001_initial" in manifest["migrations"]["regions"]
    counts = {t["table"]: t["rows"] for t in manifest["tables"]}
    assert counts == {table: len(rows) for table, rows in before.items()}
    assert {e["name"]: e["sha256"] for e in index} == {
        name: hashlib.sha256(content).hexdigest() for name, content in files_before.items()
    }
    assert manifest["missing_files_count"] == 0

    call_command("flush", "--noinput")  # the database is lost ...
    for path in media.rglob("*"):
        if path.is_file():
            path.write_bytes(b"overwritten")  # ... and the files too,
    (media / "stray.txt").write_bytes(b"made after the backup")  # with one more file.

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "Restored" in out.getvalue()

    after = every_table()
    event = without_restore_event(after)
    assert event.actor_label == "command:restore" and event.after["file"] == "layakanak.zip"
    for table, rows in before.items():
        assert after[table] == rows, f"{table} differs after the restore"
    assert every_file(media) == files_before
    # New rows get new ids (PostgreSQL sequences were reset) and nothing collides.
    record_event("test.after_restore", actor="test")
    assert Region.objects.filter(code="64.71").exists()


def _previous_migration(app: str) -> tuple[str, str]:
    graph = MigrationExecutor(connection).loader.graph
    leaf = graph.leaf_nodes(app)[0]
    parent = next(p for p in graph.node_map[leaf].parents if p.key[0] == app)
    return leaf[1], parent.key[1]


@pytest.fixture
def axes_one_migration_behind(transactional_db: None) -> Any:
    latest, previous = _previous_migration("axes")
    call_command("migrate", "axes", previous, verbosity=0)
    yield latest
    call_command("migrate", verbosity=0)  # whatever happened, leave the schema complete


def test_an_archive_older_than_the_code_is_restored_then_migrated(
    regions: None, media: Path, tmp_path: Path, axes_one_migration_behind: str
) -> None:
    """A backup made before `migrate` (the upgrade procedure) restores into the upgraded code:
    tables are rebuilt at the archive's migrations, loaded, then migrated forward."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="operator@balikpapan.example", ip_address="10.0.0.7", failures_since_start=3
    )
    default_storage.save("evidence/2025/perda", ContentFile(b"%PDF-1.4 perda"))
    before, files_before = every_table_at_hand(), every_file(media)
    archive = tmp_path / "old.zip"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert axes_one_migration_behind not in manifest["migrations"]["axes"]

    call_command("migrate", "axes", verbosity=0)  # the code is upgraded
    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "1 migrations will be applied" in out.getvalue()

    assert ("axes", axes_one_migration_behind) in MigrationExecutor(
        connection
    ).loader.applied_migrations
    after = every_table()
    without_restore_event(after)
    for table, rows in before.items():
        assert after[table] == rows, f"{table} differs after the restore"
    assert every_file(media) == files_before


def every_table_at_hand() -> dict[str, list[tuple[Any, ...]]]:
    """`every_table` for a database one axes migration behind (its newest table is absent)."""
    existing = set(connection.introspection.table_names())
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.db_table in existing and meta.db_table not in NOT_COMPARED and meta.managed:
            columns = [f.attname for f in meta.concrete_fields]
            tables[meta.db_table] = list(model._base_manager.order_by("pk").values_list(*columns))
    return tables


# --- Refusals: nothing is changed --------------------------------------------------------------


@pytest.fixture
def small_archive(regions: None, media: Path, tmp_path: Path) -> Path:
    default_storage.save("evidence/2026/perda", ContentFile(b"%PDF-1.4 Perda KLA"))
    path = tmp_path / "small.zip"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    return path


def rewritten(source: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of an archive with members changed by `change(name, content)`."""
    target = source.with_name("changed-" + source.name)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))
    return target


def manifest_change(edit: Callable[[dict[str, Any]], None]) -> Callable[[str, bytes], bytes]:
    def change(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        edit(manifest)
        return json.dumps(manifest).encode()

    return change


def assert_refused(archive: Path, message: str, media: Path) -> None:
    regions_before = Region.objects.count()
    files_before = every_file(media)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert "Nothing was changed." in str(refused.value)
    assert Region.objects.count() == regions_before > 0
    assert every_file(media) == files_before
    assert not AuditEvent.objects.filter(action="backup.restored").exists()


@pytest.mark.django_db
def test_a_file_changed_inside_the_archive_is_refused(small_archive: Path, media: Path) -> None:
    damaged = rewritten(
        small_archive,
        lambda name, content: (
            b"%PDF-1.4 forged" if name == "files/evidence/2026/perda" else content
        ),
    )
    assert_refused(damaged, "damaged: the file evidence/2026/perda does not match", media)


@pytest.mark.django_db
def test_a_truncated_archive_is_refused(small_archive: Path, media: Path) -> None:
    content = small_archive.read_bytes()
    small_archive.write_bytes(content[: len(content) // 2])
    assert_refused(small_archive, "not a backup archive or it is damaged", media)


@pytest.mark.django_db
def test_a_damaged_table_is_refused(small_archive: Path, media: Path) -> None:
    def change(name: str, content: bytes) -> bytes:
        return content.replace(b'"64.71"', b'"64.99"') if name.endswith("region.jsonl") else content

    assert_refused(rewritten(small_archive, change), "regions.region.jsonl does not match", media)


@pytest.mark.django_db
def test_an_archive_of_a_newer_backup_format_is_refused(small_archive: Path, media: Path) -> None:
    newer = rewritten(small_archive, manifest_change(lambda m: m.update(format_version=2)))
    assert_refused(newer, "uses backup format 2, made by a newer version", media)


@pytest.mark.django_db
def test_an_archive_with_migrations_newer_than_the_code_is_refused(
    small_archive: Path, media: Path
) -> None:
    def future(manifest: dict[str, Any]) -> None:
        manifest["migrations"]["regions"].append("0099_from_the_future")

    newer = rewritten(small_archive, manifest_change(future))
    assert_refused(newer, r"newer version of the platform .*regions\.0099_from_the_future", media)


@pytest.mark.django_db
def test_a_zip_that_is_not_a_backup_is_refused(tmp_path: Path, media: Path, regions: None) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("photo.png", b"\x89PNG")
    assert_refused(other, "not a Layak Anak backup", media)


@pytest.mark.django_db
def test_a_file_name_escaping_the_storage_is_refused(small_archive: Path, media: Path) -> None:
    forged_index = b'{"name":"../../etc/cron.d/x","size":1,"sha256":"00"}\n'

    def change(name: str, content: bytes) -> bytes:
        if name == "files.jsonl":
            return forged_index
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["files"]["sha256"] = hashlib.sha256(forged_index).hexdigest()
            return json.dumps(manifest).encode()
        return content

    assert_refused(rewritten(small_archive, change), "unsafe name", media)


@pytest.mark.django_db
def test_a_restore_without_confirmation_changes_nothing(
    small_archive: Path, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    Region.objects.filter(code="64.71").update(name="Changed after the backup")
    with pytest.raises(CommandError, match=r"Restore cancelled\. Nothing was changed\."):
        call_command("restore", str(small_archive), stdout=io.StringIO())
    assert asked == ["Type 'yes' to restore: "]
    assert Region.objects.get(code="64.71").name == "Changed after the backup"


@pytest.mark.django_db
def test_a_confirmed_restore_replaces_the_data(
    small_archive: Path, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    name = Region.objects.get(code="64.71").name
    Region.objects.filter(code="64.71").update(name="Changed after the backup")
    call_command("restore", str(small_archive), stdout=io.StringIO())
    assert Region.objects.get(code="64.71").name == name


# --- Backup failures ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_failed_backup_leaves_no_archive(
    regions: None, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default_storage.save("evidence/2026/perda", ContentFile(b"%PDF-1.4"))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_copy_file", broken)
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(CommandError, match=r"The backup failed: OSError.*No space left"):
        call_command("backup", "--output", str(target), stdout=io.StringIO())
    assert list(target.iterdir()) == []
    assert not AuditEvent.objects.filter(action="backup.created").exists()


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file_nor_writes_into_the_storage(
    small_archive: Path, media: Path
) -> None:
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(small_archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="inside the file storage"):
        call_command("backup", "--output", str(media / "x.zip"), stdout=io.StringIO())
    event = AuditEvent.objects.get(action="backup.created")
    assert event.actor_label == "command:backup" and event.after["files"] == 1
