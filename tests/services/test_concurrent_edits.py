"""Two officers edit the same registry row or report at once (issue 18, item 5): both load the
form, both save; the second save is refused with 409, names who saved first, keeps what the
second officer typed, and nothing of the first save is lost. Saving again from the page that
told them goes through (the form then carries the current version)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.forms import BooleanField, Form
from django.test import Client
from django.urls import reverse

from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.regions.models import Region
from layakanak.services import actions
from layakanak.services.models import ChildForum, CounsellingService, Playground, Report
from tests.evaluation.conftest import logged_in, make_user
from tests.services.test_registries import a_service

pytestmark = pytest.mark.django_db


def officer(email: str, name: str) -> User:
    region = Region.objects.get(code="64.71")
    return make_user(email, name, AssignmentSpec(role="petugas_layanan", region=region))


@pytest.fixture
def ani(regions: None) -> User:
    return officer("ani@balikpapan.example", "Ani Lestari")


@pytest.fixture
def budi(regions: None) -> User:
    return officer("budi@balikpapan.example", "Budi Santoso")


def session_of(user: User) -> Client:
    return logged_in(Client(), user)


def form_data(form: Form, **changes: Any) -> dict[str, Any]:
    """What the browser sends for `form` as it was shown, with `changes` typed in."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, BooleanField):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        data[name] = value
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def shown_version(html: str) -> int:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "the form carries no version"
    return int(match.group(1))


def both_save(
    url: str,
    first: Client,
    second: Client,
    first_changes: dict[str, Any],
    second_changes: dict[str, Any],
) -> tuple[Any, Any]:
    """Both sessions load the form, then the first saves and the second saves."""
    first_form = first.get(url).context["form"]
    second_form = second.get(url).context["form"]
    first_post = first.post(url, form_data(first_form, **first_changes))
    second_post = second.post(url, form_data(second_form, **second_changes))
    return first_post, second_post


def test_the_second_save_of_a_counselling_service_is_refused_and_names_who_saved(
    regions: None, ani: User, budi: User
) -> None:
    service = a_service()
    url = reverse("services:service-edit", kwargs={"pk": service.pk})
    first, second = both_save(
        url,
        session_of(ani),
        session_of(budi),
        {"phone": "0542-111111"},
        {"hours": "Senin–Jumat 08.00–16.00"},
    )
    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "Ani Lestari" in page
    assert "Senin–Jumat 08.00–16.00" in page  # what Budi typed is kept
    service.refresh_from_db()
    assert service.phone == "0542-111111" and service.hours == ""  # nothing of Ani's is lost
    assert service.updated_by == ani and service.version == 2
    # Budi saves again from the page that told him: it carries the current version.
    assert shown_version(page) == 2
    again = session_of(budi).post(url, form_data(second.context["form"]))
    assert again.status_code == 302
    service.refresh_from_db()
    assert service.hours == "Senin–Jumat 08.00–16.00" and service.version == 3


def the_contact() -> str:
    return reverse("services:contact-edit", kwargs={"code": "64.71"})


def a_forum() -> ChildForum:
    return actions.do_save_forum(
        None,
        Region.objects.get(code="64.71"),
        {"region": Region.objects.get(code="64.71.01"), "name": "Forum Anak Balikpapan Selatan"},
        actor="test",
    )


def a_playground() -> Playground:
    return actions.do_save_playground(
        None,
        Region.objects.get(code="64.71"),
        {
            "district": Region.objects.get(code="64.71.01"),
            "name": "Taman Uji",
            "certification": "none",
        },
        actor="test",
    )


@pytest.mark.parametrize(
    ("make_url", "first_changes", "second_changes", "read"),
    [
        pytest.param(
            lambda: (
                actions.do_save_contact(
                    Region.objects.get(code="64.71"), {"unit_name": "UPTD PPA"}, actor="test"
                ),
                the_contact(),
            )[1],
            {"phone": "0542-222222"},
            {"address": "Jl. Jenderal Sudirman 1"},
            lambda: Region.objects.get(code="64.71").service_contact,
            id="uptd-contact",
        ),
        pytest.param(
            lambda: reverse("services:forum-edit", kwargs={"pk": a_forum().pk}),
            {"decree": "SK 12/2026"},
            {"girls_13_15": "9"},
            lambda: ChildForum.objects.get(),
            id="forum-anak",
        ),
        pytest.param(
            lambda: reverse("services:playground-edit", kwargs={"pk": a_playground().pk}),
            {"address": "Jl. Taman 2"},
            {"requirements_met": ["1", "2"]},
            lambda: Playground.objects.get(),
            id="playground",
        ),
    ],
)
def test_every_registry_refuses_a_stale_save(
    regions: None,
    ani: User,
    budi: User,
    make_url: Callable[[], str],
    first_changes: dict[str, Any],
    second_changes: dict[str, Any],
    read: Callable[[], Any],
) -> None:
    url = make_url()
    first, second = both_save(url, session_of(ani), session_of(budi), first_changes, second_changes)
    assert first.status_code == 302
    assert second.status_code == 409 and "Ani Lestari" in second.content.decode()
    row = read()
    for name, value in first_changes.items():
        assert str(getattr(row, name)) == value  # the first save stays whole
    for name, value in second_changes.items():
        assert getattr(row, name) != value and str(getattr(row, name)) != value
    assert row.updated_by == ani


def test_the_second_status_change_of_a_report_is_refused_and_keeps_the_note(
    regions: None, ani: User, budi: User, balikpapan_report: tuple[Report, str]
) -> None:
    report, _code = balikpapan_report
    page = reverse("services:report-detail", kwargs={"public_id": report.public_id})
    url = reverse("services:report-change-status", kwargs={"public_id": report.public_id})
    first, second = session_of(ani), session_of(budi)
    first_version = shown_version(first.get(page).content.decode())
    second_version = shown_version(second.get(page).content.decode())
    assert first_version == second_version == 1
    assert (
        first.post(
            url, {"status": "contacted", "note": "Sudah ditelepon", "version": 1}
        ).status_code
        == 302
    )
    refused = second.post(url, {"status": "closed", "note": "Kasus selesai", "version": 1})
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "Ani Lestari" in text and "Kasus selesai" in text
    report.refresh_from_db()
    assert report.status == "contacted" and report.notes.count() == 1


def test_the_actions_refuse_a_stale_version_without_a_page(regions: None, ani: User) -> None:
    service = a_service()
    actions.do_save_service(
        service, service.region, {"phone": "1"}, actor=ani, expected_version=service.version
    )
    with pytest.raises(actions.ServiceConflict) as refused:
        actions.do_save_service(
            service, service.region, {"phone": "2"}, actor="test", expected_version=1
        )
    assert refused.value.changed_by == "Ani Lestari" and refused.value.current_version == 2
    assert CounsellingService.objects.get().phone == "1"
