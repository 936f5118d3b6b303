from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from layakanak.evaluation.actions.reminders import do_send_reminders
from layakanak.evaluation.models import Cycle


class Command(BaseCommand):
    help = (
        "E-mail the operators of regions that have not submitted their self-assessment, the "
        "configured number of days before the deadline. Safe to run often (each reminder is sent "
        "once); schedule it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", help="Only this cycle (default: every cycle)")

    def handle(self, *args: Any, **options: Any) -> None:
        cycles = Cycle.objects.all()
        if options["cycle"]:
            cycles = cycles.filter(slug=options["cycle"])
        for cycle in cycles:
            report = do_send_reminders(cycle, actor="command:send_reminders")
            self.stdout.write(
                f"{cycle.slug}: {report.sent} reminder(s) sent, "
                f"{report.skipped_without_operator} region(s) without an operator account"
            )
