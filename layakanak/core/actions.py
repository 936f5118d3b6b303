"""Writes of the core app: restoring a backup, and the audit events of backups and restores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model

from layakanak.audit.actions import Actor, record_event

if TYPE_CHECKING:
    from layakanak.core.backup import BackupSummary, Progress
    from layakanak.core.restore import Archive


def do_record_backup(summary: BackupSummary, *, actor: Actor) -> None:
    """Record that the whole database was exported (it holds personal data, encrypted or not)."""
    with transaction.atomic():
        record_event(
            "backup.created",
            actor=actor,
            object_type="backup",
            object_id=summary.path.name[:80],
            after={
                "file": str(summary.path),
                "tables": summary.tables,
                "rows": summary.rows,
                "files": summary.files,
                "file_bytes": summary.file_bytes,
                "missing_files": len(summary.missing_files),
            },
        )


def do_restore_database(archive: Archive, models: list[type[Model]], *, progress: Progress) -> int:
    """Replace every row of the database with the archive's, in one transaction: a failure
    (a damaged member, a broken constraint) leaves the database as it was. Returns the rows.

    `models` are the historical models of the archive's migration state, which the database
    must be at. The audit event is `do_record_restore`, written once the code's own migrations
    are applied (before that, the audit table may still have an older shape)."""
    from layakanak.core.restore_load import load_database

    with transaction.atomic():
        return load_database(archive, models, progress)


def do_record_restore(manifest: dict[str, Any], file_name: str, *, actor: Actor) -> None:
    with transaction.atomic():
        record_event(
            "backup.restored",
            actor=actor,
            object_type="backup",
            object_id=file_name[:80],
            after={
                "file": file_name,
                "created_at": manifest["created_at"],
                "platform_version": manifest.get("platform_version"),
                "database_vendor": manifest.get("database_vendor"),
                "rows": sum(int(t["rows"]) for t in manifest["tables"]),
                "files": manifest["files"]["count"],
            },
        )
