"""The cost of one autosave, pinned so that it cannot creep back (issue 5: deadline-day load).

On deadline day hundreds of operators save at once; every query of a save is paid on every
save. These tests fix the exact number of queries of one autosave through the real endpoint,
check that the session is written at most once a minute (idle expiry still works), and that the
live score and the answered counter computed from the rows read under the lock are exactly what
reading the database again gives.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from layakanak.demo.synthetic import synthetic_answers
from layakanak.evaluation import queries
from layakanak.evaluation.actions.answers import do_save_answer, do_save_answer_with_values
from layakanak.evaluation.models import Answer, Submission
from layakanak.instruments.queries import instrument_of
from tests import clock
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db

# One autosave of an operator (JSON endpoint), once the session's expiry is fresh:
#   request:  session, user, two-factor device, role assignments, submission (access check)
#   action:   lock the submission with its stage window and latest extension (one query),
#             every answer of the submission (the answer, the counter and the live score),
#             write the answer, write the submission's counters, the audit event
#   + SAVEPOINT and RELEASE of the action's transaction inside the test's transaction
#     (BEGIN and COMMIT outside tests)
#   response: the documents attached (the readiness counter of `evaluation/readiness.py`,
#             answers and required documents, issue 19)
# (22 before issue 5's work: a session write per request, the submission read again with its
# cycle and instrument, separate window and extension queries, a recount, the answers read
# again for the live score, the assigned regions of roles that have none.)
QUERIES_PER_AUTOSAVE = 13


def _fill(submission: Submission, operator) -> None:
    """Most of the instrument answered, as on deadline day (the live score reads them all)."""
    instrument = instrument_of(submission.cycle.instrument)
    for code, value in synthetic_answers(instrument, 0.7, random.Random(5)).items():
        if code != "4.1":
            do_save_answer(submission, code, value, expected_version=None, actor=operator)


def _save(client: Client, submission: Submission, numerator: int, version: int):
    return client.post(
        f"/evaluasi/{submission.cycle.slug}/{submission.region.code}/jawaban/4.1/",
        json.dumps({"value": [str(numerator), "1000"], "version": version}),
        content_type="application/json",
    )


def test_one_autosave_costs_a_fixed_number_of_queries(
    client: Client, balikpapan: Submission, operator_balikpapan, django_assert_num_queries
) -> None:
    _fill(balikpapan, operator_balikpapan)
    logged_in(client, operator_balikpapan)
    assert _save(client, balikpapan, 500, 0).status_code == 200  # fills the per-process caches
    with django_assert_num_queries(QUERIES_PER_AUTOSAVE):
        response = _save(client, balikpapan, 600, 1)
    assert response.status_code == 200 and response.json()["version"] == 2


def test_a_repeated_save_and_a_stale_save_cost_no_more(
    client: Client, balikpapan: Submission, operator_balikpapan, django_assert_max_num_queries
) -> None:
    logged_in(client, operator_balikpapan)
    assert _save(client, balikpapan, 500, 0).status_code == 200
    with django_assert_max_num_queries(QUERIES_PER_AUTOSAVE):
        assert _save(client, balikpapan, 500, 1).status_code == 200  # the same value again
    with django_assert_max_num_queries(QUERIES_PER_AUTOSAVE + 1):  # + who changed it
        assert _save(client, balikpapan, 700, 0).status_code == 409


def _session_writes(captured: CaptureQueriesContext) -> int:
    return sum(
        1
        for query in captured.captured_queries
        if query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in query["sql"]
    )


def test_the_session_is_written_at_most_once_a_minute_and_still_expires_when_idle(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    start = clock.whole_second()  # inside the fixture cycle's self-assessment window
    with time_machine.travel(start, tick=False):
        logged_in(client, operator_balikpapan)
        assert _save(client, balikpapan, 100, 0).status_code == 200
        key = client.cookies["sessionid"].value
        first_expiry = Session.objects.get(session_key=key).expire_date
    with (
        time_machine.travel(start + dt.timedelta(seconds=30), tick=False),
        CaptureQueriesContext(connection) as captured,
    ):
        assert _save(client, balikpapan, 200, 1).status_code == 200
    assert _session_writes(captured) == 0
    assert Session.objects.get(session_key=key).expire_date == first_expiry
    with (
        time_machine.travel(start + dt.timedelta(seconds=90), tick=False),
        CaptureQueriesContext(connection) as captured,
    ):
        assert _save(client, balikpapan, 300, 2).status_code == 200
    assert _session_writes(captured) == 1
    assert Session.objects.get(session_key=key).expire_date == first_expiry + dt.timedelta(
        seconds=90
    )
    # Idle for the whole idle time after the last refresh: the session has ended.
    with time_machine.travel(start + dt.timedelta(seconds=90 + 1800 + 1), tick=False):
        response = _save(client, balikpapan, 400, 3)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_anonymous_requests_get_no_session(client: Client, regions) -> None:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/wilayah/64.71/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert not any("django_session" in query["sql"] for query in captured.captured_queries)


def test_logging_out_does_not_bring_the_session_back(
    client: Client, operator_balikpapan, regions
) -> None:
    logged_in(client, operator_balikpapan)
    key = client.cookies["sessionid"].value
    assert client.post("/keluar/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert Session.objects.count() == 0
    assert client.get("/akun/").status_code == 302


def test_the_values_read_under_the_lock_are_what_the_database_holds(
    balikpapan: Submission, operator_balikpapan
) -> None:
    _fill(balikpapan, operator_balikpapan)
    steps: list[tuple[str, object]] = [
        ("4.1", ("960", "1000")),  # a new answer
        ("4.1", ("970", "1000")),  # a change
        ("1.1", None),  # a cleared answer
        ("1.1", None),  # clearing nothing
        ("4.1", ("970", "1000")),  # the same value again
    ]
    for code, value in steps:
        saved = do_save_answer_with_values(
            balikpapan, code, value, expected_version=None, actor=operator_balikpapan
        )
        assert saved.values == queries.answer_values(balikpapan)
        balikpapan.refresh_from_db()
        assert balikpapan.answered_count == (
            Answer.objects.filter(submission=balikpapan, value__isnull=False).count()
        )
        assert queries.live_score(balikpapan, saved.values) == queries.live_score(balikpapan)
