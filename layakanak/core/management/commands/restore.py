"""`layakanak restore FILE [--yes]`: replace the database and the stored files with the contents
of an archive made by `layakanak backup` (see layakanak/core/restore.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from layakanak.core.management.commands.backup import exit_on_sigterm
from layakanak.core.restore import Archive, Plan, RestoreError, restore_backup


def _database_name() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    return f"{connection.vendor} database {connection.settings_dict.get('NAME')}"


def _storage_name() -> str:
    location = getattr(default_storage, "location", None)
    return f"the files under {location}" if location else f"every file in {settings.STORAGES}"


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a restore must work even when a check fails
    help = (
        "Replace the database and every stored file with the contents of a backup archive "
        "(irreversible; asks for confirmation unless --yes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", metavar="FILE", help="archive made by `layakanak backup`")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
        )

    def confirm(self, archive: Archive, plan: Plan) -> bool:
        self.stdout.write(f"Archive checked: {archive.describe()}.")
        if plan.newer_migrations:
            self.stdout.write(
                f"It is older than this version: {plan.newer_migrations} migrations will be "
                "applied after its data is loaded."
            )
        if self.yes:
            return True
        self.stdout.write(
            self.style.WARNING(
                f"This DELETES every row of the {_database_name()} and {_storage_name()}, "
                "and replaces them with the archive's. It cannot be undone."
            )
        )
        try:
            answer = input("Type 'yes' to restore: ")
        except EOFError:
            answer = ""
        return answer.strip().lower() == "yes"

    def handle(self, *args: Any, **options: Any) -> None:
        self.yes = bool(options["yes"])
        try:
            with exit_on_sigterm():
                summary = restore_backup(
                    Path(options["archive"]), confirm=self.confirm, progress=self.stdout.write
                )
        except RestoreError as exc:
            unchanged = " Nothing was changed." if exc.nothing_changed else ""
            raise CommandError(f"{exc}{unchanged}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows:,} rows and {summary.files:,} files "
                f"(removed {summary.removed_files:,} files not in the archive) "
                f"in {summary.seconds:.1f} s. Everybody must log in again."
            )
        )
