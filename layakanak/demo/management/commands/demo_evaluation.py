"""`layakanak demo_evaluation`: the demonstration's open cycle 2026 (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layakanak.demo.open_cycle import DEMO_CYCLE, build_demo_cycle


class Command(BaseCommand):
    help = (
        "Create the demonstration cycle 2026 with regions not started, in progress and submitted."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("The demo data is only created with LAYAKANAK_DEMO=1 or DEBUG=1.")
        report = build_demo_cycle(actor="command:demo_evaluation")
        if not report.created:
            self.stdout.write(f"Cycle {DEMO_CYCLE} already exists; left unchanged.")
            return
        self.stdout.write(
            f"Cycle {DEMO_CYCLE}: {report.participants} regions, {report.answers} answers, "
            f"{report.uploads} evidence files, submitted: {', '.join(report.submitted) or 'none'}"
        )
