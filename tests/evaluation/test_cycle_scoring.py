"""Whole-cycle scoring: every region's live score, stored for the ministry cockpit."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from layakanak.audit.models import AuditEvent
from layakanak.demo.synthetic import synthetic_answer, synthetic_answers
from layakanak.evaluation import queries, values
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.actions.scoring import do_score_cycle
from layakanak.evaluation.models import Answer, Cycle, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.answers import validate_answer
from layakanak.scoring.engine import score
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db


def _answer(submission: Submission, answers: dict[str, object]) -> None:
    """Store answers as the save action stores them (validated, normalised JSON), in bulk: the
    tests are about reading them back, and 147 saves per region would only slow them down."""
    version = submission.cycle.instrument
    instrument = instrument_of(version)
    ids = queries.question_ids(version)
    Answer.objects.bulk_create(
        Answer(
            submission=submission,
            question_id=ids[code],
            value=values.to_json(validate_answer(instrument.question(code), raw)),
            answered_at=timezone.now(),
        )
        for code, raw in answers.items()
    )


def _synthetic(cycle: Cycle, strength: float, seed: int) -> dict[str, object]:
    return synthetic_answers(instrument_of(cycle.instrument), strength, random.Random(seed))


@pytest.fixture
def answered(cycle: Cycle, balikpapan: Submission, samarinda: Submission) -> Cycle:
    """Balikpapan answered everything (a strong region), Samarinda a third of the questions
    (every question type among them), Jakarta Pusat nothing yet."""
    _answer(balikpapan, _synthetic(cycle, 0.85, 1))
    some = _synthetic(cycle, 0.4, 2)
    _answer(samarinda, {code: some[code] for code in list(some)[::3]})
    do_save_answer(samarinda, "1.1", "b", expected_version=None, actor="test")  # a cleared one:
    do_save_answer(samarinda, "1.1", None, expected_version=None, actor="test")  # stored as null
    return cycle


def test_stored_totals_are_the_engine_score_of_each_submission(answered: Cycle) -> None:
    report = do_score_cycle(answered, actor="test")
    assert report.scored == 3 and not report.failed
    assert (
        report.answers
        == Answer.objects.filter(submission__cycle=answered, value__isnull=False).count()
    )
    for submission in Submission.objects.filter(cycle=answered).select_related("cycle"):
        expected = queries.live_score(submission)
        assert submission.live_total == expected.total
        assert submission.live_band == expected.band.code
        assert submission.live_scored_at == report.scored_at
    balikpapan = Submission.objects.get(cycle=answered, region__code="64.71")
    jakarta = Submission.objects.get(cycle=answered, region__code="31.71")
    assert balikpapan.live_total is not None and balikpapan.live_total > Decimal(500)
    assert jakarta.live_total == Decimal(0)  # no answers: the engine's score of nothing
    assert sum(report.by_band.values()) == 3


def _every_question(cycle: Cycle, seed: int) -> dict[str, object]:
    """An answer for every question, hidden ones included (the engine scores those 0 but still
    validates them), some of them cleared."""
    instrument = instrument_of(cycle.instrument)
    rng = random.Random(seed)
    strength = rng.uniform(0.0, 1.0)
    answers: dict[str, object] = {
        q.code: synthetic_answer(q, strength, rng)
        for q in instrument.questions
        if rng.random() < 0.9
    }
    # One show_if question answered but hidden by its parent's answer.
    child = rng.choice([q for q in instrument.questions if q.show_if is not None])
    assert child.show_if is not None
    parent = instrument.question(child.show_if.question)
    answers[parent.code] = next(
        o.code for o in parent.options if o.code not in child.show_if.values
    )
    answers[child.code] = synthetic_answer(child, strength, rng)
    assert not score(instrument, answers).visible[child.code]
    return answers


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_stored_totals_and_bands_equal_the_full_engine(
    cycle: Cycle, balikpapan: Submission, samarinda: Submission, seed: int
) -> None:
    """The totals-only path the job uses stores exactly what the full engine gives: the engine's
    score of the answers as given, and of the answers as the submission page reads them back."""
    instrument = instrument_of(cycle.instrument)
    given = {
        balikpapan.pk: _every_question(cycle, seed),
        samarinda.pk: _every_question(cycle, seed + 100),
    }
    for submission in (balikpapan, samarinda):
        _answer(submission, given[submission.pk])
    report = do_score_cycle(cycle, actor="test")
    assert not report.failed
    for submission in Submission.objects.filter(cycle=cycle).select_related("cycle"):
        expected = score(instrument, given.get(submission.pk, {}))
        assert (submission.live_total, submission.live_band) == (
            expected.total,
            expected.band.code,
        )
        again = queries.live_score(submission)
        assert (again.total, again.band.code) == (expected.total, expected.band.code)


def test_scoring_again_follows_the_answers(answered: Cycle) -> None:
    first = do_score_cycle(answered, actor="test")
    jakarta = Submission.objects.get(cycle=answered, region__code="31.71")
    _answer(jakarta, _synthetic(answered, 0.9, 5))
    later = first.scored_at + datetime.timedelta(minutes=15)  # type: ignore[operator]
    do_score_cycle(answered, actor="test", now=later)
    jakarta.refresh_from_db()
    assert jakarta.live_total == queries.live_score(jakarta).total > 0
    assert jakarta.live_scored_at == later


def test_scoring_writes_one_audit_event_with_counts(answered: Cycle) -> None:
    before = AuditEvent.objects.count()
    report = do_score_cycle(answered, actor="command:score")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "cycle.scored" and event.object_id == "2026"
    assert event.after["submissions"] == 3 and event.after["answers"] == report.answers
    assert event.after["by_band"] == report.by_band


def test_an_answer_the_engine_refuses_is_reported_and_the_others_are_scored(
    answered: Cycle,
) -> None:
    samarinda = Submission.objects.get(cycle=answered, region__code="64.72")
    broken = Answer.objects.filter(submission=samarinda, value__isnull=False).first()
    assert broken is not None
    Answer.objects.filter(pk=broken.pk).update(value={"not": "an answer"})
    report = do_score_cycle(answered, actor="test")
    assert set(report.failed) == {"64.72"} and broken.question.code in report.failed["64.72"]
    assert report.scored == 2
    samarinda.refresh_from_db()
    assert samarinda.live_total is None and samarinda.live_band == ""
    assert Submission.objects.get(cycle=answered, region__code="64.71").live_total


def test_the_score_command_scores_a_cycle(answered: Cycle) -> None:
    out = io.StringIO()
    call_command("score", cycle="2026", stdout=out)
    assert "2026: 3 submission(s) scored" in out.getvalue()
    assert not Submission.objects.filter(cycle=answered, live_scored_at__isnull=True).exists()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("score", cycle="1999", stdout=out)


def test_the_cockpit_shows_live_scores_and_predicates(
    client: Client, answered: Cycle, central_admin
) -> None:
    logged_in(client, central_admin)
    # Before any scoring run the cockpit already shows the score the operator sees (issue 19:
    # it showed the last scheduled run's scores, older than the operator's).
    live = queries.live_score(Submission.objects.get(cycle=answered, region__code="64.71"))
    first = client.get("/kelola/siklus/2026/").content.decode()
    assert f"{live.total:.2f}".replace(".", ",") in first and "layakanak score" not in first
    do_score_cycle(answered, actor="test")
    balikpapan = Submission.objects.get(cycle=answered, region__code="64.71")
    band = instrument_of(answered.instrument).band(balikpapan.live_band)
    response = client.get("/kelola/siklus/2026/", {"urut": "-skor"})
    html = response.content.decode()
    total = f"{balikpapan.live_total:.2f}".replace(".", ",")  # Indonesian decimal comma
    assert total in html
    assert f'<span class="predicate predicate-{band.code}">{band.name.id}</span>' in html
    rows = response.context["rows"]
    assert rows[0].region.code == "64.71"  # the highest live score first
    assert [r.live_total for r in rows] == sorted((r.live_total for r in rows), reverse=True)

    export = client.get("/kelola/siklus/2026/status.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    score_column = header.index("Nilai sementara")
    band_column = header.index("Predikat sesuai nilai sementara")
    by_code = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(by_code["64.71"][score_column])) == balikpapan.live_total
    assert by_code["64.71"][band_column] == band.name.id
