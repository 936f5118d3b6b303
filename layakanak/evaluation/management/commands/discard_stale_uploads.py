from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from layakanak.evaluation.actions.uploads import do_discard_stale_uploads


class Command(BaseCommand):
    help = (
        "Discard unfinished evidence uploads left untouched (their parts free storage). Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=72,
            help="Discard uploads untouched for this many hours (default 72: three days)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = do_discard_stale_uploads(
            datetime.timedelta(hours=options["hours"]), actor="command:discard_stale_uploads"
        )
        self.stdout.write(f"{count} unfinished upload(s) discarded.")
