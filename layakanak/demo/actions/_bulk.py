"""Plain-row inserts shared by the seeding actions: the answers' rows, validated by the scoring
engine's rules, and one prepared INSERT for tens of thousands of rows. Called inside the
actions' transactions only."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, user_of
from layakanak.evaluation import queries, values
from layakanak.evaluation.errors import answer_error
from layakanak.evaluation.models import Submission
from layakanak.scoring.answers import validate_answer
from layakanak.scoring.model import Instrument


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT plain rows (`columns` are field attnames, values in the fields' Python form) with
    one prepared statement. The seeding actions write tens of thousands of rows; building a
    model instance per row costs about ten times more. No signals, no `save()`: the same as
    `bulk_create`, which this stands in for."""
    connection = connections[router.db_for_write(model)]
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in columns]
    quote = connection.ops.quote_name
    # Only the model's own table and column names, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # Most columns repeat the same few values (the submission, the time): prepare each
    # distinct value once per column, keyed by type too (True and 1 are equal but not the same).
    caches: list[dict[tuple[type, Any], Any]] = [{} for _field in fields]
    prepared = []
    for row in rows:
        values_of_row = []
        for field, cache, value in zip(fields, caches, row, strict=True):
            try:
                values_of_row.append(cache[(type(value), value)])
            except KeyError:
                cache[(type(value), value)] = field.get_db_prep_save(value, connection)
                values_of_row.append(cache[(type(value), value)])
            except TypeError:  # unhashable (a list): no cache
                values_of_row.append(field.get_db_prep_save(value, connection))
        prepared.append(values_of_row)
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
    return len(prepared)


ANSWER_COLUMNS = (
    "submission_id",
    "question_id",
    "value",
    "version",
    "answered_by_id",
    "answered_at",
)


def answer_rows(
    submission: Submission,
    instrument: Instrument,
    answers: Mapping[str, object],
    *,
    actor: Actor,
    now: datetime.datetime,
) -> list[tuple[Any, ...]]:
    """Rows (ANSWER_COLUMNS) for raw engine answers, each validated (AnswerError when
    invalid)."""
    ids = queries.question_ids(submission.cycle.instrument)
    user = user_of(actor)
    user_id = user.pk if user else None
    rows = []
    for code, raw in answers.items():
        if not instrument.has_question(code):
            raise answer_error(
                code,
                "unknown_question",
                _("Question %(code)r is not in this instrument"),
                code=code,
            )
        value = values.to_json(validate_answer(instrument.question(code), raw))
        rows.append((submission.pk, ids[code], value, 1, user_id, now))
    return rows
