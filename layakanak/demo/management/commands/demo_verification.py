"""Move some submitted regions of the demo cycle through verification so every workbench has
work: one in VA with a send-back, others at PU, VL, VF, and two decided (one differing from
its band, with the reason). Idempotent: a region already under review is left as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layakanak.evaluation.models import Submission, SubmissionStatus
from layakanak.instruments.queries import instrument_of
from layakanak.verification import queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.field import do_schedule_field_visit
from layakanak.verification.actions.revisions import do_request_revision
from layakanak.verification.actions.stages import do_approve_stage
from layakanak.verification.models import Review

ACTOR = "command:demo_verification"
# Where each submitted region ends up, in the order the submitted regions come.
TARGETS = ("sent_back", "PU", "VL", "VF", "decided_other", "decided", "VA")


def _check_stage(submission: Submission, stage: str) -> None:
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    for n, code in enumerate(queries.questions_to_check(instrument, submission)):
        if stage == "VA" and n % 9 == 0 and start[code] > 0:  # provinces lower about one in nine
            do_save_check(
                submission,
                stage,
                code,
                verified_points=Decimal(0),
                status="evidence_insufficient",
                comment="Bukti dukung belum lengkap.",
                expected_version=None,
                actor=ACTOR,
            )
        elif code not in queries.checks_of(submission, stage):
            do_save_check(
                submission,
                stage,
                code,
                verified_points=start[code],
                status="accepted",
                expected_version=None,
                actor=ACTOR,
            )


def _advance(submission: Submission, target: str) -> str:
    stops = {"VA": 0, "sent_back": 0, "PU": 1, "VL": 2, "VF": 3}
    steps = stops.get(target, 4)
    for stage in ("VA", "PU", "VL", "VF")[:steps]:
        if stage in ("VA", "PU"):
            _check_stage(submission, stage)
        if stage == "VL":
            do_schedule_field_visit(
                submission,
                visit_date=timezone.localdate() + datetime.timedelta(days=7),
                mode="hybrid",
                team=[],
                actor=ACTOR,
            )
        do_approve_stage(submission, stage, actor=ACTOR)
    if target == "sent_back":
        instrument = instrument_of(submission.cycle.instrument)
        codes = queries.questions_to_check(instrument, submission)[:2]
        do_request_revision(
            submission,
            "VA",
            codes,
            reason="Lampirkan SK Gugus Tugas KLA terbaru.",
            deadline=timezone.now() + datetime.timedelta(hours=48),
            actor=ACTOR,
        )
    if target.startswith("decided"):
        final = queries.latest_score(submission)
        assert final is not None
        bands = [b.code for b in instrument_of(submission.cycle.instrument).bands]
        if target == "decided_other":
            other = bands[max(bands.index(final.band_code) - 1, 0)]
            do_decide_predicate(
                submission,
                other,
                actor=ACTOR,
                reason="Catatan kasus kekerasan terhadap anak yang menonjol.",
            )
            return f"decided {other} (final score implies {final.band_code})"
        do_decide_predicate(submission, final.band_code, actor=ACTOR)
        return f"decided {final.band_code}"
    return target


class Command(BaseCommand):
    help = "Move the demo cycle's submitted regions through the verification stages (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cycle", default="2026")

    def handle(self, *args: Any, **options: Any) -> None:
        submissions = list(
            Submission.objects.filter(
                cycle__slug=options["cycle"], status=SubmissionStatus.SUBMITTED
            )
            .select_related("cycle__instrument", "region")
            .defer("cycle__instrument__document")
            .order_by("region__code")
        )
        if not submissions:
            raise CommandError(
                f"Cycle {options['cycle']} has no submitted region; run demo_evaluation first."
            )
        for submission, target in zip(submissions, TARGETS, strict=False):
            if Review.objects.filter(submission=submission).exists():
                self.stdout.write(
                    f"{submission.region.code} {submission.region.name}: already under review; "
                    "left unchanged."
                )
                continue
            outcome = _advance(submission, target)
            self.stdout.write(f"{submission.region.code} {submission.region.name}: {outcome}")
