"""The selection into the field verification (issue 20, part 1): the cycle's rule, the proposal,
the admin's changes with a reason, the announcement; the selected regions are visited, the
others leave by the cycle's route; a cycle without a rule visits every region as before."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from layakanak.audit.models import AuditEvent
from layakanak.evaluation.errors import EditConflict
from layakanak.evaluation.models import StageScore, Submission
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.models import RegionResult
from layakanak.verification.actions._common import final_score
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.field import do_schedule_field_visit
from layakanak.verification.actions.selection import (
    do_announce_selection,
    do_set_selection_rule,
)
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import Decision, FieldSelectionEntry, Review, ReviewState
from tests.evaluation.conftest import logged_in
from tests.verification.helpers import through

pytestmark = pytest.mark.django_db


def _pu(submission: Submission) -> Decimal:
    return StageScore.objects.get(submission=submission, stage="PU").total


@pytest.fixture
def two_at_the_field_stage(submitted_samarinda, submitted, verifier_pusat):
    """Balikpapan and Samarinda have both passed the central review."""
    through(submitted, "PU", verifier_pusat)
    through(submitted_samarinda, "PU", verifier_pusat)
    high, low = sorted([submitted, submitted_samarinda], key=_pu, reverse=True)
    assert _pu(high) > _pu(low)
    return high, low


def _midway(high: Submission, low: Submission) -> Decimal:
    return (_pu(high) + _pu(low)) / 2


def test_without_a_rule_every_region_is_visited(two_at_the_field_stage, verifier_pusat) -> None:
    high, low = two_at_the_field_stage
    for submission in (high, low):
        do_schedule_field_visit(
            submission,
            visit_date=high.cycle.created_at.date(),
            mode="hybrid",
            team=[],
            actor=verifier_pusat,
        )


def test_the_rule_proposes_and_the_announcement_routes_by_desk_score(
    two_at_the_field_stage, verifier_pusat
) -> None:
    high, low = two_at_the_field_stage
    cycle = high.cycle
    rule = do_set_selection_rule(
        cycle, min_score=_midway(high, low), unselected_route="desk_score", actor=verifier_pusat
    )
    # Before the announcement nobody is visited.
    with pytest.raises(VerificationRefused, match="not been announced"):
        do_schedule_field_visit(
            high, visit_date=cycle.created_at.date(), mode="hybrid", team=[], actor=verifier_pusat
        )
    do_announce_selection(cycle, {}, actor=verifier_pusat, expected_version=rule.version)
    entries = {e.submission_id: e for e in FieldSelectionEntry.objects.all()}
    assert (entries[high.pk].proposed, entries[high.pk].selected) == (True, True)
    assert (entries[low.pk].proposed, entries[low.pk].selected) == (False, False)
    assert entries[low.pk].score == _pu(low)
    # The selected region is visited; the other is refused at the field stage and waits for its
    # decision, made from its desk score (the central review's).
    do_schedule_field_visit(
        high, visit_date=cycle.created_at.date(), mode="hybrid", team=[], actor=verifier_pusat
    )
    with pytest.raises(VerificationRefused):
        do_schedule_field_visit(
            low, visit_date=cycle.created_at.date(), mode="hybrid", team=[], actor=verifier_pusat
        )
    assert Review.objects.get(submission=low).stage == "decision"
    assert final_score(low).stage == "PU"
    decision = do_decide_predicate(low, final_score(low).band_code, actor=verifier_pusat)
    assert decision.final_total == _pu(low)
    event = AuditEvent.objects.get(action="verification.selection_announced")
    assert event.after["selected"] == [high.region.code]
    assert event.after["not_selected"] == [low.region.code]
    # The publication keeps the desk score's components for the region decided from it.
    through(high, "VF", verifier_pusat, first="VL")
    do_decide_predicate(high, final_score(high).band_code, actor=verifier_pusat)
    do_publish_cycle(cycle, decree_number="KEP-1", actor=verifier_pusat)
    published = RegionResult.objects.get(region=low.region)
    assert published.stage_scores == {
        "EM": format(StageScore.objects.get(submission=low, stage="EM").total, "f"),
        "VA": format(StageScore.objects.get(submission=low, stage="VA").total, "f"),
        "PU": format(_pu(low), "f"),
    }
    assert published.component_scores


def test_a_change_to_the_proposal_needs_a_reason_and_no_predicate_route_decides_at_once(
    two_at_the_field_stage, verifier_pusat
) -> None:
    high, low = two_at_the_field_stage
    cycle = high.cycle
    do_set_selection_rule(
        cycle, min_score=_midway(high, low), unselected_route="no_predicate", actor=verifier_pusat
    )
    with pytest.raises(VerificationRefused, match="needs a reason"):
        do_announce_selection(cycle, {high.pk: (False, " ")}, actor=verifier_pusat)
    assert not FieldSelectionEntry.objects.exists()
    do_announce_selection(
        cycle,
        {high.pk: (False, "Kunjungan lapangan 2025 baru saja dilakukan"), low.pk: (True, "Uji")},
        actor=verifier_pusat,
    )
    decision = Decision.objects.get(submission=high)
    assert decision.decided_band == "belum"
    assert decision.proposed_band == StageScore.objects.get(submission=high, stage="PU").band_code
    assert Review.objects.get(submission=high).state == ReviewState.DECIDED
    assert FieldSelectionEntry.objects.get(submission=high).reason.startswith("Kunjungan")
    with pytest.raises(VerificationRefused, match="already been announced"):
        do_announce_selection(cycle, {}, actor=verifier_pusat)
    with pytest.raises(VerificationRefused, match="fixed"):
        do_set_selection_rule(
            cycle, min_score=None, unselected_route="desk_score", actor=verifier_pusat
        )


def test_the_selection_waits_for_every_region_to_finish_the_desk_stages(
    submitted_samarinda, submitted, verifier_pusat
) -> None:
    through(submitted, "PU", verifier_pusat)
    cycle = submitted.cycle
    rule = do_set_selection_rule(
        cycle, min_score=Decimal(0), unselected_route="desk_score", actor=verifier_pusat
    )
    with pytest.raises(VerificationRefused, match="1 region"):
        do_announce_selection(cycle, {}, actor=verifier_pusat)
    with pytest.raises(EditConflict):
        do_set_selection_rule(
            cycle,
            min_score=Decimal(10),
            unselected_route="desk_score",
            actor=verifier_pusat,
            expected_version=rule.version - 1,
        )
    with pytest.raises(VerificationRefused, match="between 0 and"):
        do_set_selection_rule(
            cycle, min_score=Decimal(5000), unselected_route="desk_score", actor=verifier_pusat
        )


def test_the_page_sets_the_rule_shows_the_proposal_and_announces(
    client: Client, two_at_the_field_stage, verifier_pusat, operator_balikpapan
) -> None:
    high, low = two_at_the_field_stage
    url = f"/verifikasi-evaluasi/{high.cycle.slug}/seleksi-lapangan/"
    logged_in(client, operator_balikpapan)
    assert client.get(url).status_code == 404
    logged_in(client, verifier_pusat)
    page = client.get(url).content.decode()
    assert "Simpan aturan" in page and "Simpan aturan dulu" in page
    minimum = format(_midway(high, low), "f").replace(".", ",")
    response = client.post(url, {"action": "rule", "min_score": minimum, "route": "desk_score"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert high.region.name in page and low.region.name in page
    version = re.search(r'name="version" value="(\d+)"', page.split('value="announce"')[1])
    assert version is not None
    # Not confirmed: nothing happens, the choices stay as typed.
    typed = {
        "action": "announce",
        "version": version.group(1),
        f"selected-{high.pk}": "1",
        f"selected-{low.pk}": "1",
        f"reason-{low.pk}": "Bupati meminta kunjungan",
    }
    refused = client.post(url, typed)
    assert refused.status_code == 400
    assert "Bupati meminta kunjungan" in refused.content.decode()
    assert not FieldSelectionEntry.objects.exists()
    done = client.post(url, {**typed, "confirm": "1"}, follow=True).content.decode()
    assert "2 dari 2 daerah" in done
    assert FieldSelectionEntry.objects.get(submission=low).selected


def test_the_field_pages_say_why_they_cannot_be_worked_on(
    client: Client, two_at_the_field_stage, verifier_pusat
) -> None:
    high, low = two_at_the_field_stage
    cycle = high.cycle
    do_set_selection_rule(
        cycle, min_score=_midway(high, low), unselected_route="desk_score", actor=verifier_pusat
    )
    logged_in(client, verifier_pusat)
    base = f"/verifikasi-evaluasi/{cycle.slug}/{high.region.code}"
    for url in (f"{base}/tahap/VL/", f"{base}/lapangan/"):
        page = client.get(url).content.decode()
        assert "Seleksi verifikasi lapangan belum diumumkan." in page, url
        assert "data-blocked" in page
    do_announce_selection(cycle, {}, actor=verifier_pusat)
    page = client.get(f"{base}/lapangan/").content.decode()
    assert "data-blocked" not in page
    assert 'name="visit_date"' in page


def test_a_region_left_out_goes_straight_to_the_decision_after_its_desk_stage_is_reopened(
    two_at_the_field_stage, verifier_pusat
) -> None:
    from layakanak.verification.actions.stages import do_reopen_stage

    high, low = two_at_the_field_stage
    cycle = high.cycle
    do_set_selection_rule(
        cycle, min_score=_midway(high, low), unselected_route="desk_score", actor=verifier_pusat
    )
    do_announce_selection(cycle, {}, actor=verifier_pusat)
    do_reopen_stage(low, "PU", reason="Nilai indikator 9 dikoreksi", actor=verifier_pusat)
    assert final_score(low) is None
    through(low, "PU", verifier_pusat, first="PU")
    assert Review.objects.get(submission=low).stage == "decision"
    assert final_score(low).stage == "PU"


def test_a_version_of_thousands_of_digits_is_a_clear_refusal_not_a_server_error(
    client: Client, two_at_the_field_stage, verifier_pusat
) -> None:
    high, _ = two_at_the_field_stage
    logged_in(client, verifier_pusat)
    url = f"/verifikasi-evaluasi/{high.cycle.slug}/seleksi-lapangan/"
    response = client.post(url, {"action": "announce", "version": "9" * 5000, "confirm": "1"})
    assert response.status_code == 400
    assert "Tetapkan aturan seleksi terlebih dahulu." in response.content.decode()
