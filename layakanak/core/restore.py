"""`layakanak restore`: check an archive made by `layakanak backup`, then replace the database
and the stored files with its contents.

Nothing is changed until the archive has been checked whole: its format version, its migration
state against the installed code, and the SHA-256 of every member. The database is then emptied
and loaded in one transaction (a failure leaves it as it was), the newer migrations of the code
are applied when the archive is older, and finally the files are written and read back to check
their hashes.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

from layakanak.core.backup import (
    CHUNK,
    FILES_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PROGRESS_SECONDS,
    Progress,
    storage_names,
)
from layakanak.core.backup_state import (
    Node,
    StateError,
    applied_nodes,
    models_at,
    newer_than_code,
    reset_schema,
    state_from_dict,
)


class RestoreError(Exception):
    """The archive cannot be restored, or the restore failed; the message says why and
    `nothing_changed` whether the database and files are still as they were."""

    def __init__(self, message: str, *, nothing_changed: bool = True) -> None:
        super().__init__(message)
        self.nothing_changed = nothing_changed


class RestoreCancelled(RestoreError):
    pass


@dataclass
class Archive:
    path: Path
    zip: zipfile.ZipFile
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(int(t["rows"]) for t in self.manifest["tables"])

    @property
    def migrations(self) -> set[Node]:
        return state_from_dict(self.manifest["migrations"])

    def describe(self) -> str:
        m = self.manifest
        files = m["files"]
        return (
            f"{self.path.name}: made {m['created_at']} by Layak Anak {m['platform_version']} "
            f"on {m['database_vendor']}; {self.rows:,} rows in {len(m['tables'])} tables, "
            f"{files['count']:,} files ({files['bytes'] / 1e6:,.1f} MB)"
        )


def damaged(what: str) -> RestoreError:
    return RestoreError(f"The archive is damaged: {what}.")


def _check_manifest(manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError("This is not a Layak Anak backup (its manifest has another format).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise damaged("its format version is missing")
    if version > FORMAT_VERSION:
        raise RestoreError(
            f"This archive uses backup format {version}, made by a newer version of the "
            f"platform; this version reads format {FORMAT_VERSION}. Restore it with the version "
            "that made it (or a newer one)."
        )
    expected = {"created_at": str, "migrations": dict, "tables": list, "files": dict}
    for key, kind in expected.items():
        if not isinstance(manifest.get(key), kind):
            raise damaged(f"the manifest has no valid {key!r}")
    return manifest


@contextmanager
def open_archive(path: Path) -> Iterator[Archive]:
    """Open an archive and check its manifest (not yet its contents)."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise RestoreError(f"{path} does not exist.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise RestoreError(f"{path} is not a backup archive or it is damaged ({exc}).") from exc
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except KeyError as exc:
            raise RestoreError(f"{path} is not a Layak Anak backup (no {MANIFEST}).") from exc
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise damaged(f"{MANIFEST} cannot be read ({exc})") from exc
        yield Archive(path, archive, _check_manifest(manifest))


def _member_hash(archive: Archive, member: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.zip.open(member) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except KeyError as exc:
        raise damaged(f"{member} is missing") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise damaged(f"{member} cannot be read ({exc})") from exc
    return size, digest.hexdigest()


def safe_name(name: Any) -> str:
    """A storage name from the archive, refused when it could escape the storage folder."""
    if (
        not isinstance(name, str)
        or not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
    ):
        raise damaged(f"a file has an unsafe name ({name!r})")
    return name


def file_entries(archive: Archive) -> Iterator[dict[str, Any]]:
    with archive.zip.open(archive.manifest["files"]["index"]) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            entry = json.loads(line)
            safe_name(entry.get("name"))
            yield entry


def verify_archive(archive: Archive, progress: Progress) -> None:
    """Check the SHA-256 of every data member, of the file list and of every file."""
    for table in archive.manifest["tables"]:
        _size, digest = _member_hash(archive, table["member"])
        if digest != table["sha256"]:
            raise damaged(f"{table['member']} does not match its SHA-256")
    files = archive.manifest["files"]
    if _member_hash(archive, files["index"])[1] != files["sha256"]:
        raise damaged(f"{files['index']} does not match its SHA-256")
    count, last_report = 0, time.monotonic()
    for entry in file_entries(archive):
        size, digest = _member_hash(archive, FILES_PREFIX + entry["name"])
        if (size, digest) != (entry["size"], entry["sha256"]):
            raise damaged(f"the file {entry['name']} does not match its SHA-256")
        count += 1
        if time.monotonic() - last_report > PROGRESS_SECONDS:
            last_report = time.monotonic()
            progress(f"  checked {count:,} of {files['count']:,} files ...")
    if count != files["count"]:
        raise damaged(f"it lists {files['count']} files but holds {count}")


@dataclass
class Plan:
    """What the restore will do to the schema."""

    reset_schema: bool  # the database is not at the archive's migrations: rebuild it first
    newer_migrations: int  # migrations of the code to apply after loading


def plan_restore(archive: Archive) -> Plan:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        loader, applied = applied_nodes(connection)
    except StateError as exc:
        raise RestoreError(str(exc)) from exc
    wanted = archive.migrations
    newer = newer_than_code(loader, wanted)
    if newer:
        names = ", ".join(sorted(f"{app}.{name}" for app, name in newer)[:8])
        raise RestoreError(
            "This archive was made by a newer version of the platform "
            f"({archive.manifest.get('platform_version', '?')}): its database has migrations "
            f"this version does not have ({names}). Install that version or a newer one, then "
            "restore again."
        )
    code_nodes = {n for n in loader.graph.nodes if n[0] in loader.migrated_apps}
    return Plan(reset_schema=applied != wanted, newer_migrations=len(code_nodes - wanted))


@dataclass
class RestoreSummary:
    rows: int = 0
    files: int = 0
    removed_files: int = 0
    seconds: float = 0.0


def _write_file(entry: dict[str, Any], source: IO[bytes]) -> None:
    storage = default_storage
    name = entry["name"]
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(source, name=name))
    if saved != name:
        raise RestoreError(f"The storage saved {name} as {saved}; the restore is incomplete.")
    digest = hashlib.sha256()
    with storage.open(name, "rb") as written:
        while chunk := written.read(CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != entry["sha256"]:
        raise RestoreError(f"{name} was written but reads back with another SHA-256.")


def restore_files(archive: Archive, summary: RestoreSummary, progress: Progress) -> None:
    """Write every file of the archive, check it, then delete the files the archive lacks."""
    restored: set[str] = set()
    last_report = time.monotonic()
    for entry in file_entries(archive):
        with archive.zip.open(FILES_PREFIX + entry["name"]) as source:
            _write_file(entry, source)
        restored.add(entry["name"])
        summary.files += 1
        if time.monotonic() - last_report > PROGRESS_SECONDS:
            last_report = time.monotonic()
            progress(f"  {summary.files:,} files restored ...")
    for name in list(storage_names(default_storage)):
        if name not in restored:
            default_storage.delete(name)
            summary.removed_files += 1


def restore_backup(
    path: Path,
    *,
    confirm: Callable[[Archive, Plan], bool],
    progress: Progress = lambda _: None,
    actor: str = "command:restore",
) -> RestoreSummary:
    """Check the archive, ask `confirm`, then replace the database and the files."""
    from layakanak.core.actions import do_record_restore, do_restore_database

    started = time.monotonic()
    summary = RestoreSummary()
    with open_archive(path) as archive:
        plan = plan_restore(archive)
        progress(f"Checking every member of {archive.path.name} ...")
        verify_archive(archive, progress)
        if not confirm(archive, plan):
            raise RestoreCancelled("Restore cancelled.")
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            if plan.reset_schema:
                progress("Rebuilding the tables at the archive's migration state ...")
                reset_schema(connection, archive.migrations)
            loader, applied = applied_nodes(connection)
            progress(f"Database ({connection.vendor}) ...")
            summary.rows = do_restore_database(
                archive, models_at(loader, applied), progress=progress
            )
        except Exception as exc:
            detail = str(exc) if isinstance(exc, RestoreError | StateError) else repr(exc)
            if not plan.reset_schema:  # the transaction was rolled back
                raise RestoreError(f"Loading the database failed: {detail}") from exc
            raise RestoreError(
                f"Loading the database failed: {detail} The tables were rebuilt empty at the "
                "archive's migration state and the files were not touched; run the restore "
                "again once the cause is fixed.",
                nothing_changed=False,
            ) from exc
        try:
            if plan.newer_migrations:
                progress(f"Applying the {plan.newer_migrations} newer migrations ...")
                call_command("migrate", interactive=False, verbosity=0)
            do_record_restore(archive.manifest, path.name, actor=actor)
            progress("Stored files ...")
            restore_files(archive, summary, progress)
        except Exception as exc:
            raise RestoreError(
                f"The database was restored but the restore did not finish "
                f"({exc.__class__.__name__}: {exc}). Fix the cause and run the restore again.",
                nothing_changed=False,
            ) from exc
    summary.seconds = time.monotonic() - started
    return summary
