"""Fixtures of the child-services tests: a Fernet key, a clean throttle cache, named people."""

from __future__ import annotations

import time

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache

from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.regions.models import Region
from layakanak.services import actions, throttle
from layakanak.services.models import Report
from tests.evaluation.conftest import make_user

TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def services_key(settings):  # type: ignore[no-untyped-def]
    settings.SERVICES_ENCRYPTION_KEY = TEST_KEY
    cache.clear()
    yield
    cache.clear()


def person(email: str, role: str, code: str = "") -> User:
    region = Region.objects.get(code=code) if code else None
    return make_user(email, email.split("@")[0], AssignmentSpec(role=role, region=region))


@pytest.fixture
def officer_balikpapan(regions: None) -> User:
    return person("layanan@balikpapan.example", "petugas_layanan", "64.71")


@pytest.fixture
def officer_samarinda(regions: None) -> User:
    return person("layanan@samarinda.example", "petugas_layanan", "64.72")


@pytest.fixture
def operator_balikpapan(regions: None) -> User:
    return person("operator@balikpapan.example", "operator_daerah", "64.71")


@pytest.fixture
def central_admin(regions: None) -> User:
    return person("admin@kemenpppa.example", "admin_pusat")


SECRET_TEXT = "Paman saya memukul adik saya setiap malam"
SECRET_CONTACT = "0812-3456-7890 Ibu Sari"


@pytest.fixture
def balikpapan_report(regions: None) -> tuple[Report, str]:
    return actions.do_submit_report(
        actions.NewReport(
            region=Region.objects.get(code="64.71"),
            reporter_kind="parent",
            text=SECRET_TEXT,
            contact=SECRET_CONTACT,
        )
    )


def report_form_data(**overrides: str) -> dict[str, str]:
    """A report as a person sends it: the form was opened a minute ago, the honeypot is empty."""
    data = {
        "region": "64.71",
        "reporter_kind": "child",
        "text": "Ada yang mengganggu saya di jalan pulang sekolah.",
        "contact": "",
        "consent": "on",
        "website": "",
        "started": throttle.started_token(time.time() - 60),
    }
    data.update(overrides)
    return data
