"""Issue 19, item 5: the verifier's score field shows a stored score as the page's language
writes a decimal ("12,50" in Bahasa Indonesia, never "12.500", which an Indonesian reader takes
for twelve thousand five hundred; "12.50" in English), and what it shows is saved back as it is."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.evaluation.models import Submission
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.models import QuestionCheck
from tests.verification.conftest import logged_in
from tests.verification.helpers import first_scoring_question

pytestmark = pytest.mark.django_db

WB = "/verifikasi-evaluasi/2026/64.71/tahap/VA/"


def _halved(submission: Submission, actor: User) -> tuple[str, Decimal, Decimal]:
    """A question adjusted to half its claimed points (two decimals): its code, the claimed
    and the stored score (kept with three decimals, 12.500)."""
    code, start = first_scoring_question(submission)
    half = (Decimal(start) / 2).quantize(Decimal("0.01"))
    do_save_check(
        submission,
        "VA",
        code,
        verified_points=half,
        status="adjusted",
        comment="Hanya separuh kecamatan",
        expected_version=0,
        actor=actor,
    )
    stored = QuestionCheck.objects.get(submission=submission, question_code=code).verified_points
    return code, Decimal(start), stored


def _fields(body: str, code: str) -> tuple[str, str]:
    """The check form of `code`: its accepted-score attribute and the score field's value."""
    form = re.search(
        rf'<form class="check-form"[^>]*data-code="{re.escape(code)}".*?</form>', body, re.S
    )
    assert form is not None
    start = re.search(r'data-start="([^"]*)"', form.group(0))
    points = re.search(r'name="points" value="([^"]*)"', form.group(0))
    assert start and points
    return start.group(1), points.group(1)


@pytest.mark.parametrize(("language", "separator"), [("id", ","), ("en", ".")])
def test_the_score_field_shows_the_stored_score_in_the_pages_language(
    client: Client, submitted: Submission, verifier_kaltim: User, language: str, separator: str
) -> None:
    code, start, stored = _halved(submitted, verifier_kaltim)
    assert str(stored).count(".") == 1 and len(str(stored).split(".")[1]) == 3  # e.g. 12.500
    body = logged_in(client, verifier_kaltim).get(WB, {"lang": language}).content.decode()
    shown_start, shown_points = _fields(body, code)
    assert shown_points == f"{stored:.2f}".replace(".", separator)
    assert shown_start == f"{start:.2f}".replace(".", separator)


def test_the_score_as_the_indonesian_field_shows_it_is_saved_back_unchanged(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    code, _start, stored = _halved(submitted, verifier_kaltim)
    client = logged_in(client, verifier_kaltim)
    _shown_start, shown = _fields(client.get(WB).content.decode(), code)
    response = client.post(
        f"{WB}cek/{code}/",
        json.dumps(
            {"points": shown, "status": "adjusted", "comment": "Hanya separuh", "version": 1}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    check = QuestionCheck.objects.get(submission=submitted, question_code=code)
    assert check.verified_points == stored and check.version == 2


def test_a_conflict_gives_the_other_score_as_the_field_shows_it(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    code, _start, stored = _halved(submitted, verifier_kaltim)
    response = logged_in(client, verifier_kaltim).post(
        f"{WB}cek/{code}/",
        json.dumps({"points": "0", "status": "adjusted", "comment": "x", "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["current"]["points_input"] == f"{stored:.2f}".replace(".", ",")
