"""`layakanak backup [--output FILE]`: the database and every stored file in one zip archive
(see layakanak/core/backup.py and docs/operations.md)."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.core.actions import do_record_backup
from layakanak.core.backup import BackupError, write_backup


@contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM (a stopped cron job, a container shutting down) into SystemExit while the
    command runs, so that a partial archive is cleaned up as on Ctrl+C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a backup must work even when a check fails
    help = (
        "Write the whole database (portable between SQLite and PostgreSQL) and every stored "
        "file to one zip archive with a manifest of counts and SHA-256 hashes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="archive to write, or a folder for a dated name "
            "(default: layakanak-backup-<UTC time>.zip in the current folder)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with exit_on_sigterm():
                summary = write_backup(options["output"], progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except (KeyboardInterrupt, SystemExit):
            self.stderr.write("Backup interrupted; the partial archive was removed.")
            raise
        do_record_backup(summary, actor="command:backup")
        for name in summary.missing_files[:20]:
            self.stderr.write(f"Warning: {name} is referenced by the database but not stored.")
        if len(summary.missing_files) > 20:
            self.stderr.write(f"Warning: {len(summary.missing_files) - 20} more missing files.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path}: {summary.rows:,} rows in {summary.tables} "
                f"tables, {summary.files:,} files ({summary.file_bytes / 1e6:,.1f} MB), "
                f"{summary.path.stat().st_size / 1e6:,.1f} MB archive, {summary.seconds:.1f} s."
            )
        )
