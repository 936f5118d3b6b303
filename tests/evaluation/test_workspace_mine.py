"""Issue 19, item 6: an OPD contributor sees the indicators of their office by default, may show
every indicator, and the items of other offices say who answers them."""

from __future__ import annotations

import pytest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.evaluation.models import Submission
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db

WORKSPACE = "/evaluasi/2026/64.71/"
# Dinas Kesehatan answers questions of these indicators of KLA 2023 (the instrument's OPD of
# each question, else of its indicator).
DINKES = {"12", "13", "14", "15", "16", "17", "22", "23", "KD.2"}


def _indicator_link(number: str, query: str = "") -> str:
    return f'href="{WORKSPACE}indikator/{number}/{query}"'


def test_an_opd_contributor_sees_the_indicators_of_their_office_by_default(
    client: Client, balikpapan: Submission, dinkes_balikpapan: User
) -> None:
    logged_in(client, dinkes_balikpapan)
    response = client.get(WORKSPACE)
    body = response.content.decode()
    assert response.context["mine"] == DINKES and response.context["show_mine"]
    for number in DINKES:
        assert _indicator_link(number) in body, number
    for number in ("1", "4", "18", "KD.1"):
        assert _indicator_link(number) not in body, number
    assert 'href="?mine=0"' in body  # the way to see everything they may see


def test_an_opd_contributor_may_show_every_indicator_each_saying_who_answers_it(
    client: Client, balikpapan: Submission, dinkes_balikpapan: User
) -> None:
    logged_in(client, dinkes_balikpapan)
    response = client.get(f"{WORKSPACE}?mine=0")
    body = response.content.decode()
    assert not response.context["show_mine"]
    assert _indicator_link("1", "?mine=0") in body and _indicator_link("12", "?mine=0") in body
    answered_by = response.context["answered_by"]
    assert set(answered_by) & DINKES == set()
    assert answered_by["4"] == "Disdukcapil"
    # Indicator 1's questions: the indicator's offices and those of its own questions.
    assert set(answered_by["1"].split(", ")) == {"Bagian Hukum Setda", "DP3A", "Bappeda"}
    assert body.count('class="muted answered-by"') == len(answered_by)
    assert 'href="?"' in body  # back to their own indicators


def test_the_operator_sees_every_indicator_without_a_choice(
    client: Client, balikpapan: Submission, operator_balikpapan: User
) -> None:
    logged_in(client, operator_balikpapan)
    response = client.get(WORKSPACE)
    body = response.content.decode()
    assert response.context["mine"] is None and not response.context["answered_by"]
    assert _indicator_link("1") in body and _indicator_link("12") in body
    assert "?mine=0" not in body and "answered-by" not in body


def test_read_only_questions_of_other_offices_say_who_answers_them(
    client: Client, balikpapan: Submission, dinkes_balikpapan: User
) -> None:
    logged_in(client, dinkes_balikpapan)
    response = client.get(f"{WORKSPACE}indikator/16/")
    # 16.1–16.3 are Dinas Kesehatan's; 16.4 belongs to Dinas Pendidikan and Dinas PUPR.
    assert response.context["answered_by"] == {"16.4": "Dinas Pendidikan, Dinas PUPR"}
    body = response.content.decode()
    assert body.count('class="muted answered-by"') == 1
    assert "Dinas Pendidikan, Dinas PUPR" in body


def test_the_pager_of_an_opd_contributor_moves_between_their_indicators(
    client: Client, balikpapan: Submission, dinkes_balikpapan: User
) -> None:
    logged_in(client, dinkes_balikpapan)
    before, after = client.get(f"{WORKSPACE}indikator/17/").context["neighbours"]
    assert (before.number, after.number) == ("16", "22")
    before, after = client.get(f"{WORKSPACE}indikator/17/?mine=0").context["neighbours"]
    assert (before.number, after.number) == ("16", "18")
    body = client.get(f"{WORKSPACE}indikator/17/?mine=0").content.decode()
    assert _indicator_link("18", "?mine=0") in body


def test_the_operator_sees_no_who_answers_note(
    client: Client, balikpapan: Submission, operator_balikpapan: User
) -> None:
    logged_in(client, operator_balikpapan)
    response = client.get(f"{WORKSPACE}indikator/16/")
    assert response.context["answered_by"] == {}
    before, after = response.context["neighbours"]
    assert (before.number, after.number) == ("15", "17")
