"""`layakanak publish`: publish a cycle's results, then (with --static-out) export its public
pages. It lives in the portal because it does both: the portal may use results, not the
reverse."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from layakanak.evaluation.errors import EvaluationRefused
from layakanak.evaluation.models import Cycle
from layakanak.portal.export_commands import add_export_arguments, run_export
from layakanak.portal.static_export import ExportRefused, check_folder
from layakanak.results.actions.publication import do_publish_cycle


class Command(BaseCommand):
    help = (
        "Publish a cycle: freeze its predicate decisions into a new, immutable version of its "
        "published results (a correction of an earlier publication needs --reason)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", required=True, help="Cycle slug, e.g. 2025")
        parser.add_argument("--decree-number", default="", help="Number of the Minister's decree")
        parser.add_argument("--decree-date", default="", help="Date of the decree (YYYY-MM-DD)")
        parser.add_argument("--reason", default="", help="Why a new version is published")
        parser.add_argument(
            "--static-out",
            type=Path,
            default=None,
            help="Also render the cycle's public pages into this folder (docs/static-export.md)",
        )
        add_export_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = Cycle.objects.filter(slug=options["cycle"]).first()
        if cycle is None:
            raise CommandError(f"Cycle {options['cycle']!r} does not exist.")
        decree_date = None
        if options["decree_date"]:
            try:
                decree_date = datetime.date.fromisoformat(options["decree_date"])
            except ValueError as exc:
                raise CommandError("--decree-date must be YYYY-MM-DD.") from exc
        if options["static_out"] is not None:
            try:
                check_folder(options["static_out"].resolve())
            except ExportRefused as exc:
                raise CommandError(str(exc)) from exc
        try:
            publication = do_publish_cycle(
                cycle,
                actor="command:publish",
                decree_number=options["decree_number"],
                decree_date=decree_date,
                reason=options["reason"],
            )
        except EvaluationRefused as exc:
            with translation.override("en"):  # this command writes English
                raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{code} {n}" for code, n in publication.totals.items())
        self.stdout.write(
            f"Published {publication.cycle_slug} v{publication.version}: "
            f"{publication.results.count()} regions ({counts}); sha256 {publication.sha256}"
        )
        if options["static_out"] is not None:
            run_export(self, publication.cycle_slug, options["static_out"], options)
