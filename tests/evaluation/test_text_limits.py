"""Text answers have a length limit, checked by the action whatever sends them (issue 18,
item 6): a long text through the autosave's JSON endpoint is refused with a message, nothing is
stored and nothing is copied into the audit trail; the page shows the limit."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from layakanak.audit.models import AuditEvent
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.models import Answer, Submission
from layakanak.lib import limits
from layakanak.scoring import AnswerError
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db

TEXT_QUESTION = "1.6"  # KLA 2023: a description in the region's own words


def test_a_long_text_answer_is_refused_with_its_length(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    too_long = "Program Kota Layak Anak. " * 2000  # 50,000 characters, well inside a JSON body
    response = logged_in(client, operator_balikpapan).post(
        f"/evaluasi/{balikpapan.cycle.slug}/{balikpapan.region.code}/jawaban/{TEXT_QUESTION}/",
        json.dumps({"value": too_long, "version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "terlalu panjang (50000 karakter)" in response.json()["error"]
    assert not Answer.objects.exists()
    assert not AuditEvent.objects.filter(action="answer.saved").exists()
    with pytest.raises(AnswerError):
        do_save_answer(
            balikpapan, TEXT_QUESTION, too_long, expected_version=0, actor=operator_balikpapan
        )


def test_the_text_input_shows_the_limit(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    html = (
        logged_in(client, operator_balikpapan)
        .get(f"/evaluasi/{balikpapan.cycle.slug}/{balikpapan.region.code}/indikator/1/")
        .content.decode()
    )
    assert f'maxlength="{limits.TEXT_ANSWER}"' in html
    assert f'maxlength="{limits.NUMBER_TEXT}"' in html
