"""`layakanak demo`: a complete demonstration installation, step by step with timings.

Real regions and the shipped instruments; three past cycles (2022, 2023, 2025) with every
participating region's answers, verification and predicate, published; the national totals of
the cycles before (when `load_national_history` is installed); the open cycle 2026 with regions
in every stage; child services; one account per role. Idempotent: a second run changes nothing
and says so. Demo mode only (LAYAKANAK_DEMO=1 or DEBUG=1): the accounts' passwords are public.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.demo.accounts import (
    DEMO_ACCOUNTS,
    DemoAccount,
    ensure_demo_accounts,
    print_accounts,
)
from layakanak.demo.open_cycle import DEMO_CYCLE, build_demo_cycle
from layakanak.demo.open_verification import advance_open_cycle
from layakanak.demo.past_cycles import build_history_cycle, history_specs
from layakanak.evaluation.actions.scoring import do_score_cycle
from layakanak.evaluation.models import Cycle
from layakanak.regions.models import Region

ACTOR = "command:demo"


class Command(BaseCommand):
    help = (
        "Prepare the demonstration: regions, instruments, past cycles 2022, 2023 and 2025 "
        "(published), the open cycle 2026 with regions in every stage, child services and one "
        "account per role (idempotent; demo mode only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--regions-loaded",
            action="store_true",
            help="Use the regions already in the database (e.g. a reduced set for tests) "
            "instead of loading Indonesia's regions.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("The demo runs only with LAYAKANAK_DEMO=1 or DEBUG=1.")
        self.verbose = options["verbosity"] >= 2
        events_before = AuditEvent.objects.count()
        started, cpu_started = time.monotonic(), time.process_time()
        accounts: list[tuple[DemoAccount, bool]] = []

        def make_accounts() -> str:
            before = User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).count()
            accounts.extend(ensure_demo_accounts())
            created = len(accounts) - before
            return f"{len(accounts)} accounts, one per role ({created} created)"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("Regions", lambda: self._regions(options["regions_loaded"])),
            ("Instruments", self._instruments),
            ("Demo accounts", make_accounts),
        ]
        for spec in history_specs():
            build = partial(build_history_cycle, spec, actor=ACTOR)
            steps.append((f"Past cycle {spec.slug}", build))
        if "load_national_history" in get_commands():
            steps.append(("National totals 2018-2021", lambda: self._national_history()))
        steps += [
            (f"Open cycle {DEMO_CYCLE}: self-assessments", self._open_cycle),
            (f"Open cycle {DEMO_CYCLE}: verification", self._verification),
            ("Child services", lambda: self._command("demo_services")),
        ]
        for number, (label, step) in enumerate(steps, start=1):
            began, cpu = time.monotonic(), time.process_time()
            summary = step()
            elapsed, cpu = time.monotonic() - began, time.process_time() - cpu
            self.stdout.write(
                f"[{number:>2}/{len(steps)}] {label}: {summary} ({elapsed:.1f} s, CPU {cpu:.1f} s)"
            )
        print_accounts(self.stdout.write, self.style, accounts)
        total = time.monotonic() - started
        cpu_total = time.process_time() - cpu_started
        if AuditEvent.objects.count() == events_before:
            self.stdout.write(
                self.style.SUCCESS(
                    "Nothing changed: the demonstration data was already complete "
                    f"({total:.0f} s, CPU {cpu_total:.0f} s)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Demo ready in {total:.0f} s (CPU {cpu_total:.0f} s).")
            )
        self.stdout.write(
            "Open http://127.0.0.1:8000/ (public portal) or log in at "
            "http://127.0.0.1:8000/masuk/ with an account above."
        )

    def _command(self, name: str, *args: str) -> str:
        """Run a command quietly (its e-mails to the console included); its last line."""
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            call_command(name, *args, stdout=buffer)
        output = buffer.getvalue()
        if self.verbose:
            self.stdout.write(output.rstrip())
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        return lines[-1] if lines else "done"

    def _instruments(self) -> str:
        buffer = io.StringIO()
        call_command("load_instrument", "--shipped", stdout=buffer)
        # "created    kla-2023: 7 components, ..." -> "kla-2023 created"
        outcomes = [line.split(":", 1)[0].split() for line in buffer.getvalue().splitlines()]
        return ", ".join(f"{words[1]} {words[0]}" for words in outcomes if len(words) == 2)

    def _regions(self, already_loaded: bool) -> str:
        if not already_loaded:
            return self._command("load_regions")
        count = Region.objects.filter(level="regency", retired_on__isnull=True).count()
        if not count:
            raise CommandError("--regions-loaded, but no region is loaded.")
        return f"using the {count} kab/kota already loaded"

    def _national_history(self) -> str:
        buffer = io.StringIO()
        call_command("load_national_history", stdout=buffer)
        return "; ".join(line.strip() for line in buffer.getvalue().splitlines() if line.strip())

    def _open_cycle(self) -> str:
        report = build_demo_cycle(actor=ACTOR)
        if not report.created:
            return f"cycle {DEMO_CYCLE} already exists; left unchanged"
        # The ministry cockpit's live scores, as the scheduled `layakanak score` would leave them.
        cycle = Cycle.objects.select_related("instrument").get(slug=DEMO_CYCLE)
        do_score_cycle(cycle, actor=ACTOR)
        return (
            f"{report.participants} regions, {report.answers} answers, {report.uploads} "
            f"evidence files, {len(report.submitted)} submitted"
        )

    def _verification(self) -> str:
        lines = advance_open_cycle()
        if self.verbose:
            for line in lines:
                self.stdout.write(f"    {line}")
        already = sum("left unchanged" in line for line in lines)
        waiting = sum("waiting for administrative verification" in line for line in lines)
        moved = len(lines) - already - waiting
        return (
            f"{len(lines)} submitted regions: {moved} moved to their stage, {already} already "
            f"there, {waiting} waiting for administrative verification"
        )
