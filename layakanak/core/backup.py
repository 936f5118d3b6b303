"""`layakanak backup`: the whole database and every stored file in one portable zip archive.

Layout of an archive (format `layakanak-backup/1`):

- `manifest.json`: format and platform version, creation time, database vendor, the applied
  migrations per app, and per table its row count and the SHA-256 of its data member;
- `data/<app>.<model>.jsonl`: one table per member; the first line names the columns, then one
  JSON array per row, ordered by primary key. Decimals, times and UUIDs are strings, JSON columns
  are nested JSON: nothing depends on SQLite or PostgreSQL, so either can restore it;
- `files.jsonl`: the manifest's list of stored files (name, size, SHA-256), one per line, kept
  apart so that the manifest stays small with hundreds of thousands of files;
- `files/<storage name>`: every file of Django's default storage (evidence, upload parts, ...).

Rows are streamed (a few thousand at a time) from one consistent read snapshot and files are
copied in 1 MB pieces, so memory stays flat whatever the size of the database. The archive is
written under a temporary name next to the target and renamed only when complete.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.duration import duration_string

from layakanak import __version__
from layakanak.core.backup_state import (
    StateError,
    applied_nodes,
    models_at,
    state_as_dict,
    stored_fields,
)

FORMAT = "layakanak-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILE_INDEX = "files.jsonl"
DATA_PREFIX = "data/"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024
ROWS_PER_READ = 2000
PROGRESS_SECONDS = 10.0
MISSING_LISTED = 1000

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup could not be made; the message says why. No archive is left behind."""


@dataclass
class BackupSummary:
    path: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    file_bytes: int = 0
    missing_files: list[str] = field(default_factory=list)
    seconds: float = 0.0


def encode_value(value: Any) -> Any:
    """JSON form of the column values JSON has no type for (`json.dumps(default=...)`)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot store a {type(value).__name__} in a backup")


def encode_line(values: Any) -> bytes:
    return (
        json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=encode_value) + "\n"
    ).encode("utf-8")


def data_member(model: type[models.Model]) -> str:
    return f"{DATA_PREFIX}{model._meta.label_lower}.jsonl"


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, folders walked in sorted order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_names(storage, f"{folder}/{sub}" if folder else sub)


def zip_info(name: str, level: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # type: ignore[attr-defined]  # what ZipFile.open("w") sets
    info.external_attr = 0o600 << 16
    return info


class _HashingWriter:
    """Writes to an archive member while counting bytes and computing the SHA-256."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.size += len(data)


@contextmanager
def read_snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """One consistent view of every table for the whole dump, without blocking writers."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        # A deferred transaction reads from one WAL snapshot; Django's atomic() would take the
        # write lock (transaction_mode IMMEDIATE) and stop every save for the whole backup.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _dump_table(
    archive: zipfile.ZipFile,
    model: type[models.Model],
    alias: str,
    referenced: set[str],
    progress: Progress,
) -> dict[str, Any]:
    fields = stored_fields(model)
    names = [f.attname for f in fields]
    file_columns = [i for i, f in enumerate(fields) if isinstance(f, models.FileField)]
    member = data_member(model)
    rows = 0
    started = time.monotonic()
    with archive.open(zip_info(member, 6), "w", force_zip64=True) as raw:
        out = _HashingWriter(raw)
        out.write(encode_line({"model": model._meta.label_lower, "fields": names}))
        query = model._base_manager.using(alias).order_by("pk").values_list(*names)
        pending: list[bytes] = []
        for row in query.iterator(chunk_size=ROWS_PER_READ):
            pending.append(encode_line(row))
            for column in file_columns:
                if row[column]:
                    referenced.add(row[column])
            rows += 1
            if len(pending) == ROWS_PER_READ:
                out.write(b"".join(pending))
                pending.clear()
                if rows % 50_000 == 0:
                    progress(f"  {model._meta.label_lower}: {rows:,} rows ...")
        out.write(b"".join(pending))
    progress(f"  {model._meta.label_lower}: {rows:,} rows ({time.monotonic() - started:.1f} s)")
    return {
        "model": model._meta.label_lower,
        "table": model._meta.db_table,
        "rows": rows,
        "member": member,
        "bytes": out.size,
        "sha256": out.digest.hexdigest(),
    }


def _copy_file(archive: zipfile.ZipFile, storage: Storage, name: str) -> tuple[int, str]:
    member = zip_info(FILES_PREFIX + name, 1)
    with storage.open(name, "rb") as source, archive.open(member, "w", force_zip64=True) as raw:
        out = _HashingWriter(raw)
        while chunk := source.read(CHUNK):
            out.write(chunk)
    return out.size, out.digest.hexdigest()


def _dump_files(
    archive: zipfile.ZipFile, summary: BackupSummary, referenced: set[str], progress: Progress
) -> dict[str, Any]:
    storage = default_storage
    stored: set[str] = set()
    last_report = time.monotonic()
    with tempfile.TemporaryFile() as index:
        for name in storage_names(storage):
            try:
                size, digest = _copy_file(archive, storage, name)
            except FileNotFoundError:  # deleted since the folder was listed
                continue
            index.write(encode_line({"name": name, "size": size, "sha256": digest}))
            stored.add(name)
            summary.files += 1
            summary.file_bytes += size
            if time.monotonic() - last_report > PROGRESS_SECONDS:
                last_report = time.monotonic()
                progress(f"  {summary.files:,} files ({summary.file_bytes / 1e6:,.1f} MB) ...")
        index.seek(0)
        with archive.open(zip_info(FILE_INDEX, 6), "w", force_zip64=True) as raw:
            out = _HashingWriter(raw)
            while chunk := index.read(CHUNK):
                out.write(chunk)
    summary.missing_files = sorted(referenced - stored)
    return {
        "count": summary.files,
        "bytes": summary.file_bytes,
        "index": FILE_INDEX,
        "sha256": out.digest.hexdigest(),
    }


def _write_archive(archive: zipfile.ZipFile, summary: BackupSummary, progress: Progress) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    created_at = datetime.datetime.now(datetime.UTC)
    referenced: set[str] = set()
    progress(f"Database ({connection.vendor}) ...")
    with read_snapshot(connection):
        try:
            loader, applied = applied_nodes(connection)
        except StateError as exc:
            raise BackupError(str(exc)) from exc
        tables = [
            _dump_table(archive, model, connection.alias, referenced, progress)
            for model in models_at(loader, applied)
        ]
    summary.tables = len(tables)
    summary.rows = sum(t["rows"] for t in tables)
    progress("Stored files ...")
    files = _dump_files(archive, summary, referenced, progress)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "platform_version": __version__,
        "created_at": created_at.isoformat().replace("+00:00", "Z"),
        "database_vendor": connection.vendor,
        "migrations": state_as_dict(applied),
        "tables": tables,
        "files": files,
        "missing_files": summary.missing_files[:MISSING_LISTED],
        "missing_files_count": len(summary.missing_files),
    }
    with archive.open(zip_info(MANIFEST, 6), "w") as out:
        out.write(json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"))


def default_name(now: datetime.datetime | None = None) -> str:
    now = now or datetime.datetime.now(datetime.UTC)
    return f"layakanak-backup-{now:%Y%m%dT%H%M%SZ}.zip"


def target_path(output: str | None) -> Path:
    """Where the archive goes: `output`, or a dated name in `output` when it is a folder (or in
    the current folder). An existing file is never overwritten."""
    path = Path(output) if output else Path.cwd()
    if path.is_dir():
        path = path / default_name()
    if path.exists():
        raise BackupError(f"{path} already exists; a backup never overwrites a file.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    location = getattr(default_storage, "location", None)
    if location and path.resolve().is_relative_to(Path(location).resolve()):
        raise BackupError(
            f"{path} is inside the file storage ({location}); write the backup somewhere else."
        )
    return path


def write_backup(output: str | None, *, progress: Progress = lambda _: None) -> BackupSummary:
    """Write the archive; on any failure remove the partial file and raise BackupError."""
    path = target_path(output)
    started = time.monotonic()
    summary = BackupSummary(path=path)
    handle, partial_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".partial", dir=path.parent
    )
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                _write_archive(archive, summary, progress)
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(path)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {exc.__class__.__name__}: {exc}") from exc
    except BaseException:  # Ctrl+C, SIGTERM (the command turns it into SystemExit)
        partial.unlink(missing_ok=True)
        raise
    summary.seconds = time.monotonic() - started
    return summary
