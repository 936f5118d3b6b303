"""One definition of "ready to submit", used by every counter of the self-assessment.

The operator's list (`/evaluasi/`), the workspace and its indicator counters, the submit page,
the ministry cockpit and the submission action itself all count the same items, so that they
show the same numbers for the same submission (issue 19: they used to show 126, [124/143] and
131/147, and ignored the required documents until the submit page).

An *item* is one thing a region must provide before it can submit:

- the answer of every **visible required** question;
- every **required document** (data dukung) of every visible question that is required or
  answered: a required question needs its documents whether or not it is answered yet (so the
  total does not grow as answers come in), an optional question only once it is answered.

A question hidden by its `show_if` condition asks for nothing, as the scoring engine ignores it:
the total grows when an answer reveals a conditional question, and every counter grows with it.

The definition itself (`assess`) is pure: an instrument, the engine's score of the answers
(which questions are visible and answered) and the documents attached. The rest of the module
reads what it needs from the database, for one submission or for a whole list at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from layakanak.evaluation import queries, values
from layakanak.evaluation.models import Answer, Cycle, EvidenceFile, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.answers import AnswerError
from layakanak.scoring.engine import ScoreResult, score
from layakanak.scoring.model import Band, Instrument, Text

ANSWER = "answer"
EVIDENCE = "evidence"
BATCH = 500  # submissions per query when reading many

Attached = Collection[tuple[str, str]]  # (question code, requirement code) with a current file


@dataclass(frozen=True, slots=True)
class Item:
    """One answer or one required document a region must provide before submitting."""

    question: str
    indicator: str  # indicator number
    component: str  # component code
    opd: tuple[str, ...]  # the offices (OPD) that answer the question
    kind: str  # ANSWER or EVIDENCE
    requirement: str  # the evidence requirement's code ("" for an answer)
    label: Text  # the question's text, or the document's name
    done: bool

    def as_dict(self) -> dict[str, str]:
        """The plain form the submission action's refusal (`IncompleteSubmission.missing`) and
        older callers use."""
        return {
            "question": self.question,
            "indicator": self.indicator,
            "kind": self.kind,
            "requirement": self.requirement,
            "opd": ", ".join(self.opd),
            "label_id": self.label.id,
            "label_en": self.label.en,
        }


class Tally(NamedTuple):
    """Items provided out of items asked for (a counter such as "[12/15]")."""

    done: int = 0
    total: int = 0

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    @property
    def missing(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        """Whole percent, rounded down (99 % until the last item is in)."""
        return self.done * 100 // self.total if self.total else 100

    @property
    def text(self) -> str:
        return f"[{self.done}/{self.total}]"

    def as_json(self) -> dict[str, int]:
        return {"done": self.done, "total": self.total}


@dataclass(frozen=True)
class Readiness:
    """Every item of one submission, with counters per indicator and per component."""

    items: tuple[Item, ...]
    indicators: dict[str, Tally]  # indicator number -> tally
    components: dict[str, Tally]  # component code -> tally

    @property
    def tally(self) -> Tally:
        return Tally(sum(1 for item in self.items if item.done), len(self.items))

    @property
    def ready(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if not item.done)

    @property
    def missing_answers(self) -> int:
        return sum(1 for item in self.missing if item.kind == ANSWER)

    @property
    def missing_documents(self) -> int:
        return sum(1 for item in self.missing if item.kind == EVIDENCE)


def _walk(
    instrument: Instrument, result: ScoreResult, attached: Attached
) -> Iterator[tuple[str, str, str, tuple[str, ...], str, str, Text, bool]]:
    """The items of the definition above, in instrument order (the one place it is written)."""
    visible, answers = result.visible, result.answers
    for component in instrument.components:
        for indicator in component.indicators:
            for question in indicator.questions:
                code = question.code
                if not visible[code]:
                    continue
                answered = code in answers
                opd = question.opd or indicator.opd
                place = (code, indicator.number, component.code, opd)
                if question.required:
                    yield (*place, ANSWER, "", question.text, answered)
                if not (question.required or answered):
                    continue
                for requirement in question.evidence:
                    if requirement.required:
                        done = (code, requirement.code) in attached
                        yield (*place, EVIDENCE, requirement.code, requirement.label, done)


def assess(instrument: Instrument, result: ScoreResult, attached: Attached) -> Readiness:
    """The readiness of one answer set: `result` is the engine's score of the answers (it says
    which questions are visible and answered), `attached` the documents with a current file."""
    items = tuple(Item(*fields) for fields in _walk(instrument, result, attached))
    indicators: dict[str, list[int]] = {
        i.number: [0, 0] for c in instrument.components for i in c.indicators
    }
    components: dict[str, list[int]] = {c.code: [0, 0] for c in instrument.components}
    for item in items:
        for counter in (indicators[item.indicator], components[item.component]):
            counter[0] += item.done
            counter[1] += 1
    return Readiness(
        items,
        {number: Tally(*pair) for number, pair in indicators.items()},
        {code: Tally(*pair) for code, pair in components.items()},
    )


def count(instrument: Instrument, result: ScoreResult, attached: Attached) -> Tally:
    """`assess(...).tally` without building the items (for lists of many submissions)."""
    done = total = 0
    for fields in _walk(instrument, result, attached):
        total += 1
        done += fields[-1]
    return Tally(done, total)


# --- Reading one submission ----------------------------------------------------------------------


def attached_documents(submission: Submission) -> set[tuple[str, str]]:
    """(question code, requirement code) of every requirement with a current (not removed) file."""
    rows = EvidenceFile.objects.filter(submission=submission, removed_at__isnull=True)
    return set(rows.values_list("requirement__question__code", "requirement__code").distinct())


def of_submission(submission: Submission, result: ScoreResult | None = None) -> Readiness:
    """The readiness of a submission as it is now; `result` when the caller has just scored the
    answers (`queries.live_score`)."""
    instrument = instrument_of(submission.cycle.instrument)
    if result is None:
        result = queries.live_score(submission)
    return assess(instrument, result, attached_documents(submission))


# --- Reading many submissions at once (the operator's list, the cockpit) ------------------------


@dataclass(frozen=True)
class Overview:
    """One submission's readiness counter and live score, read with many others.

    The live score is the engine's score of the answers as they are now: the one the operator
    sees on the workspace. `total` and `band` are None when a stored answer no longer validates
    (`error` says which), which only an instrument replaced under a running cycle could cause."""

    tally: Tally
    total: Decimal | None
    band: Band | None
    error: str = ""


def overviews(submissions: Iterable[Submission]) -> dict[int, Overview]:
    """Submission id -> its readiness counter and live score, for submissions of any cycles, in
    a few queries whatever their number (their cycles, answers and documents)."""
    chosen = list(submissions)
    ids = [s.pk for s in chosen]
    instruments = _instruments_of({s.cycle_id for s in chosen})
    answers = _answers_of(ids)
    attached = _documents_of(ids)
    found: dict[int, Overview] = {}
    for submission in chosen:
        instrument = instruments[submission.cycle_id]
        try:
            result = score(instrument, answers.get(submission.pk, {}))
        except AnswerError as exc:
            found[submission.pk] = Overview(
                Tally(), None, None, f"{exc.question_code}: {exc.message_en}"
            )
            continue
        tally = count(instrument, result, attached.get(submission.pk, set()))
        found[submission.pk] = Overview(tally, result.total, result.band)
    return found


def _instruments_of(cycle_ids: set[int]) -> dict[int, Instrument]:
    cycles = Cycle.objects.filter(pk__in=cycle_ids).select_related("instrument")
    return {c.pk: instrument_of(c.instrument) for c in cycles.defer("instrument__document")}


def _batches(ids: list[int]) -> Iterator[list[int]]:
    """Ids a few hundred at a time (SQLite limits the parameters of one query)."""
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _answers_of(ids: list[int]) -> dict[int, dict[str, object]]:
    """Submission id -> question code -> raw engine value (as `queries.answer_values`)."""
    found: dict[int, dict[str, object]] = defaultdict(dict)
    for batch in _batches(ids):
        rows = Answer.objects.filter(submission_id__in=batch, value__isnull=False).values_list(
            "submission_id", "question__code", "question__type", "value"
        )
        for submission_id, code, kind, value in rows.iterator(chunk_size=5000):
            found[submission_id][code] = values.from_json(value, kind)
    return found


def _documents_of(ids: list[int]) -> dict[int, set[tuple[str, str]]]:
    found: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for batch in _batches(ids):
        rows = (
            EvidenceFile.objects.filter(submission_id__in=batch, removed_at__isnull=True)
            .values_list("submission_id", "requirement__question__code", "requirement__code")
            .distinct()
        )
        for submission_id, question, requirement in rows:
            found[submission_id].add((question, requirement))
    return found
