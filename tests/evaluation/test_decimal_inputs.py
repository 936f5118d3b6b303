"""Issue 19, item 5: a number answer is shown in its field as the page's language writes a
decimal (4,25 in Bahasa Indonesia, 4.25 in English), whichever separator it was typed with."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.models import Answer, Submission
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db

BUDGET = "2.8"  # a number: the child-responsive budget in percent, with two decimals


def _field(client: Client, submission: Submission, language: str) -> str:
    url = f"/evaluasi/{submission.cycle.slug}/{submission.region.code}/indikator/2/"
    body = client.get(url, {"lang": language}).content.decode()
    found = re.search(rf'id="answer-{re.escape(BUDGET)}"[^>]*value="([^"]*)"', body)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(("language", "shown"), [("id", "4,25"), ("en", "4.25")])
def test_a_number_answer_is_shown_in_the_pages_language(
    client: Client, balikpapan: Submission, operator_balikpapan, language: str, shown: str
) -> None:
    # Stored as the form reads "4,25" or "4.25" (evaluation/forms.py): with a point.
    do_save_answer(balikpapan, BUDGET, "4.25", expected_version=0, actor=operator_balikpapan)
    assert Answer.objects.get(submission=balikpapan, question__code=BUDGET).value == "4.25"
    assert _field(logged_in(client, operator_balikpapan), balikpapan, language) == shown
