"""`layakanak worker`: runs background tasks (certificate batches) from the database queue.

A thin wrapper around django-tasks-db's `db_worker` with production defaults: every queue, no
auto-reload, a unique worker id. Run one or more next to the web processes (docs/results.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run background tasks (certificate batches) from the database queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every task waiting now, then stop (for cron or a one-off run).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at the queue when it is empty (default 1).",
        )
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="Stop after this many tasks (a supervisor then starts a fresh process).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != "django_tasks_db.DatabaseBackend":
            raise CommandError(
                f"TASKS_BACKEND is not 'database' ({backend}): tasks run inside the web "
                "process and no worker is needed."
            )
        arguments: dict[str, Any] = {
            "queue_name": "*",
            "interval": options["interval"],
            "reload": False,
            "batch": options["batch"],
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"] is not None:
            arguments["max_tasks"] = options["max_tasks"]
        call_command("db_worker", **arguments)
