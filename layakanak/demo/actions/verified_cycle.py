"""Bulk writes for seeding verification: a whole verified and decided past cycle at once.

Demonstration and migration tooling (`layakanak demo`, bringing a cycle evaluated elsewhere
onto the platform), not the verifiers' workflow. `do_seed_verified_cycle` writes, for every
participating region of a cycle, what the interactive workflow would have left behind: the
answers, the self-assessment score computed by the scoring engine from those answers, the
frozen score of every verification stage (per-question points, total, band and the
instrument's SHA-256, as `do_approve_stage` stores them), the checks that lowered a
question (with the verifier's comment; accepted questions have no check row), the field visit,
the review in state "decided" and the predicate decision. All in one transaction with one audit
event for the cycle; the cycle is then published with `results.actions.do_publish_cycle`.
"""

from __future__ import annotations

import datetime
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.demo.actions._bulk import ANSWER_COLUMNS, answer_rows, insert_rows
from layakanak.evaluation import stages
from layakanak.evaluation.models import (
    Answer,
    Cycle,
    StageScore,
    StageWindow,
    Submission,
    SubmissionStatus,
)
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.scoring.engine import propose_from_points, score
from layakanak.scoring.model import Instrument
from layakanak.verification import queries
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import (
    CheckStatus,
    Decision,
    FieldVisit,
    QuestionCheck,
    Review,
    ReviewState,
    VisitMode,
)

# What verifiers write when they lower a question (picked by a stable hash, so that a seeded
# cycle is the same every time).
INSUFFICIENT_COMMENTS = (
    "Bukti dukung belum diunggah atau tidak dapat dibuka.",
    "Dokumen belum ditandatangani dan belum bernomor.",
    "Data dukung tidak sesuai dengan jawaban yang diisi.",
    "SK sudah kedaluwarsa; lampirkan SK yang berlaku.",
)
ADJUSTED_COMMENTS = (
    "Capaian disesuaikan dengan data dinas teknis terkait.",
    "Hanya sebagian kecamatan yang memenuhi; nilai disesuaikan.",
    "Dokumen masih berupa rancangan; nilai disesuaikan.",
    "Kegiatan belum rutin dilaksanakan; nilai disesuaikan.",
    "Angka pada lampiran berbeda dengan isian; dipakai angka lampiran.",
)


CHECK_COLUMNS = (
    "submission_id",
    "stage",
    "question_code",
    "verified_points",
    "status",
    "comment",
    "version",
    "checked_by_id",
    "checked_at",
)


@dataclass(frozen=True)
class SeededRegion:
    """One participating region of a seeded cycle."""

    region: Region
    answers: Mapping[str, object]  # raw engine answers of the self-assessment
    verified: Mapping[str, Mapping[str, Decimal]]  # VA, PU, VL, VF -> question -> points
    decided_band: str
    reason: str = ""  # required when the decision differs from the final score's band


@dataclass(frozen=True)
class SeedReport:
    regions: int
    answers: int
    checks: int
    decided: dict[str, int]


def _comment(submission_key: str, stage: str, code: str, insufficient: bool) -> str:
    pool = INSUFFICIENT_COMMENTS if insufficient else ADJUSTED_COMMENTS
    return pool[zlib.crc32(f"{submission_key}:{stage}:{code}".encode()) % len(pool)]


def _moments(cycle: Cycle, now: datetime.datetime) -> dict[str, datetime.datetime]:
    """When each stage was completed: a little before its window closed (now when the cycle
    has no such window)."""
    windows = {w.stage: w for w in StageWindow.objects.filter(cycle=cycle)}
    moments: dict[str, datetime.datetime] = {}
    for row in stages.all_stages():
        window = windows.get(row.window)
        moments[row.code] = window.closes_at - datetime.timedelta(days=1) if window else now
    first = stages.first_verification().window
    moments["start"] = windows[first].opens_at if first in windows else now
    return moments


def _stage_points(
    instrument: Instrument,
    maxima: Mapping[str, Decimal],
    region: Region,
    stage: str,
    points: Mapping[str, Decimal],
) -> dict[str, Decimal]:
    ordered = {}
    quantum = instrument.quantum
    zero = Decimal(0)
    for code, maximum in maxima.items():
        value = Decimal(points.get(code, zero))
        if value < 0 or value > maximum or value != value.quantize(quantum):
            raise VerificationRefused(
                _("%(region)s %(stage)s: points %(value)s for %(code)s are not valid."),
                region=region.code,
                stage=stage,
                value=value,
                code=code,
            )
        ordered[code] = value
    unknown = set(points) - set(ordered)
    if unknown:
        raise VerificationRefused(
            _("%(region)s %(stage)s: unknown questions %(codes)s."),
            region=region.code,
            stage=stage,
            codes=", ".join(sorted(unknown)),
        )
    return ordered


@transaction.atomic
def do_seed_verified_cycle(
    cycle: Cycle,
    regions: Sequence[SeededRegion],
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> SeedReport:
    """Write a whole verified and decided cycle in bulk (see the module docstring). Refused
    when any of these regions already has answers or a review in this cycle."""
    now = now or timezone.now()
    version = cycle.instrument
    instrument = instrument_of(version)
    band_codes = {band.code for band in instrument.bands}
    maxima = {question.code: question.maximum for question in instrument.questions}
    moments = _moments(cycle, now)
    existing = {
        s.region_id: s
        for s in Submission.objects.filter(cycle=cycle, region__in=[r.region for r in regions])
    }
    busy = [
        s.region_id
        for s in existing.values()
        if Review.objects.filter(submission=s).exists()
        or Answer.objects.filter(submission=s).exists()
    ]
    if busy:
        raise VerificationRefused(
            _("Some regions already have answers or a verification in this cycle."),
        )
    new = [
        Submission(cycle=cycle, region=item.region)
        for item in regions
        if item.region.pk not in existing
    ]
    Submission.objects.bulk_create(new, batch_size=500)
    submissions = {
        s.region_id: s
        for s in Submission.objects.filter(cycle=cycle, region__in=[r.region for r in regions])
    }
    answers: list[tuple[Any, ...]] = []
    scores: list[StageScore] = []
    checks: list[tuple[Any, ...]] = []
    visits: list[FieldVisit] = []
    reviews: list[Review] = []
    decisions: list[Decision] = []
    decided: Counter[str] = Counter()
    user = user_of(actor)
    user_id = user.pk if user else None
    for item in regions:
        submission = submissions[item.region.pk]
        submission.cycle = cycle
        rows = answer_rows(submission, instrument, item.answers, actor=actor, now=moments["EM"])
        answers += rows
        result = score(instrument, item.answers)
        previous = dict(result.points)
        scores.append(
            StageScore(
                submission_id=submission.pk,
                stage="EM",
                total=result.total,
                band_code=result.band.code,
                instrument_sha256=version.sha256,
                points={code: format(p, "f") for code, p in result.points.items()},
                computed_at=moments["EM"],
                computed_by_id=user_id,
            )
        )
        final: tuple[Decimal, str] = (result.total, result.band.code)
        for stage in [row.code for row in stages.verification_stages()]:
            if stage not in item.verified:
                raise VerificationRefused(
                    _("%(code)s: the %(stage)s points are missing."),
                    code=item.region.code,
                    stage=stage,
                )
            points = _stage_points(instrument, maxima, item.region, stage, item.verified[stage])
            total = queries.total_of(points)
            band = propose_from_points(instrument, points).band.code
            final = (total, band)
            scores.append(
                StageScore(
                    submission_id=submission.pk,
                    stage=stage,
                    total=total,
                    band_code=band,
                    instrument_sha256=version.sha256,
                    points={code: format(p, "f") for code, p in points.items()},
                    computed_at=moments[stage],
                    computed_by_id=user_id,
                )
            )
            for code, value in points.items():
                if value != previous.get(code, Decimal(0)):
                    insufficient = value == 0
                    checks.append(
                        (
                            submission.pk,
                            stage,
                            code,
                            value,
                            CheckStatus.EVIDENCE_INSUFFICIENT
                            if insufficient
                            else CheckStatus.ADJUSTED,
                            _comment(item.region.code, stage, code, insufficient),
                            1,
                            user_id,
                            moments[stage],
                        )
                    )
            previous = points
        if item.decided_band not in band_codes:
            raise VerificationRefused(_("Unknown predicate."))
        if item.decided_band != final[1] and not item.reason.strip():
            raise VerificationRefused(
                _("%(code)s: the predicate differs from the proposal: a reason is required."),
                code=item.region.code,
            )
        visits.append(
            FieldVisit(
                submission_id=submission.pk,
                visit_date=moments["VL"].date(),
                mode=VisitMode.HYBRID,
                updated_by_id=user_id,
                updated_at=moments["VL"],
            )
        )
        reviews.append(
            Review(
                submission_id=submission.pk,
                stage=stages.decision().code,
                state=ReviewState.DECIDED,
                started_at=moments["start"],
                updated_at=moments[stages.decision().code],
            )
        )
        decisions.append(
            Decision(
                submission_id=submission.pk,
                final_total=final[0],
                proposed_band=final[1],
                decided_band=item.decided_band,
                reason=item.reason.strip(),
                decided_by_id=user_id,
                decided_at=moments[stages.decision().code],
            )
        )
        decided[item.decided_band] += 1
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = moments["EM"]
        submission.last_activity_at = moments["EM"]
        submission.answered_count = len(rows)
    Submission.objects.bulk_update(
        list(submissions.values()),
        ["status", "submitted_at", "last_activity_at", "answered_count"],
        batch_size=500,
    )
    insert_rows(Answer, ANSWER_COLUMNS, answers)
    insert_rows(QuestionCheck, CHECK_COLUMNS, checks)
    StageScore.objects.bulk_create(scores, batch_size=500)
    FieldVisit.objects.bulk_create(visits, batch_size=500)
    Review.objects.bulk_create(reviews, batch_size=500)
    Decision.objects.bulk_create(decisions, batch_size=500)
    record_event(
        "verification.cycle_seeded",
        actor=actor,
        object_type="cycle",
        object_id=cycle.slug,
        after={
            "regions": len(regions),
            "answers": len(answers),
            "checks": len(checks),
            "decided": dict(sorted(decided.items())),
            "instrument": version.slug,
            "sha256": version.sha256,
        },
    )
    return SeedReport(len(regions), len(answers), len(checks), dict(decided))
