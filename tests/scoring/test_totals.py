"""The totals-only path (`scoring.totals`) gives exactly `engine.score`'s total and band.

Property tests on random answer sets of both shipped instruments (and the hand-written fixture
with all three band rules, and variants with other precisions and rounding rules): answers in
every form the engine accepts (as the cycle job reads them from the database, and as callers
pass them), missing and cleared answers, show_if questions on both sides of their condition,
and invalid answers, which must be refused exactly as the engine refuses them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layakanak.evaluation.values import to_json
from layakanak.instruments.schema import load_yaml
from layakanak.scoring import engine
from layakanak.scoring.answers import AnswerError, validate_answer
from layakanak.scoring.model import BandRule, Instrument, Question, QuestionType, Rounding
from layakanak.scoring.totals import TotalsTable, compiled_totals, score_total, score_totals

from .fixture import fixture_instrument, with_band_rule, with_prerequisites

DATA = Path(__file__).resolve().parents[2] / "layakanak" / "instruments" / "data"
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def shipped(slug: str) -> Instrument:
    return load_yaml(DATA / f"{slug}.yaml")


def variant(slug: str, precision: int, rounding: Rounding) -> Instrument:
    return dataclasses.replace(shipped(slug), precision=precision, rounding=rounding)


INSTRUMENTS: dict[str, Callable[[], Instrument]] = {
    "kla-2022": lambda: shipped("kla-2022"),
    "kla-2023": lambda: shipped("kla-2023"),
    "fixture": fixture_instrument,
    "fixture-truncate": lambda: with_band_rule(BandRule.TRUNCATE),
    "fixture-round-half-up": lambda: with_band_rule(BandRule.ROUND_HALF_UP),
    "kla-2023-precision-0-half-even": lambda: variant("kla-2023", 0, Rounding.HALF_EVEN),
    "kla-2023-precision-1-down": lambda: variant("kla-2023", 1, Rounding.DOWN),
    # Must-meet rules: a total whose band has rules goes to the engine, which has the
    # indicator scores; the rest keeps the fast path.
    "fixture-prerequisites": lambda: with_prerequisites(
        fixture_instrument(), ("madya", "5", "50"), ("utama", "4", "90")
    ),
    "kla-2023-prerequisites": lambda: with_prerequisites(
        shipped("kla-2023"), ("nindya", "9", "60"), ("kla", "18", "80")
    ),
}


def outcome(run: Callable[[], Any]) -> tuple[object, ...]:
    """What a scoring call gives: the total (value and exact digits) and the band, or the
    error it raises (for an AnswerError: which question and what kind)."""
    try:
        result = run()
    except AnswerError as exc:
        return ("refused", exc.question_code, exc.kind, exc.message_en)
    except ValueError as exc:
        return ("value error", str(exc))
    return ("scored", result.total, str(result.total), result.band)


# -- answers ----------------------------------------------------------------------------------


@st.composite
def percentage(draw: st.DrawFn, q: Question) -> object:
    denominator = draw(
        st.one_of(
            st.integers(1, 300),
            st.integers(1, 10**6),
            st.sampled_from([100, 200, 1000, 3, 7]),
        )
    )
    # Near the bounds often: the percentage of a bound, give or take one.
    near = [int(b.bound * denominator / 100) + d for b in q.thresholds for d in (-1, 0, 1)]
    numerator = draw(
        st.one_of(
            st.integers(0, denominator),
            st.sampled_from([n for n in near if 0 <= n <= denominator] or [0]),
        )
    )
    form = draw(st.sampled_from(["stored", "ints", "decimals", "tuple-strings", "fraction"]))
    if form == "stored":
        return [str(numerator), str(denominator)]
    if form == "ints":
        return (numerator, denominator)
    if form == "decimals":
        return (Decimal(numerator), Decimal(denominator))
    if form == "tuple-strings":
        return (str(numerator), str(denominator))
    return [f"{numerator}.5" if numerator < denominator else str(numerator), str(denominator)]


def valid_answer(q: Question) -> st.SearchStrategy[object]:
    t = q.type
    if t is QuestionType.SINGLE_CHOICE:
        return st.sampled_from([o.code for o in q.options])
    if t is QuestionType.YES_NO:
        return st.booleans()
    if t is QuestionType.CHECKLIST:
        items = st.sets(st.sampled_from([i.code for i in q.items]))
        return st.one_of(
            items.map(sorted),
            items.map(lambda s: sorted(s, reverse=True) + sorted(s)),  # duplicates
            items.map(tuple),
            items.map(frozenset),
        )
    if t is QuestionType.PERCENTAGE:
        return percentage(q)
    if t is QuestionType.COUNT:
        near = [int(b.bound) + d for b in q.thresholds for d in (-1, 0, 1)]
        count = st.one_of(
            st.integers(0, 50),
            st.integers(0, 10**20),
            st.sampled_from([n for n in near if n >= 0] or [0]),
        )
        return st.one_of(count, count.map(str), count.map(Decimal))
    if t is QuestionType.NUMBER:
        value = st.decimals(min_value=-5, max_value=120, places=3)
        return st.one_of(value, value.map(str), st.integers(-5, 120))
    return st.text(max_size=8)


INVALID: dict[QuestionType, list[object]] = {
    QuestionType.SINGLE_CHOICE: ["zz", 1, True, ["a"]],
    QuestionType.YES_NO: ["yes", 1, 0, "true"],
    QuestionType.CHECKLIST: ["a", ["zz"], [1], [["a"]], {"a": 1}],
    QuestionType.PERCENTAGE: [
        ["5", "4"],
        ["1", "0"],
        ["-1", "4"],
        ("x", "4"),
        ["1", "2", "3"],
        {"1": 1, "2": 2},
        "12",
        [0.5, 1],
        ["1e1", "20"],
        ["1_0", "20"],
    ],
    QuestionType.COUNT: [-1, "1.5", Decimal("2.5"), 1.0, True, "x"],
    QuestionType.NUMBER: [1.5, "abc", "NaN", True],
    QuestionType.TEXT: [5, ["x"]],
}


@st.composite
def answer_sets(
    draw: st.DrawFn, instrument: Instrument, invalid: bool = False
) -> dict[str, object]:
    """A random answer set: each question answered (often), missing or cleared (None); with
    `invalid`, now and then an answer the engine refuses or an unknown question."""
    coverage = draw(st.sampled_from([1.0, 0.9, 0.5, 0.1]))
    answers: dict[str, object] = {}
    for q in instrument.questions:
        roll = draw(st.floats(0, 1))
        if roll >= coverage:
            if draw(st.booleans()):
                answers[q.code] = None
            continue
        if invalid and draw(st.integers(0, 60)) == 0:
            answers[q.code] = draw(st.sampled_from(INVALID[q.type]))
        else:
            answers[q.code] = draw(valid_answer(q))
    if invalid and draw(st.integers(0, 10)) == 0:
        answers["99.99"] = "a"
    return answers


def counting_fallbacks(table: TotalsTable) -> list[int]:
    """Count the answer sets `table` hands to the full engine."""
    calls = [0]
    slow = table._slow

    def counted(answers: Any) -> Any:
        calls[0] += 1
        return slow(answers)

    table._slow = counted  # type: ignore[method-assign]
    return calls


# -- equality ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_totals_equal_the_engine_on_random_answers(name: str) -> None:
    instrument = INSTRUMENTS[name]()

    @PROPERTY
    @given(answer_sets(instrument))
    def check(answers: dict[str, object]) -> None:
        assert outcome(lambda: score_total(instrument, answers)) == outcome(
            lambda: engine.score(instrument, answers)
        )

    check()


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_invalid_answers_are_refused_exactly_as_the_engine_refuses_them(name: str) -> None:
    instrument = INSTRUMENTS[name]()

    @PROPERTY
    @given(answer_sets(instrument, invalid=True))
    def check(answers: dict[str, object]) -> None:
        assert outcome(lambda: score_total(instrument, answers)) == outcome(
            lambda: engine.score(instrument, answers)
        )

    check()


@pytest.mark.parametrize("as_text", [False, True], ids=["values", "json-texts"])
@pytest.mark.parametrize("slug", ["kla-2022", "kla-2023"])
def test_stored_answers_of_valid_sets_never_need_the_engine(slug: str, as_text: bool) -> None:
    """Answers as the cycle job reads them (validated, then stored as JSON, keyed by question
    row id; as values, or as the undecoded JSON texts `total_json` reads) take the fast path
    every time, and equal the engine's score."""
    instrument = shipped(slug)
    keys = {q.code: str(1000 + n) for n, q in enumerate(instrument.questions)}
    table = TotalsTable(instrument).rekeyed(keys)
    fallbacks = counting_fallbacks(table)

    @PROPERTY
    @given(answer_sets(instrument))
    def check(answers: dict[str, object]) -> None:
        stored = {
            keys[code]: to_json(validate_answer(instrument.question(code), raw))
            for code, raw in answers.items()
            if raw is not None
        }
        expected = outcome(lambda: engine.score(instrument, answers))
        assert expected[0] == "scored"
        if as_text:
            texts = {key: json.dumps(value) for key, value in stored.items()}
            assert outcome(lambda: table.total_json(texts)) == expected
        else:
            assert outcome(lambda: table.total(stored)) == expected

    check()
    assert fallbacks == [0]


def jsonable(raw: object) -> object:
    """A raw answer as JSON can hold it (Decimals as decimal strings, sets as lists)."""
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, tuple | list):
        return [jsonable(v) for v in raw]
    if isinstance(raw, frozenset | set):
        return sorted(raw, key=str)
    return raw


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_json_texts_score_as_their_decoded_values(name: str) -> None:
    """`total_json` (what the cycle job uses: the stored JSON texts, undecoded) equals the
    engine's score of the decoded values, for valid and invalid answers, in the stored
    (canonical) form and in other spellings of the same JSON."""
    instrument = INSTRUMENTS[name]()
    table = compiled_totals(instrument)

    @PROPERTY
    @given(
        answer_sets(instrument, invalid=True),
        st.sampled_from([{}, {"separators": (",", ":")}, {"indent": 1}]),
    )
    def check(answers: dict[str, object], spelling: dict[str, Any]) -> None:
        texts = {
            code: json.dumps(jsonable(raw), **spelling)
            for code, raw in answers.items()
            if raw is not None
        }
        decoded = {code: json.loads(text) for code, text in texts.items()}
        assert outcome(lambda: table.total_json(texts)) == outcome(
            lambda: engine.score(instrument, decoded)
        )

    check()


def test_hidden_answers_score_nothing_but_are_still_validated() -> None:
    instrument = shipped("kla-2023")
    parent, child = next(
        (instrument.question(q.show_if.question), q)
        for q in instrument.questions
        if q.show_if is not None
    )
    hiding = next(o.code for o in parent.options if o.code not in child.show_if.values)  # type: ignore[union-attr]
    showing = child.show_if.values[0]  # type: ignore[union-attr]
    best = child.options[0].code if child.options else True
    shown = score_total(instrument, {parent.code: showing, child.code: best})
    hidden = score_total(instrument, {parent.code: hiding, child.code: best})
    assert shown.total == engine.score(instrument, {parent.code: showing, child.code: best}).total
    assert hidden.total == engine.score(instrument, {parent.code: hiding, child.code: best}).total
    assert shown.total > hidden.total
    with pytest.raises(AnswerError) as refused:
        score_total(instrument, {parent.code: hiding, child.code: "not an answer"})
    assert refused.value.question_code == child.code
    table = compiled_totals(instrument)
    as_json = {parent.code: json.dumps(hiding), child.code: json.dumps(best)}
    assert table.total_json(as_json) == hidden
    as_json[child.code] = '"not an answer"'
    with pytest.raises(AnswerError) as refused:
        table.total_json(as_json)
    assert refused.value.question_code == child.code


def test_the_shipped_instruments_are_compiled_to_tables_not_engine_calls() -> None:
    """Every question of both shipped instruments has a lookup table, except the number
    (formula) question and checklists of more than 12 items (2**12 sets of items): those are
    scored through the engine's own functions."""
    for slug in ("kla-2022", "kla-2023"):
        instrument = shipped(slug)
        table = compiled_totals(instrument)
        others = {key for key, _ in table.others}
        expected = {
            q.code
            for q in instrument.questions
            if q.type is QuestionType.NUMBER
            or (q.type is QuestionType.CHECKLIST and len(q.items) > 12)
        }
        assert others == expected and len(others) <= 2
        assert compiled_totals(instrument) is table  # cached


def test_no_answers_and_every_answer_at_its_best() -> None:
    instrument = shipped("kla-2023")
    assert score_total(instrument, {}) == (engine.score(instrument, {}).total, instrument.bands[0])
    best: dict[str, object] = {}
    for q in instrument.questions:
        if q.type is QuestionType.SINGLE_CHOICE:
            best[q.code] = max(q.options, key=lambda o: o.points).code
        elif q.type is QuestionType.CHECKLIST:
            best[q.code] = [i.code for i in q.items]
        elif q.type is QuestionType.PERCENTAGE:
            best[q.code] = ["100", "100"] if q.better == "higher" else ["0", "100"]
        elif q.type is QuestionType.COUNT:
            best[q.code] = 10**6
        elif q.type is QuestionType.YES_NO:
            best[q.code] = True
        elif q.type is QuestionType.NUMBER:
            best[q.code] = "1000"
    result = engine.score(instrument, best)
    assert score_totals(instrument, [best, {}])[0] == (result.total, result.band)
    assert str(score_total(instrument, best).total) == str(result.total)


def test_a_rekeyed_table_reports_errors_with_question_codes() -> None:
    instrument = shipped("kla-2023")
    keys = {q.code: f"id{n}" for n, q in enumerate(instrument.questions)}
    table = compiled_totals(instrument).rekeyed(keys)
    assert compiled_totals(instrument).rekeyed(dict(keys)) is table  # cached
    first = instrument.questions[0]
    with pytest.raises(AnswerError) as refused:
        table.total({keys[first.code]: {"not": "an answer"}})
    assert refused.value.question_code == first.code
    with pytest.raises(AnswerError) as unknown:
        table.total({"id9999": "a"})
    assert unknown.value.kind == "unknown_question"
    with pytest.raises(ValueError, match="share one key"):
        compiled_totals(instrument).rekeyed(dict.fromkeys(keys, "same"))
