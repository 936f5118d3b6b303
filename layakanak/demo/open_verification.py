"""The demonstration's open cycle in verification: each submitted region moved to the stage
`open_cycle.OPEN_CYCLE` names, through the real verification actions.

For a stage a region has passed, the checks (about one question in nine lowered with a
comment, the rest accepted as claimed) are written in bulk (`do_seed_checks`), then the
stage is approved with the real action. Regions still being checked (part-way through
administrative verification, sent back, in central review) get their checks one by one through
the real check action. The demo accounts act where their scope covers the region (the
Kalimantan Timur verifier in Kaltim, the field team on its visits …), so their names appear as
they would in real use. Idempotent: a region already under review is left as it is.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from layakanak.audit.actions import Actor
from layakanak.demo.accounts import DEMO_ACCOUNTS, demo_user
from layakanak.demo.actions.checks import SeedCheck, do_seed_checks
from layakanak.demo.open_cycle import DEMO_CYCLE, OPEN_CYCLE
from layakanak.demo.synthetic import lower_points
from layakanak.evaluation.models import Submission, SubmissionStatus
from layakanak.instruments.queries import instrument_of
from layakanak.verification import queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.field import (
    do_add_locus,
    do_save_forum_anak_notes,
    do_schedule_field_visit,
)
from layakanak.verification.actions.revisions import do_request_revision
from layakanak.verification.actions.stages import do_approve_stage
from layakanak.verification.models import Review

ACTOR = "command:demo"
# How far each target goes: the stages approved before the region stops.
APPROVED = {
    "va": (),
    "sent_back": (),
    "pu": ("VA",),
    "vl": ("VA", "PU"),
    "vf": ("VA", "PU", "VL"),
    "decision": ("VA", "PU", "VL", "VF"),
    "decided": ("VA", "PU", "VL", "VF"),
    "decided_other": ("VA", "PU", "VL", "VF"),
}
LOCI = (
    ("puskesmas", "Puskesmas Ramah Anak Kecamatan Kota"),
    ("school", "SD Negeri 1 (Sekolah Ramah Anak)"),
    ("rbra", "Ruang Bermain Ramah Anak Taman Kota"),
    ("puspaga", "PUSPAGA"),
)


def kemenkes_indicators() -> tuple[str, ...]:
    return next(a.indicators for a in DEMO_ACCOUNTS if a.key == "kemenkes")


def _verifier(stage: str, submission: Submission) -> Actor:
    """The demo account that works on this stage of this region, or the command's name."""
    province = submission.region.code[:2]
    keys = {
        "VA": {"64": "kaltim", "31": "dki"}.get(province, ""),
        "PU": "pusat",
        "VL": "lapangan" if submission.region.code in ("65.71", "33.72", "64.71") else "pusat",
        "VF": "pusat",
        "decision": "admin",
    }
    key = keys[stage]
    return (demo_user(key) if key else None) or ACTOR


def _adjustments(
    submission: Submission,
    stage: str,
    rng: random.Random,
    every: int = 9,
    indicators: frozenset[str] | None = None,
) -> dict[str, SeedCheck]:
    """What a verifier lowers: about one answered question in `every` (of `indicators`, when
    given), to a lower option's points or to 0 when the evidence is missing."""
    instrument = instrument_of(submission.cycle.instrument)
    start = queries.base_points(submission, stage)
    codes = [
        code
        for code in queries.questions_to_check(instrument, submission)
        if indicators is None or instrument.indicator_of(code).number in indicators
    ]
    lowered = {}
    for n, code in enumerate(codes):
        if n % every != every // 2 or start.get(code, Decimal(0)) <= 0:
            continue
        points = lower_points(instrument.question(code), start[code], rng)
        missing = points == 0
        lowered[code] = SeedCheck(
            points=points.quantize(instrument.quantum, rounding=ROUND_FLOOR),
            status="evidence_insufficient" if missing else "adjusted",
            comment="Bukti dukung belum lengkap; lampirkan dokumen yang ditandatangani."
            if missing
            else "Capaian disesuaikan dengan data dinas teknis.",
        )
    return lowered


def _lower_some(
    submission: Submission,
    stage: str,
    actor: Actor,
    rng: random.Random,
    every: int = 9,
    indicators: frozenset[str] | None = None,
) -> list[str]:
    """A verifier at work: the adjustments saved one by one through the real check action."""
    lowered = _adjustments(submission, stage, rng, every, indicators)
    for code, verdict in lowered.items():
        do_save_check(
            submission,
            stage,
            code,
            verified_points=verdict.points,
            status=verdict.status,
            comment=verdict.comment,
            expected_version=None,
            actor=actor,
        )
    return list(lowered)


def _complete_stage(submission: Submission, stage: str, rng: random.Random) -> None:
    actor = _verifier(stage, submission)
    if stage in ("VA", "PU"):
        lowered = _adjustments(submission, stage, rng, every=9 if stage == "VA" else 15)
        do_seed_checks(submission, stage, lowered, actor=actor)
    if stage == "VL":
        _field_visit(submission, actor)
    do_approve_stage(submission, stage, actor=actor)


def _field_visit(submission: Submission, actor: Actor) -> None:
    team = [user for user in (demo_user("lapangan"), demo_user("independen")) if user]
    do_schedule_field_visit(
        submission,
        visit_date=timezone.localdate() + datetime.timedelta(days=7),
        mode="hybrid",
        team=team,
        actor=actor,
    )
    for kind, name in LOCI:
        do_add_locus(
            submission,
            kind=kind,
            name=f"{name} {submission.region.name_short or submission.region.name}",
            notes="Ditampilkan langsung lewat video; petugas menjelaskan layanan.",
            actor=actor,
        )
    do_save_forum_anak_notes(
        submission,
        "Forum Anak menyampaikan usulan lampu jalan di jalur sekolah dan ruang baca di "
        "kelurahan; mereka dilibatkan dalam Musrenbang kecamatan.",
        actor=actor,
    )


def _advance(submission: Submission, target: str) -> str:
    rng = random.Random(f"verify:{submission.cycle.slug}:{submission.region.code}")  # noqa: S311
    for stage in APPROVED[target]:
        _complete_stage(submission, stage, rng)
    if target == "va":  # part-way: a handful of questions checked, nothing approved
        actor = _verifier("VA", submission)
        _lower_some(submission, "VA", actor, rng, every=5)
        return "administrative verification under way"
    if target == "sent_back":
        actor = _verifier("VA", submission)
        lowered = _lower_some(submission, "VA", actor, rng, every=12)
        instrument = instrument_of(submission.cycle.instrument)
        codes = [c for c in queries.questions_to_check(instrument, submission) if c not in lowered]
        do_request_revision(
            submission,
            "VA",
            codes[:2],
            reason="Lampirkan SK Gugus Tugas KLA terbaru dan daftar hadir rapat koordinasi.",
            deadline=timezone.now() + datetime.timedelta(hours=48),
            actor=actor,
        )
        return "sent back for revision (2×24 hours)"
    if target == "pu":  # the health ministry's verifier has started on its indicators
        kemenkes = demo_user("kemenkes")
        if kemenkes is not None:
            health = frozenset(kemenkes_indicators())
            _lower_some(submission, "PU", kemenkes, rng, every=3, indicators=health)
        return "in central review"
    if target == "vl":
        _field_visit(submission, _verifier("VL", submission))
        return "field verification scheduled"
    if target.startswith("decided"):
        final = queries.latest_score(submission)
        assert final is not None
        bands = [b.code for b in instrument_of(submission.cycle.instrument).bands]
        decided, reason = final.band_code, ""
        if target == "decided_other":
            decided = bands[max(bands.index(final.band_code) - 1, 0)]
            reason = "Catatan kasus kekerasan terhadap anak yang menonjol."
        do_decide_predicate(
            submission, decided, reason=reason, actor=_verifier("decision", submission)
        )
        return f"decided: {decided} (final score {final.total}, band {final.band_code})"
    return {"vf": "in final verification", "decision": "waiting for the decision"}[target]


def advance_open_cycle(slug: str = DEMO_CYCLE) -> list[str]:
    """Move the open cycle's submitted regions to their planned stage; one line per region."""
    submissions = (
        Submission.objects.filter(
            cycle__slug=slug, status=SubmissionStatus.SUBMITTED, region__code__in=list(OPEN_CYCLE)
        )
        .select_related("cycle__instrument", "region")
        .defer("cycle__instrument__document")
        .order_by("region__code")
    )
    lines = []
    for submission in submissions:
        target = OPEN_CYCLE[submission.region.code]
        name = f"{submission.region.code} {submission.region.name}"
        if target == "submitted":
            lines.append(f"{name}: submitted, waiting for administrative verification")
        elif Review.objects.filter(submission=submission).exists():
            lines.append(f"{name}: already under review; left unchanged")
        else:
            lines.append(f"{name}: {_advance(submission, target)}")
    return lines
