"""Named people for the account tests: one per role, plus an operator of another region and a
verifier of another province. `log_in` opens a session the way the login page leaves it,
including the second factor for roles that need one."""

from __future__ import annotations

from binascii import unhexlify
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts import actions
from layakanak.accounts.access import requires_two_factor
from layakanak.accounts.models import Role, User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.regions.models import Region

PASSWORD = "kata-sandi-yang-panjang-2025"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make_person(
    email: str,
    role: str | None = None,
    code: str = "",
    *,
    opd_name: str = "",
    indicators: tuple[str, ...] = (),
) -> User:
    assignments = []
    if role is not None:
        team = role in (Role.TIM_LAPANGAN, Role.TIM_INDEPENDEN)
        regions = tuple(region(c) for c in code.split(";") if c)
        assignments.append(
            AssignmentSpec(
                role=role,
                region=None if team or not regions else regions[0],
                assigned_regions=regions if team else (),
                opd_name=opd_name,
                indicator_numbers=indicators,
            )
        )
    return actions.do_create_user(
        email=email,
        full_name=email.split("@")[0].replace(".", " ").title(),
        assignments=assignments,
        actor="test",
        password=PASSWORD,
        send_invitation=False,
    )


def totp_now(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(unhexlify(device.key), step=device.step, digits=device.digits)
    totp.time += offset * device.step
    return f"{totp.token():06d}"


def add_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def log_in(client: Client, user: User) -> Client:
    """A session as left by the login page (password and, if required, the second factor)."""
    user.refresh_from_db()  # the session hash must match the stored session salt
    client.force_login(user)
    if requires_two_factor(user):
        device = TOTPDevice.objects.filter(user=user).first() or add_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def central_admin(regions: None) -> User:
    return make_person("admin.pusat@kemenpppa.go.id", Role.ADMIN_PUSAT)


@pytest.fixture
def central_verifier(regions: None) -> User:
    return make_person("verifikator.pusat@kemenpppa.go.id", Role.VERIFIKATOR_PUSAT)


@pytest.fixture
def health_ministry_verifier(regions: None) -> User:
    return make_person(
        "verifikator@kemkes.go.id",
        Role.VERIFIKATOR_KL,
        opd_name="Kementerian Kesehatan",
        indicators=("12", "13", "14", "15", "16", "17"),
    )


@pytest.fixture
def kaltim_verifier(regions: None) -> User:
    """The provincial verifier of Kalimantan Timur."""
    return make_person("verifikator@kaltimprov.go.id", Role.VERIFIKATOR_PROVINSI, "64")


@pytest.fixture
def jakarta_verifier(regions: None) -> User:
    """A verifier of another province (DKI Jakarta)."""
    return make_person("verifikator@jakarta.go.id", Role.VERIFIKATOR_PROVINSI, "31")


@pytest.fixture
def balikpapan_field_team(regions: None) -> User:
    return make_person("tim.lapangan@kemenpppa.go.id", Role.TIM_LAPANGAN, "64.71")


@pytest.fixture
def balikpapan_operator(regions: None) -> User:
    """The operator of Kota Balikpapan."""
    return make_person("operator@balikpapan.go.id", Role.OPERATOR_DAERAH, "64.71")


@pytest.fixture
def samarinda_operator(regions: None) -> User:
    """An operator of another region (Kota Samarinda)."""
    return make_person("operator@samarindakota.go.id", Role.OPERATOR_DAERAH, "64.72")


@pytest.fixture
def balikpapan_health_office(regions: None) -> User:
    """The kontributor OPD of Dinas Kesehatan Kota Balikpapan."""
    return make_person(
        "dinkes@balikpapan.go.id", Role.KONTRIBUTOR_OPD, "64.71", opd_name="Dinas Kesehatan"
    )


@pytest.fixture
def balikpapan_service_officer(regions: None) -> User:
    return make_person("layanan@balikpapan.go.id", Role.PETUGAS_LAYANAN, "64.71")


ROLE_FIXTURES = (
    "central_admin",
    "central_verifier",
    "health_ministry_verifier",
    "kaltim_verifier",
    "jakarta_verifier",
    "balikpapan_field_team",
    "balikpapan_operator",
    "samarinda_operator",
    "balikpapan_health_office",
    "balikpapan_service_officer",
)


@pytest.fixture
def client_for(client: Client) -> Callable[[User], Client]:
    def open_session(user: User) -> Client:
        return log_in(client, user)

    return open_session


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Every named person, by fixture name."""
    return {name: request.getfixturevalue(name) for name in ROLE_FIXTURES}
