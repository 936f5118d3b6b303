"""Every person finds their work (issue 19): the work links each role gets, that none of them
answers 404, the header and the account page that show them, and the landing after login."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts.models import User
from layakanak.accounts.navigation import WORK_LINKS, landing_url, work_links
from layakanak.accounts.views_account import ENROL_KEY_SESSION
from tests.accounts.conftest import (
    PASSWORD,
    ROLE_FIXTURES,
    add_device,
    log_in,
    make_person,
    totp_now,
)

pytestmark = pytest.mark.django_db

QUEUE, CYCLES = "verification:queue", "cycle-admin-list"
MINE, SERVICES = "evaluation:mine", "services:staff-home"
ACCOUNTS, AUDIT = "accounts:manage-list", "audit:list"

EXPECTED_LINKS = {
    "central_admin": [CYCLES, QUEUE, ACCOUNTS, AUDIT],  # the decision is the admin's too
    "central_verifier": [QUEUE],
    "health_ministry_verifier": [QUEUE],
    "kaltim_verifier": [QUEUE],
    "jakarta_verifier": [QUEUE],
    "balikpapan_field_team": [QUEUE],
    "balikpapan_operator": [MINE, SERVICES],  # operators keep their region's registries
    "samarinda_operator": [MINE, SERVICES],
    "balikpapan_health_office": [MINE],
    "balikpapan_service_officer": [SERVICES],
}

# The pages that answer 404 to anyone their check refuses (the others show an empty list).
GUARDED = (QUEUE, CYCLES, ACCOUNTS, AUDIT)


def names(user: Any) -> list[str]:
    return [link.url_name for link in work_links(user)]


def work_nav(html: str) -> str:
    found = re.search(r'<nav class="work-nav".*?</nav>', html, re.DOTALL)
    return found.group(0) if found else ""


def test_every_role_has_an_expected_set_of_links() -> None:
    assert set(EXPECTED_LINKS) == set(ROLE_FIXTURES)


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_each_role_gets_the_links_to_its_work(role: str, request: pytest.FixtureRequest) -> None:
    assert names(request.getfixturevalue(role)) == EXPECTED_LINKS[role]


def test_a_visitor_and_a_person_without_a_role_get_no_work_link(
    client: Client, regions: None
) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert work_links(AnonymousUser()) == [] and work_links(None) == []
    newcomer = make_person("baru@contoh.go.id")
    assert work_links(newcomer) == []
    assert landing_url(newcomer) == "/akun/"


def test_nobody_gets_a_link_to_a_page_that_would_answer_404(people: dict[str, User]) -> None:
    for role, person in people.items():
        client = log_in(Client(), person)
        for link in work_links(person):
            assert client.get(link.url).status_code == 200, (role, link.url)


def test_the_guarded_pages_refuse_exactly_those_who_do_not_get_their_link(
    people: dict[str, User],
) -> None:
    for role, person in people.items():
        client = log_in(Client(), person)
        for url_name in GUARDED:
            if url_name not in EXPECTED_LINKS[role]:
                assert client.get(reverse(url_name)).status_code == 404, (role, url_name)


def test_every_link_has_a_label_and_a_line_in_both_languages() -> None:
    from django.utils import translation

    for link in WORK_LINKS:
        with translation.override("id"):
            label_id, summary_id = str(link.label), str(link.summary)
        with translation.override("en"):
            label_en, summary_en = str(link.label), str(link.summary)
        assert label_id != label_en and summary_id != summary_en, link.url_name


def test_the_header_shows_the_operators_work_and_not_other_peoples(
    client: Client, balikpapan_operator: User
) -> None:
    log_in(client, balikpapan_operator)
    nav = work_nav(client.get("/").content.decode())
    assert 'href="/evaluasi/">Evaluasi saya</a>' in nav
    assert 'href="/kelola/layanan/">Layanan anak</a>' in nav
    assert "/verifikasi-evaluasi/" not in nav and "/kelola/siklus/" not in nav


def test_the_header_marks_the_work_page_being_shown(client: Client, kaltim_verifier: User) -> None:
    log_in(client, kaltim_verifier)
    nav = work_nav(client.get("/verifikasi-evaluasi/").content.decode())
    assert 'href="/verifikasi-evaluasi/" aria-current="page">Antrean verifikasi</a>' in nav


def test_the_central_admin_finds_cycles_accounts_and_the_audit_trail_in_english(
    client: Client, central_admin: User
) -> None:
    client.cookies["layakanak_lang"] = "en"
    log_in(client, central_admin)
    nav = work_nav(client.get("/").content.decode())
    for label, url in (
        ("Manage cycles", "/kelola/siklus/"),
        ("Verification queue", "/verifikasi-evaluasi/"),
        ("Manage accounts", "/kelola/akun/"),
        ("Audit trail", "/kelola/audit/"),
    ):
        assert f'href="{url}">{label}</a>' in nav


def test_a_visitor_sees_no_work_links_and_a_login_link_without_a_return_address(
    client: Client,
) -> None:
    html = client.get("/").content.decode()
    assert work_nav(html) == ""
    assert 'href="/masuk/">Masuk</a>' in html


def test_the_account_page_lists_the_work_links_with_what_is_there(
    client: Client, balikpapan_service_officer: User
) -> None:
    log_in(client, balikpapan_service_officer)
    html = client.get("/akun/").content.decode()
    work = html[html.index('id="work-title"') : html.index('id="roles-title"')]
    assert 'href="/kelola/layanan/">Layanan anak</a>' in work
    assert "Laporan dan permintaan janji temu" in work
    assert "/evaluasi/" not in work


# --- The landing after login ---------------------------------------------------------------


def post_login(client: Client, email: str, next_url: str = "") -> Any:
    data = {"email": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/masuk/", data)


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("balikpapan_operator", "/evaluasi/"),
        ("balikpapan_health_office", "/evaluasi/"),
    ],
)
def test_regional_staff_land_on_their_evaluations(
    client: Client, role: str, landing: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(role)
    response = post_login(client, person.email)
    assert response.status_code == 302 and response["Location"] == landing


def test_the_service_officer_lands_on_the_child_services_after_the_second_factor(
    client: Client, balikpapan_service_officer: User
) -> None:
    device = add_device(balikpapan_service_officer)
    response = post_login(client, balikpapan_service_officer.email)
    assert response["Location"] == "/masuk/verifikasi/?next=%2Fkelola%2Flayanan%2F"
    verified = client.post(
        "/masuk/verifikasi/", {"token": totp_now(device), "next": "/kelola/layanan/"}
    )
    assert verified.status_code == 302 and verified["Location"] == "/kelola/layanan/"


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("central_admin", "/kelola/siklus/"),
        ("central_verifier", "/verifikasi-evaluasi/"),
        ("health_ministry_verifier", "/verifikasi-evaluasi/"),
        ("kaltim_verifier", "/verifikasi-evaluasi/"),
        ("balikpapan_field_team", "/verifikasi-evaluasi/"),
    ],
)
def test_staff_land_on_their_work_after_the_two_factor_step(
    client: Client, role: str, landing: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(role)
    device = add_device(person)
    post_login(client, person.email)
    # The verification page itself knows the landing too (reached without a `next`).
    verified = client.post("/masuk/verifikasi/", {"token": totp_now(device)})
    assert verified.status_code == 302 and verified["Location"] == landing


def test_a_provincial_verifier_lands_on_the_queue_after_enrolling_at_first_login(
    client: Client, kaltim_verifier: User
) -> None:
    response = post_login(client, kaltim_verifier.email)
    assert response["Location"] == "/akun/2fa/?next=%2Fverifikasi-evaluasi%2F"
    client.get(response["Location"])  # shows the new key, kept in the session until enrolled
    device = TOTPDevice(key=client.session[ENROL_KEY_SESSION], step=30, digits=6)
    enrolled = client.post(
        "/akun/2fa/", {"token": totp_now(device), "next": "/verifikasi-evaluasi/"}
    )
    assert enrolled.status_code == 302 and enrolled["Location"] == "/verifikasi-evaluasi/"


def test_an_explicit_next_still_wins(client: Client, balikpapan_operator: User) -> None:
    response = post_login(client, balikpapan_operator.email, next_url="/wilayah/64.71/")
    assert response["Location"] == "/wilayah/64.71/"


def test_the_login_form_carries_no_return_address_unless_one_was_asked_for(
    client: Client,
) -> None:
    assert 'name="next" value=""' in client.get("/masuk/").content.decode()
    asked = client.get("/masuk/?next=/evaluasi/").content.decode()
    assert 'name="next" value="/evaluasi/"' in asked
