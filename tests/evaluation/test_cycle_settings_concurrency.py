"""Two central administrators change a cycle's stage windows at once (issue 18, item 5): both
load the settings page, both save; the second save is refused with 409, names who saved first,
keeps what the second typed, and the first change stays. Cycle names and extension reasons have
limits (item 6)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.actions.cycles import do_create_cycle, do_grant_extension
from layakanak.evaluation.errors import CycleSetupRefused
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.models import InstrumentVersion
from layakanak.lib import limits
from tests.evaluation.conftest import logged_in, make_user
from tests.evaluation.test_cycle_admin import DAY, _local, _windows_post

pytestmark = pytest.mark.django_db


def administrator(email: str, name: str) -> User:
    return make_user(email, name, AssignmentSpec(role="admin_pusat"))


@pytest.fixture
def dewi(regions: None) -> User:
    return administrator("dewi@kemenpppa.example", "Dewi Admin Pusat")


@pytest.fixture
def eko(regions: None) -> User:
    return administrator("eko@kemenpppa.example", "Eko Admin Pusat")


def test_the_second_save_of_the_windows_is_refused_and_the_first_stays(
    cycle: Cycle, dewi: User, eko: User
) -> None:
    settings_page = reverse("cycle-admin-settings", args=[cycle.slug])
    url = reverse("cycle-admin-windows", args=[cycle.slug])
    first, second = logged_in(Client(), dewi), logged_in(Client(), eko)
    for session in (first, second):
        html = session.get(settings_page).content.decode()
        assert re.search(r'name="version" value="1"', html)
    va = cycle.windows.get(stage="verifikasi_administrasi")
    both_saw = _windows_post(cycle)
    dewi_close = va.closes_at + 10 * DAY
    eko_close = va.closes_at + 20 * DAY
    assert (
        first.post(
            url, {**both_saw, "closes_verifikasi_administrasi": _local(dewi_close)}
        ).status_code
        == 302
    )
    refused = second.post(url, {**both_saw, "closes_verifikasi_administrasi": _local(eko_close)})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Dewi Admin Pusat" in page
    assert f'value="{_local(eko_close)}"' in page  # what Eko typed is kept
    va.refresh_from_db()
    assert _local(va.closes_at) == _local(dewi_close)
    cycle.refresh_from_db()
    assert cycle.version == 2 and cycle.updated_by == dewi
    # Eko, told, saves again from that page: it carries the current version.
    assert re.search(r'name="version"[^>]*value="2"|value="2"[^>]*name="version"', page)
    again = refused.context["windows_form"].data.copy()
    assert second.post(url, again).status_code == 302
    va.refresh_from_db()
    assert _local(va.closes_at) == _local(eko_close)


def test_a_save_without_the_version_is_refused(cycle: Cycle, dewi: User) -> None:
    data = _windows_post(cycle)
    del data["version"]
    response = logged_in(Client(), dewi).post(
        reverse("cycle-admin-windows", args=[cycle.slug]), data
    )
    assert response.status_code == 400 and Cycle.objects.get().version == 1


def test_cycle_names_and_extension_reasons_have_limits(
    kla2023: InstrumentVersion, cycle: Cycle, balikpapan: Submission
) -> None:
    with pytest.raises(CycleSetupRefused, match=r"too long|terlalu panjang"):
        do_create_cycle(
            "2099",
            name_id="n" * (limits.NAME + 1),
            name_en="KLA 2099",
            instrument=kla2023,
            windows={},
            actor="test",
        )
    window = cycle.windows.get(stage="evaluasi_mandiri")
    with pytest.raises(CycleSetupRefused, match=r"too long|terlalu panjang"):
        do_grant_extension(
            balikpapan,
            "evaluasi_mandiri",
            window.closes_at + DAY,
            "r" * (limits.EXTENSION_REASON + 1),
            actor="test",
        )
    assert not Cycle.objects.filter(slug="2099").exists() and not balikpapan.extensions.exists()
