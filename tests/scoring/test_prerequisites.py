"""Must-meet rules (prerequisites): a band that requires an indicator to reach a share of its
points. The engine proposes the highest band whose prerequisites hold and says which rule held a
region back; the planner plans the prerequisites too; the totals-only path agrees with the
engine (tests/scoring/test_totals.py runs its equality checks on instruments with rules)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layakanak.instruments.excel import load_excel, write_excel
from layakanak.instruments.schema import (
    InstrumentValidationError,
    dump_document,
    dump_yaml,
    parse_document,
)
from layakanak.scoring import plan, score
from layakanak.scoring.engine import band_rank, propose_from_points, shortfalls
from layakanak.scoring.explain import describe_held_back, describe_prerequisite
from layakanak.scoring.totals import score_total

from .fixture import BALIKPAPAN_ANSWERS, BEST_ANSWERS, fixture_instrument, with_prerequisites
from .test_properties import answer_sets

FAST = settings(max_examples=150, deadline=None)

# Indicator 4 (child marriage) has 200 points; Balikpapan's answers give it 175 (87.5 %).
UTAMA_NEEDS_4_AT_90 = ("utama", "4", "90")


def ruled():
    return with_prerequisites(fixture_instrument(), UTAMA_NEEDS_4_AT_90)


def test_balikpapan_in_the_utama_range_is_proposed_nindya_and_told_why() -> None:
    result = score(ruled(), BALIKPAPAN_ANSWERS)
    assert result.total == Decimal("810.00")
    assert result.band_by_total.code == "utama"
    assert result.band.code == "nindya"
    (held,) = result.held_back
    assert (held.points, held.required, held.missing) == (Decimal(175), Decimal(180), Decimal(5))
    words = describe_held_back(ruled(), result.proposal)
    assert words is not None
    assert "Nilai total masuk Utama, tetapi predikat yang diusulkan Nindya" in words.id
    assert "indikator 4 (Perkawinan anak) paling sedikit 90% dari 200 poinnya (180 poin)" in (
        words.id
    )
    assert "Sekarang 175 poin, kurang 5 poin." in words.id
    assert "The total is in Utama, but the proposed predicate is Nindya" in words.en
    assert "Now 175 points, 5 points short." in words.en


def test_without_rules_or_with_rules_met_the_band_is_the_band_of_the_total() -> None:
    plain = score(fixture_instrument(), BALIKPAPAN_ANSWERS)
    assert (plain.band.code, plain.held_back) == ("utama", ())
    met = with_prerequisites(fixture_instrument(), ("utama", "4", "87.5"))
    result = score(met, BALIKPAPAN_ANSWERS)
    assert (result.band.code, result.held_back) == ("utama", ())
    assert describe_held_back(met, result.proposal) is None


def test_a_rule_for_a_band_binds_every_band_above_it() -> None:
    instrument = ruled()
    best = score(instrument, BEST_ANSWERS)
    assert best.band.code == "kla"
    worse = dict(BEST_ANSWERS, **{"4.1": Decimal(16)})  # 960 points; indicator 4: 140 of 200
    result = score(instrument, worse)
    assert result.band_by_total.code == "kla"
    assert result.band.code == "nindya"  # KLA and Utama both need indicator 4 at 90 %
    assert [h.prerequisite.band for h in result.held_back] == ["utama"]
    assert describe_prerequisite(instrument, instrument.prerequisites[0]).en.startswith(
        "Utama and above: indicator 4 (Child marriage) at least 90% of its 200 points"
    )


def test_a_frozen_stage_score_gets_the_same_proposal_as_the_engine() -> None:
    instrument = ruled()
    result = score(instrument, BALIKPAPAN_ANSWERS)
    proposal = propose_from_points(instrument, result.points)
    assert proposal == result.proposal


@FAST
@given(answer_sets)
def test_a_failed_prerequisite_never_gets_its_band(answers) -> None:
    """Property: the proposed band's rules all hold, the band is never above the band of the
    total, and every band between them fails a rule (the highest band that holds is taken)."""
    instrument = with_prerequisites(
        fixture_instrument(), ("utama", "4", "90"), ("kla", "1", "100"), ("madya", "5", "50")
    )
    result = score(instrument, answers)
    by_indicator = {n: i.points for n, i in result.indicators.items()}
    assert not shortfalls(instrument, result.band, by_indicator)
    assert band_rank(instrument, result.band) <= band_rank(instrument, result.band_by_total)
    for rank in range(
        band_rank(instrument, result.band) + 1, band_rank(instrument, result.band_by_total) + 1
    ):
        assert shortfalls(instrument, instrument.bands[rank], by_indicator)
    assert bool(result.held_back) == (result.band != result.band_by_total)
    assert score_total(instrument, answers) == (result.total, result.band)


@FAST
@given(answer_sets, st.sampled_from(["pratama", "madya", "nindya", "utama", "kla"]))
def test_a_reachable_plan_meets_the_target_and_its_rules(answers, target) -> None:
    instrument = with_prerequisites(
        fixture_instrument(), ("utama", "4", "90"), ("kla", "1", "100"), ("madya", "5", "50")
    )
    result = plan(instrument, answers, target)
    assert result.reachable  # the best answers meet every rule of this instrument
    after = score(instrument, result.answers)
    assert band_rank(instrument, after.band) >= band_rank(instrument, instrument.band(target))
    unmet = shortfalls(
        instrument,
        instrument.band(target),
        {n: i.points for n, i in score(instrument, answers).indicators.items()},
    )
    assert result.unmet_prerequisites == unmet


def test_the_plan_to_utama_fixes_the_prerequisite_before_anything_else() -> None:
    instrument = ruled()
    result = plan(instrument, BALIKPAPAN_ANSWERS, "utama")
    assert result.current_band.code == "nindya"
    assert [s.prerequisite.indicator for s in result.unmet_prerequisites] == ["4"]
    assert result.reachable
    assert [i.question for i in result.improvements] == ["4.1"]  # 30 → 32 sessions: 5 points
    assert score(instrument, result.answers).band.code == "utama"


def test_a_rule_no_answer_can_meet_makes_the_target_unreachable() -> None:
    # Indicator 5 has 250 points on paper, but 5.3 (50 points) now shows only when PUSPAGA
    # is partly functioning (5.2 = b, 75 instead of 150): at best 200 points, 80 %.
    document = dump_document(fixture_instrument())
    question = document["components"][2]["indicators"][0]["questions"][2]
    assert question["code"] == "5.3"
    question["show_if"] = {"question": "5.2", "in": ["b"]}
    document["prerequisites"] = [{"band": "utama", "indicator": "5", "min_percent": "81"}]
    impossible = parse_document(document)
    result = plan(impossible, BALIKPAPAN_ANSWERS, "utama")
    assert not result.reachable
    assert [s.prerequisite.indicator for s in result.unreachable_prerequisites] == ["5"]
    assert result.improvements == ()
    document["prerequisites"][0]["min_percent"] = "80"
    assert plan(parse_document(document), BALIKPAPAN_ANSWERS, "utama").reachable


def test_rules_survive_the_yaml_and_excel_round_trips(tmp_path: Path) -> None:
    instrument = with_prerequisites(fixture_instrument(), ("utama", "4", "87.5"))
    document = dump_document(instrument)
    assert list(document).index("prerequisites") == list(document).index("bands") + 1
    assert parse_document(document) == instrument
    assert "prerequisites:" in dump_yaml(instrument)
    path = tmp_path / "instrument.xlsx"
    write_excel(instrument, path)
    assert load_excel(path) == instrument
    plain = tmp_path / "plain.xlsx"
    write_excel(fixture_instrument(), plain)
    assert load_excel(plain).prerequisites == ()
    assert "prerequisites" not in dump_document(fixture_instrument())


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        ({"band": "emas", "indicator": "4", "min_percent": "80"}, "unknown_band"),
        ({"band": "belum", "indicator": "4", "min_percent": "80"}, "prerequisite_on_lowest_band"),
        ({"band": "utama", "indicator": "99", "min_percent": "80"}, "unknown_indicator"),
        ({"band": "utama", "indicator": "4", "min_percent": "0"}, "prerequisite_share"),
        ({"band": "utama", "indicator": "4", "min_percent": "120"}, "prerequisite_share"),
        ({"band": "utama", "indicator": "4", "min_percent": "80", "extra": 1}, "unknown_field"),
    ],
)
def test_bad_rules_are_refused_with_their_reason(rule: dict[str, object], kind: str) -> None:
    document = dump_document(fixture_instrument())
    document["prerequisites"] = [rule]
    with pytest.raises(InstrumentValidationError) as caught:
        parse_document(document)
    assert kind in [e.kind for e in caught.value.errors]


def test_a_rule_given_twice_is_refused() -> None:
    document = dump_document(fixture_instrument())
    rule = {"band": "utama", "indicator": "4", "min_percent": "80"}
    document["prerequisites"] = [rule, dict(rule)]
    with pytest.raises(InstrumentValidationError) as caught:
        parse_document(document)
    assert "duplicate_prerequisite" in [e.kind for e in caught.value.errors]
