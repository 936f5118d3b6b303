"""The demonstration cycle, built on the test region set through the real actions."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from layakanak.demo.open_cycle import build_demo_cycle
from layakanak.evaluation.models import EvidenceFile, StageScore, Submission

pytestmark = pytest.mark.django_db


def test_the_demo_cycle_has_regions_in_every_state(regions: None) -> None:
    call_command("load_instrument", "--shipped", verbosity=0)
    report = build_demo_cycle(
        actor="test", submitted=("64.72",), in_progress={"64.71": 0.5, "31.71": 0.2}
    )
    assert report.created
    submissions = Submission.objects.filter(cycle__slug="2026")
    assert submissions.count() == report.participants == 21  # DKI 6, Kaltim 10, Kaltara 5
    statuses = dict(submissions.values_list("region__code", "status"))
    assert statuses["64.72"] == "submitted"
    assert statuses["64.71"] == "in_progress"
    assert "not_started" in statuses.values()
    assert StageScore.objects.filter(stage="EM").count() == 1
    assert EvidenceFile.objects.filter(submission__region__code="64.72").exists()
    em = StageScore.objects.get(submission__region__code="64.72", stage="EM")
    assert 300 < em.total < 1000
    assert not build_demo_cycle(actor="test").created, "a second run leaves the cycle alone"
