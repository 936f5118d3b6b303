"""Fixtures of the results tests: a cycle whose predicates are decided.

`decide_directly` writes submissions' final scores and decisions with the ORM, a shortcut that
keeps these tests fast; `tests/results/test_publish.py` also runs one region through the whole
verification workflow to prove the real path."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import pytest

from layakanak.evaluation.actions.cycles import do_add_participants
from layakanak.evaluation.models import Cycle, StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.verification.models import Decision
from tests import clock
from tests.evaluation.conftest import (  # noqa: F401  (fixtures)
    balikpapan,
    central_admin,
    cycle,
    kla2023,
    make_user,
)

Decide = Callable[[Cycle, Mapping[str, tuple[str, str]]], None]


def decide_directly(
    cycle: Cycle,  # noqa: F811  (a parameter, not the fixture)
    outcomes: Mapping[str, tuple[str, str]],
) -> None:
    """Give each region (code -> (band code, final total)) a VF score and a decision."""
    instrument = instrument_of(cycle.instrument)
    now = clock.now()
    do_add_participants(
        cycle,
        Region.objects.filter(code__in=list(outcomes)).exclude(submissions__cycle=cycle),
        actor="test",
    )
    first_question = instrument.questions[0].code
    for code, (band, total) in outcomes.items():
        submission = Submission.objects.get(cycle=cycle, region__code=code)
        for stage, value in (("EM", Decimal(total) + 50), ("VF", Decimal(total))):
            StageScore.objects.create(
                submission=submission,
                stage=stage,
                total=value,
                band_code=band,
                instrument_sha256=cycle.instrument.sha256,
                points={first_question: format(value, "f")},
                computed_at=now,
            )
        Decision.objects.create(
            submission=submission,
            final_total=Decimal(total),
            proposed_band=band,
            decided_band=band,
            decided_at=now,
        )


@pytest.fixture
def decide() -> Decide:
    return decide_directly


# Fixtures of the decree annex, certificate and staff page tests (their own module).
from tests.results.fixtures_certificates import (  # noqa: E402, F401
    balikpapan_certificate,
    media,
    published,
)
