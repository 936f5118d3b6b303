"""Counselling directory and appointment requests, Forum Anak, RBRA, public pages, the demo."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from layakanak.audit.models import AuditEvent
from layakanak.regions.models import Region
from layakanak.services import actions, throttle
from layakanak.services.models import AppointmentRequest, ChildForum, CounsellingService, Playground
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db


def a_service(code: str = "64.71") -> CounsellingService:
    return actions.do_save_service(
        None,
        Region.objects.get(code=code),
        {
            "kind": "puspaga",
            "name": "PUSPAGA Uji",
            "phone": "0542-1",
            "latitude": "-1.2",
            "longitude": "116.8",
            "active": True,
        },
        actor="test",
    )


def test_the_public_pages_answer_for_everyone(client: Client, regions):
    a_service()
    for name in (
        "report",
        "report-status",
        "directory",
        "forums",
        "playgrounds",
        "data-protection",
        "forums-csv",
        "playgrounds-csv",
    ):
        assert client.get(reverse(f"services:{name}")).status_code == 200, name
    page = client.get(reverse("services:directory")).content.decode()
    assert "PUSPAGA Uji" in page and 'id="services-map"' in page and "data-lat" in page


def test_an_appointment_request_reaches_the_services_inbox_encrypted(
    client: Client, regions, officer_balikpapan
):
    service = a_service()
    data = {
        "contact": "0813-9999-1111",
        "preferred_time": "Sabtu pagi",
        "message": "Anak saya sulit tidur",
        "consent": "on",
        "website": "",
        "started": throttle.started_token(time.time() - 30),
    }
    url = reverse("services:appointment", kwargs={"service_id": service.pk})
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["sent"]
    replay = client.post(url, data)  # the same form again: refused, nothing more stored
    assert replay.status_code == 409 and not replay.context["sent"]
    request = AppointmentRequest.objects.get()
    assert "0813" not in request.contact_encrypted and "tidur" not in request.message_encrypted
    assert "Sabtu" not in request.preferred_time_encrypted
    logged_in(client, officer_balikpapan)
    listing = client.get(reverse("services:appointments", kwargs={"code": "64.71"}))
    assert listing.status_code == 200
    detail = client.get(
        reverse("services:appointment-detail", kwargs={"public_id": request.public_id})
    )
    assert "0813-9999-1111" in detail.content.decode()
    assert "Sabtu pagi" in detail.content.decode()
    assert AuditEvent.objects.filter(action="services.appointment_read").count() == 1


def test_forum_anak_export_has_counts_by_age_and_sex_and_no_names(client: Client, regions):
    regency = Region.objects.get(code="64.71")
    forum = actions.do_save_forum(
        None,
        regency,
        {
            "region": Region.objects.get(code="64.71.01"),
            "name": "Forum Anak Kecamatan Uji",
            "girls_13_15": 7,
            "boys_13_15": 4,
        },
        actor="test",
    )
    actions.do_add_forum_activity(
        forum,
        {
            "kind": "consultation",
            "held_on": "2025-03-01",
            "title": "Musrenbang",
            "outcome": "Usulan taman",
        },
        actor="test",
    )
    response = client.get(reverse("services:forums-csv") + "?wilayah=64.71")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["girls_13_15"] == "7" and rows[0]["members"] == "11"
    assert rows[0]["consultations"] == "1" and rows[0]["level"] == "district"
    assert not {"name", "child", "member_name"} & set(rows[0])


def test_a_forum_in_another_kab_kota_is_refused(regions):
    with pytest.raises(actions.ServiceRefused):
        actions.do_save_forum(
            None,
            Region.objects.get(code="64.71"),
            {
                "region": Region.objects.get(code="64.72"),
                "name": "Salah",
            },
            actor="test",
        )
    assert not ChildForum.objects.exists()


def test_rbra_coverage_counts_districts_with_at_least_one_playground(client: Client, regions):
    regency = Region.objects.get(code="64.71")
    for district_code, name in (("64.71.01", "A"), ("64.71.01", "B"), ("64.71.02", "C")):
        actions.do_save_playground(
            None,
            regency,
            {
                "district": Region.objects.get(code=district_code),
                "name": name,
                "requirements_met": [1, 2, 3],
                "certification": "none",
            },
            actor="test",
        )
    from layakanak.services.queries import rbra_coverage

    coverage = rbra_coverage(regency)
    assert (coverage.covered, coverage.total) == (2, 6) and coverage.percent == 33
    page = client.get(reverse("services:playgrounds") + "?wilayah=64.71")
    assert page.status_code == 200 and "2" in page.content.decode()


def test_the_officer_and_operator_keep_their_registries_and_others_get_404(
    client: Client, regions, officer_balikpapan, operator_balikpapan, officer_samarinda
):
    service = a_service()
    urls = [
        reverse("services:manage-services", kwargs={"code": "64.71"}),
        reverse("services:manage-forums", kwargs={"code": "64.71"}),
        reverse("services:manage-playgrounds", kwargs={"code": "64.71"}),
        reverse("services:contact-edit", kwargs={"code": "64.71"}),
        reverse("services:service-edit", kwargs={"pk": service.pk}),
    ]
    for person, status in (
        (officer_balikpapan, 200),
        (operator_balikpapan, 200),
        (officer_samarinda, 404),
    ):
        logged_in(client, person)
        for url in urls:
            assert client.get(url).status_code == status, (person.email, url)
        client.logout()


def test_the_officer_adds_a_playground_through_the_staff_form(
    client: Client, regions, officer_balikpapan
):
    logged_in(client, officer_balikpapan)
    response = client.post(
        reverse("services:manage-playgrounds", kwargs={"code": "64.71"}),
        {
            "district": Region.objects.get(code="64.71.03").pk,
            "name": "Taman Uji",
            "requirements_met": ["1", "4", "13"],
            "certification": "in_process",
        },
    )
    assert response.status_code == 302
    playground = Playground.objects.get()
    assert playground.requirements_met == [1, 4, 13]
    assert AuditEvent.objects.filter(action="services.playground_saved").exists()


def test_the_demo_refuses_outside_demo_mode_and_fills_balikpapans_inbox(regions, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo_services", stdout=io.StringIO())
    settings.DEMO_MODE = True
    call_command("demo_services", stdout=io.StringIO())
    call_command("demo_services", stdout=io.StringIO())  # idempotent
    balikpapan = Region.objects.get(code="64.71")
    assert balikpapan.service_reports.count() == 3
    assert CounsellingService.objects.filter(region=balikpapan).count() == 2
    assert Playground.objects.filter(regency=balikpapan).count() == 3
