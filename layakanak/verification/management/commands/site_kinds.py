"""`layakanak site_kinds`: list the kinds of field verification sites, or add, change or retire
one (a shipped default is changed by giving its code), through `do_set_site_kind`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from layakanak.evaluation.errors import EvaluationRefused
from layakanak.verification.actions.field import do_set_site_kind
from layakanak.verification.site_kinds import site_kinds

ACTOR = "command:site_kinds"


class Command(BaseCommand):
    help = (
        "List the kinds of sites a field verification can show, or add, change or retire one: "
        "site_kinds --set pisa --name-id '…' --name-en '…' [--position 60] [--retire]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", metavar="CODE", help="The kind's code, e.g. pisa")
        parser.add_argument("--name-id", help="Name in Indonesian")
        parser.add_argument("--name-en", help="Name in English")
        parser.add_argument("--position", type=int, help="Order in the lists (default: last)")
        parser.add_argument("--retire", action="store_true", help="No longer offered")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = site_kinds()
        if options["set"]:
            current = next((k for k in kinds if k.code == options["set"]), None)
            name_id = options["name_id"] or (current.name_id if current else "")
            name_en = options["name_en"] or (current.name_en if current else "")
            position = options["position"]
            if position is None:
                position = current.position if current else max(k.position for k in kinds) + 10
            with translation.override("en"):
                try:
                    do_set_site_kind(
                        options["set"],
                        name_id=name_id,
                        name_en=name_en,
                        position=position,
                        active=not options["retire"],
                        actor=ACTOR,
                    )
                except EvaluationRefused as refusal:
                    raise CommandError(str(refusal.message)) from None
            kinds = site_kinds()
        for kind in kinds:
            state = "" if kind.active else "  (retired)"
            self.stdout.write(
                f"{kind.position:>5}  {kind.code:<18} {kind.name_id} / {kind.name_en}{state}"
            )
