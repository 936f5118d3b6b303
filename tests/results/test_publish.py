"""Publishing a cycle: a frozen, versioned snapshot of the predicate decisions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from layakanak.audit.models import AuditEvent
from layakanak.evaluation.models import Cycle, Submission
from layakanak.results import queries
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.errors import PublicationRefused
from layakanak.results.models import ProvinceAward, Publication, RegionResult
from layakanak.verification.actions.decisions import do_decide_predicate
from tests.results.conftest import Decide
from tests.verification.conftest import fill_and_submit, open_verification_windows
from tests.verification.helpers import through

pytestmark = pytest.mark.django_db

KALTARA = {
    "65.01": ("madya", "655.250"),
    "65.02": ("pratama", "540.000"),
    "65.03": ("pratama", "512.125"),
    "65.04": ("nindya", "712.000"),
    "65.71": ("utama", "845.400"),
}


def test_publishing_freezes_decisions_with_scores_and_provinsi_layak_anak(
    cycle: Cycle, decide: Decide, central_admin: object
) -> None:
    decide(cycle, {**KALTARA, "64.71": ("utama", "871.300"), "64.72": ("belum", "480.000")})
    publication = do_publish_cycle(
        cycle,
        actor=central_admin,  # type: ignore[arg-type]
        decree_number="Kepmen PPPA No. 120 Tahun 2026",
        decree_date=datetime.date(2026, 7, 23),
    )
    assert publication.version == 1 and publication.is_current
    assert publication.participants == Submission.objects.filter(cycle=cycle).count() == 8
    # "belum" is not an awarded band: Samarinda took part without a predicate.
    assert publication.totals == {"madya": 1, "nindya": 1, "pratama": 2, "utama": 2, "provila": 1}
    rows = {r.region.code: r for r in publication.results.select_related("region")}
    assert rows["64.72"].predicate == ""
    assert rows["64.71"].predicate == "utama" and rows["64.71"].score == Decimal("871.300")
    assert rows["64.71"].stage_scores == {"EM": "921.300", "VF": "871.300"}
    assert sum(Decimal(v) for v in rows["64.71"].component_scores.values()) == Decimal("871.300")
    assert rows["65.71"].province_code == "65"
    # Every kab/kota of Kalimantan Utara holds a predicate; Kalimantan Timur does not.
    assert [a.region.code for a in ProvinceAward.objects.filter(publication=publication)] == ["65"]
    assert [b["code"] for b in publication.bands][:2] == ["belum", "pratama"]
    assert len(publication.sha256) == 64
    event = AuditEvent.objects.get(action="results.published")
    assert event.after["version"] == 1 and event.actor == central_admin


def test_a_correction_is_a_new_version_and_the_old_one_stays_as_superseded(
    cycle: Cycle, decide: Decide
) -> None:
    decide(cycle, {"64.71": ("nindya", "790.000")})
    first = do_publish_cycle(cycle, actor="test")
    with pytest.raises(PublicationRefused):
        do_publish_cycle(cycle, actor="test")  # no reason
    from layakanak.verification.models import Decision

    Decision.objects.filter(submission__region__code="64.71").update(decided_band="utama")
    second = do_publish_cycle(cycle, actor="test", reason="Salah ketik predikat Balikpapan")
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.superseded_by == second and not first.is_current and second.is_current
    assert first.sha256 != second.sha256
    # The old version's content did not change.
    assert RegionResult.objects.get(publication=first).predicate == "nindya"
    assert RegionResult.objects.get(publication=second).predicate == "utama"
    assert queries.current_publication("2026") == second


def test_nothing_to_publish_is_refused(cycle: Cycle) -> None:
    with pytest.raises(PublicationRefused) as refusal:
        do_publish_cycle(cycle, actor="test")
    assert "keputusan" in refusal.value.message_id
    assert not Publication.objects.exists()


def test_unpublished_decisions_are_not_in_public_queries(cycle: Cycle, decide: Decide) -> None:
    decide(cycle, {"64.71": ("utama", "871.300")})
    assert queries.current_publication("2026") is None
    assert queries.latest_publication() is None
    assert queries.region_history(Submission.objects.get(region__code="64.71").region_id) == []


def test_the_real_verification_path_publishes_the_decided_predicate(
    cycle: Cycle, balikpapan: Submission, central_admin: object
) -> None:
    open_verification_windows(cycle)
    fill_and_submit(balikpapan, 0.8, 1)
    submission = Submission.objects.get(pk=balikpapan.pk)
    through(submission, "VF", central_admin)
    final = submission.scores.get(stage="VF")
    do_decide_predicate(submission, final.band_code, actor=central_admin)  # type: ignore[arg-type]
    publication = do_publish_cycle(cycle, actor=central_admin)  # type: ignore[arg-type]
    result = publication.results.get()
    assert result.score == final.total
    assert result.predicate == (final.band_code if final.band_code != "belum" else "")
    assert set(result.stage_scores) >= {"EM", "VA", "VF"}
    assert sum(Decimal(v) for v in result.indicator_scores.values()) == final.total


def test_publish_command(cycle: Cycle, decide: Decide) -> None:
    decide(cycle, {"64.71": ("utama", "871.300")})
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("publish", cycle="2026", decree_date="23-07-2026")
    call_command("publish", cycle="2026", decree_number="No. 1", decree_date="2026-07-23")
    publication = Publication.objects.get()
    assert publication.decree_date == datetime.date(2026, 7, 23)
    with pytest.raises(CommandError, match="reason"):
        call_command("publish", cycle="2026")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("publish", cycle="1999")


def test_movement_against_the_previous_cycle(kla2023: object, decide: Decide) -> None:
    from layakanak.evaluation.actions.cycles import do_create_cycle
    from layakanak.instruments.models import InstrumentVersion

    version = InstrumentVersion.objects.get(slug="kla-2023")
    older = do_create_cycle(
        "2023", name_id="2023", name_en="2023", instrument=version, windows={}, actor="t"
    )
    newer = do_create_cycle(
        "2025", name_id="2025", name_en="2025", instrument=version, windows={}, actor="t"
    )
    decide(
        older, {"64.71": ("nindya", "780"), "64.72": ("madya", "650"), "64.74": ("pratama", "550")}
    )
    decide(
        newer,
        {
            "64.71": ("utama", "850"),
            "64.72": ("madya", "660"),
            "64.74": ("belum", "450"),
            "64.01": ("pratama", "520"),
        },
    )
    do_publish_cycle(older, actor="t")
    publication = do_publish_cycle(newer, actor="t")
    moves = {
        r.region.code: m
        for r in publication.results.select_related("region")
        for rid, m in queries.movements(publication).items()
        if rid == r.region_id
    }
    assert moves == {"64.71": "up", "64.72": "retained", "64.74": "down", "64.01": "new"}
    history = queries.region_history(publication.results.get(region__code="64.71").region_id)
    assert [
        (h.publication.cycle_slug, h.result and h.result.predicate, h.movement) for h in history
    ] == [
        ("2023", "nindya", "new"),
        ("2025", "utama", "up"),
    ]
