from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from layakanak.services.actions import do_purge_service_reports


class Command(BaseCommand):
    help = (
        "Delete child-service reports closed (and appointment requests handled) more than "
        "SERVICES_RETENTION_DAYS days ago. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Override SERVICES_RETENTION_DAYS."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.SERVICES_RETENTION_DAYS
        if days < 0:
            self.stderr.write("--days must be 0 or more.")
            return
        counts = do_purge_service_reports(days, actor="command:purge_service_reports")
        self.stdout.write(
            f"Purged {counts['reports']} report(s) and {counts['appointments']} appointment "
            f"request(s) closed more than {days} days ago."
        )
