"""Shared fixtures of the evaluation tests (also used by the evidence and workbook tests):
the open 2026 cycle with the KLA 2023 instrument, and named people."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from layakanak.accounts.actions import do_create_user
from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.regions.models import Region
from tests import clock
from tests.shipped import load_shipped_instruments

PASSWORD = "correct horse battery staple"


def make_user(email: str, name: str, *specs: AssignmentSpec) -> User:
    return do_create_user(
        email=email,
        full_name=name,
        assignments=specs,
        actor="test",
        send_invitation=False,
        password=PASSWORD,
    )


@pytest.fixture
def kla2023(regions: None) -> InstrumentVersion:
    """KLA 2022 and KLA 2023 loaded as `layakanak load_instrument --shipped` loads them (the
    command itself is tested in tests/instruments)."""
    load_shipped_instruments()
    return InstrumentVersion.objects.get(slug="kla-2023")


@pytest.fixture
def cycle(kla2023: InstrumentVersion) -> Cycle:
    """Cycle 2026: the self-assessment window opened 10 days ago and closes in 20 days."""
    now = clock.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=kla2023,
        windows={
            "evaluasi_mandiri": (now - 10 * day, now + 20 * day),
            "verifikasi_administrasi": (now + 21 * day, now + 50 * day),
        },
        actor="test",
    )
    do_add_participants(
        cycle, Region.objects.filter(code__in=["64.71", "64.72", "31.71"]), actor="test"
    )
    return cycle


@pytest.fixture
def balikpapan(cycle: Cycle) -> Submission:
    return Submission.objects.get(cycle=cycle, region__code="64.71")


@pytest.fixture
def samarinda(cycle: Cycle) -> Submission:
    return Submission.objects.get(cycle=cycle, region__code="64.72")


@pytest.fixture
def operator_balikpapan(regions: None) -> User:
    return make_user(
        "operator@balikpapan.example",
        "Ayu Operator Balikpapan",
        AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71")),
    )


@pytest.fixture
def operator_samarinda(regions: None) -> User:
    return make_user(
        "operator@samarinda.example",
        "Budi Operator Samarinda",
        AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.72")),
    )


@pytest.fixture
def dinkes_balikpapan(regions: None) -> User:
    return make_user(
        "dinkes@balikpapan.example",
        "Citra Dinkes Balikpapan",
        AssignmentSpec(
            role="kontributor_opd",
            region=Region.objects.get(code="64.71"),
            opd_name="Dinas Kesehatan",
        ),
    )


@pytest.fixture
def central_admin(regions: None) -> User:
    return make_user(
        "admin@kemenpppa.example", "Dewi Admin Pusat", AssignmentSpec(role="admin_pusat")
    )


@pytest.fixture
def verifier_kaltim(regions: None) -> User:
    return make_user(
        "verifikator@kaltimprov.example",
        "Eko Verifikator Kaltim",
        AssignmentSpec(role="verifikator_provinsi", region=Region.objects.get(code="64")),
    )


def logged_in(client: Client, user: User) -> Client:
    """Log in; for roles that need a second factor, as if the TOTP code had been entered."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from layakanak.accounts.access import requires_two_factor

    client.force_login(user)
    if requires_two_factor(user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


# Fixtures of the evidence upload and Excel workbook tests (their own module).
from tests.evaluation.fixtures_evidence import (  # noqa: E402, F401
    evidence_storage,
    old_perda,
    old_samarinda_perda,
    previous_cycle,
)
