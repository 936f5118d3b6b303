"""Fixtures of the verification tests: the evaluation's cycle and people, a submitted
Balikpapan and Samarinda, every verification window open now, and the verifiers."""

from __future__ import annotations

import datetime
import random

import pytest

from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.demo.synthetic import synthetic_answers
from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation import values
from layakanak.evaluation.actions.cycles import do_set_stage_window
from layakanak.evaluation.actions.submission import do_submit_self_assessment
from layakanak.evaluation.models import Answer, Cycle, EvidenceFile, Submission
from layakanak.instruments.models import EvidenceRequirement
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.scoring.answers import validate_answer
from tests import clock
from tests.evaluation.conftest import (  # noqa: F401  (fixtures)
    balikpapan,
    central_admin,
    cycle,
    kla2023,
    logged_in,
    make_user,
    operator_balikpapan,
    operator_samarinda,
    samarinda,
    verifier_kaltim,
)

VERIFICATION_WINDOWS = (
    "verifikasi_administrasi",
    "peninjauan_ulang",
    "verifikasi_lapangan",
    "verifikasi_final",
    "penetapan",
)


def open_verification_windows(cycle: Cycle) -> None:  # noqa: F811
    now = clock.now()
    day = datetime.timedelta(days=1)
    for stage in VERIFICATION_WINDOWS:
        do_set_stage_window(cycle, stage, now - day, now + 30 * day, actor="test")


def fill_and_submit(submission: Submission, strength: float, seed: int) -> None:
    """Answer every visible question (synthetic), attach the required evidence, submit."""
    instrument = instrument_of(submission.cycle.instrument)
    answers = synthetic_answers(instrument, strength, random.Random(seed))
    ids = evaluation_queries.question_ids(submission.cycle.instrument)
    now = clock.now()
    Answer.objects.bulk_create(
        Answer(
            submission=submission,
            question_id=ids[code],
            answered_at=now,
            value=values.to_json(validate_answer(instrument.question(code), raw)),
        )
        for code, raw in answers.items()
    )
    requirements = EvidenceRequirement.objects.filter(
        question__version_id=submission.cycle.instrument_id,
        required=True,
        question__code__in=list(answers),
    )
    EvidenceFile.objects.bulk_create(
        EvidenceFile(
            submission=submission,
            requirement=requirement,
            file=f"evidence/test/{n}.pdf",
            original_name=f"bukti-{n}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256=f"{n:064d}",
            uploaded_at=now,
        )
        for n, requirement in enumerate(requirements)
    )
    do_submit_self_assessment(submission, actor="test")


@pytest.fixture
def submitted(cycle: Cycle, balikpapan: Submission) -> Submission:  # noqa: F811
    """Kota Balikpapan has submitted; every verification window is open."""
    open_verification_windows(cycle)
    fill_and_submit(balikpapan, 0.8, 1)
    return Submission.objects.get(pk=balikpapan.pk)


@pytest.fixture
def submitted_samarinda(submitted: Submission, samarinda: Submission) -> Submission:  # noqa: F811
    fill_and_submit(samarinda, 0.6, 2)
    return Submission.objects.get(pk=samarinda.pk)


@pytest.fixture
def verifier_pusat(regions: None) -> User:
    return make_user(
        "verifikator@kemenpppa.example",
        "Fajar Verifikator Pusat",
        AssignmentSpec(role="verifikator_pusat"),
    )


@pytest.fixture
def verifier_kemenkes(regions: None) -> User:
    return make_user(
        "verifikator@kemkes.example",
        "Gita Verifikator Kemenkes",
        AssignmentSpec(role="verifikator_kl", indicator_numbers=("1",), opd_name="Kemenkes"),
    )


@pytest.fixture
def field_team_balikpapan(regions: None) -> User:
    return make_user(
        "lapangan@kemenpppa.example",
        "Hadi Tim Lapangan",
        AssignmentSpec(role="tim_lapangan", assigned_regions=(Region.objects.get(code="64.71"),)),
    )


@pytest.fixture
def verifier_dki(regions: None) -> User:
    return make_user(
        "verifikator@jakarta.example",
        "Indah Verifikator DKI",
        AssignmentSpec(role="verifikator_provinsi", region=Region.objects.get(code="31")),
    )
