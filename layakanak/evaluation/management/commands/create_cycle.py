"""`layakanak create_cycle`: set up a cycle from a script, through the same actions as the
page /kelola/siklus/ (docs/evaluation.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.cycle_rules import Window
from layakanak.evaluation.errors import CycleSetupRefused
from layakanak.evaluation.models import Stage
from layakanak.evaluation.participants import Selection, select_from_spec
from layakanak.instruments.models import InstrumentStatus, InstrumentVersion
from layakanak.lib.timezones import WIB

ACTOR = "command:create_cycle"


def parse_moment(text: str) -> datetime.datetime:
    """An ISO 8601 date and time; without an offset it is read as WIB."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise CommandError(f"{text!r} is not an ISO date and time (2027-03-01T08:00).") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    return moment.astimezone(datetime.UTC)


def parse_window(text: str) -> tuple[str, Window]:
    """`stage=OPENS/CLOSES`, e.g. `evaluasi_mandiri=2027-03-01T08:00/2027-04-30T23:59`."""
    stage, _, span = text.partition("=")
    opens, _, closes = span.partition("/")
    if stage not in Stage.values or not opens or not closes:
        raise CommandError(
            f"--window {text!r}: write STAGE=OPENS/CLOSES with a stage among "
            f"{', '.join(Stage.values)}."
        )
    return stage, (parse_moment(opens), parse_moment(closes))


class Command(BaseCommand):
    help = (
        "Create an evaluation cycle with its stage windows and participating kabupaten/kota "
        "(all, those of some provinces, or the codes of a file). Times without an offset are WIB."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Cycle slug, e.g. 2027")
        parser.add_argument("--instrument", required=True, help="Active instrument version slug")
        parser.add_argument("--name-id", required=True, help="Name in Indonesian")
        parser.add_argument("--name-en", required=True, help="Name in English")
        parser.add_argument(
            "--window",
            action="append",
            default=[],
            metavar="STAGE=OPENS/CLOSES",
            help="A stage window with ISO datetimes; repeat for each stage",
        )
        parser.add_argument(
            "--reminder-days", default="7,3,1", help="Days before the deadline, e.g. 7,3,1"
        )
        parser.add_argument(
            "--participants",
            default="",
            help="'all', province and kab/kota codes such as 64,65,31.71, or a file of codes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = InstrumentVersion.objects.filter(slug=options["instrument"]).first()
        if instrument is None or instrument.status != InstrumentStatus.ACTIVE:
            raise CommandError(f"No active instrument version {options['instrument']!r}.")
        windows = dict(parse_window(text) for text in options["window"])
        try:
            reminder_days = [int(d) for d in options["reminder_days"].split(",") if d.strip()]
        except ValueError as error:
            raise CommandError("--reminder-days: whole numbers separated by commas.") from error
        selection = select_from_spec(options["participants"]) if options["participants"] else None
        if selection is not None and selection.unknown:
            raise CommandError(
                "These codes match no kabupaten/kota or province; nothing was created: "
                + ", ".join(selection.unknown)
            )
        try:
            added = self._create(options, instrument, windows, reminder_days, selection)
        except CycleSetupRefused as error:
            with translation.override("en"):  # this command writes English
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"Cycle {options['slug']} created on {instrument.slug} with {len(windows)} "
            f"window(s) and {added} participating kabupaten/kota."
        )

    @transaction.atomic
    def _create(
        self,
        options: dict[str, Any],
        instrument: InstrumentVersion,
        windows: dict[str, Window],
        reminder_days: list[int],
        selection: Selection | None,
    ) -> int:
        cycle = do_create_cycle(
            options["slug"],
            name_id=options["name_id"],
            name_en=options["name_en"],
            instrument=instrument,
            windows=windows,
            reminder_days=reminder_days,
            actor=ACTOR,
        )
        if selection is None:
            return 0
        return do_add_participants(cycle, selection.regions, actor=ACTOR)
