"""Issue 18, item 3: the JSON endpoints of the pages (the answer autosave, the evidence upload's
start and reuse, the verifier's check save) answer hostile bodies with a 4xx and a message,
never a 500, and store nothing. An answer save must name the version it saw (item 5)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from layakanak.evaluation.models import Answer, Submission
from layakanak.verification.models import QuestionCheck
from tests.evaluation.conftest import logged_in
from tests.verification.helpers import first_scoring_question

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nested 5,000 levels": b"[" * 5000 + b"]" * 5000,
    "nested objects": b'{"value":' * 5000 + b"1" + b"}" * 5000,
    "not UTF-8": b"\xff\xfe\x00{",
    "not JSON": b"{value: 1",
    "an array, not an object": b'[{"value": "a", "version": 0}]',
    "a number": b"42",
    "huge integer version": b'{"value": "a", "version": 1' + b"0" * 5000 + b"}",
    "version as an object": b'{"value": "a", "version": {"a": 1}}',
    "larger than 256 KB": b'{"value": "' + b"x" * 300_000 + b'"}',
}


def _refused_cleanly(response) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    body = response.json()
    assert any(isinstance(v, str) and v.strip() for v in body.values()), body


def test_the_answer_autosave_refuses_hostile_bodies(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    region = [balikpapan.cycle.slug, balikpapan.region.code]
    url = reverse("evaluation:save-answer", args=[*region, "1.1"])
    for label, body in HOSTILE.items():
        response = client.post(url, body, content_type="application/json")
        assert response.status_code != 500, label
        _refused_cleanly(response)
    without_version = client.post(
        url, json.dumps({"value": "perda"}), content_type="application/json"
    )
    assert without_version.status_code == 400
    _refused_cleanly(without_version)
    assert not Answer.objects.filter(submission=balikpapan).exists()


def test_the_evidence_endpoints_refuse_hostile_bodies(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    region = [balikpapan.cycle.slug, balikpapan.region.code]
    for name in ("evidence-start", "evidence-attach-previous"):
        url = reverse(f"evaluation:{name}", args=region)
        for label, body in HOSTILE.items():
            response = client.post(url, body, content_type="application/json")
            assert response.status_code != 500, (name, label)
            _refused_cleanly(response)


def test_the_check_save_refuses_hostile_bodies(
    client: Client, submitted: Submission, verifier_kaltim
) -> None:
    code, _question = first_scoring_question(submitted)
    logged_in(client, verifier_kaltim)
    url = reverse(
        "verification:save-check",
        args=[submitted.cycle.slug, submitted.region.code, "VA", code],
    )
    for label, body in HOSTILE.items():
        response = client.post(url, body, content_type="application/json")
        assert response.status_code != 500, label
        _refused_cleanly(response)
    assert not QuestionCheck.objects.filter(submission=submitted).exists()
