from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.evaluation.actions.scoring import do_score_cycle
from layakanak.evaluation.models import Cycle


class Command(BaseCommand):
    help = (
        "Score every region of a cycle from its current answers and store the live scores the "
        "ministry cockpit shows. Schedule it every 15 minutes during the self-assessment "
        "(docs/evaluation.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", required=True, help="Cycle slug, e.g. 2026")

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = (
            Cycle.objects.select_related("instrument")
            .defer("instrument__document")
            .filter(slug=options["cycle"])
            .first()
        )
        if cycle is None:
            raise CommandError(f"Cycle {options['cycle']!r} does not exist.")
        report = do_score_cycle(cycle, actor="command:score")
        bands = ", ".join(f"{band} {count}" for band, count in report.by_band.items()) or "none"
        seconds = sum(report.seconds.values())
        self.stdout.write(
            f"{cycle.slug}: {report.scored} submission(s) scored from {report.answers} answer(s) "
            f"in {seconds:.2f} s; bands: {bands}"
        )
        for region, reason in report.failed.items():
            self.stderr.write(f"  not scored: {region}: {reason}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} submission(s) could not be scored.")
