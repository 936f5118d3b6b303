"""`layakanak demo_services`: the demonstration's child services (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layakanak.demo.services import build_demo_services


class Command(BaseCommand):
    help = "Demo child services, Forum Anak, playgrounds and inbox reports (demo/DEBUG only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("demo_services runs only with LAYAKANAK_DEMO or DEBUG on.")
        count = build_demo_services()
        self.stdout.write(f"Demo child services ready for {count} region(s).")
