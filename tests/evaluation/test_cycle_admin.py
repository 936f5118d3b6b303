"""Setting up cycles from pages (issue 5, item 1): the cycle list and the new-cycle form, the
settings page (windows and participants), removing a region that has not started, extensions,
and the `create_cycle` command. Only the central admin (admin pusat) gets in."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from layakanak.audit.models import AuditEvent
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.actions.cycles import (
    do_create_cycle,
    do_remove_participant,
    do_set_stage_window,
    do_set_stage_windows,
)
from layakanak.evaluation.errors import CycleSetupRefused, StageClosed
from layakanak.evaluation.forms_cycle_admin import proposed_extension
from layakanak.evaluation.models import Cycle, Extension, StageWindow, Submission
from layakanak.lib.timezones import WIB, WITA
from layakanak.regions.models import Region
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
KALTIM_REGENCIES = 10  # Kalimantan Timur: 7 kabupaten and 3 kota in the fixture subset


def _local(moment: datetime.datetime, zone=WIB) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _new_cycle_post(**overrides: str) -> dict[str, str]:
    return {
        "slug": "2027",
        "name_id": "Evaluasi KLA 2027",
        "name_en": "KLA evaluation 2027",
        "instrument": "kla-2023",
        "reminder_days": "7, 3, 1",
        "opens_evaluasi_mandiri": "2027-03-01T08:00",
        "closes_evaluasi_mandiri": "2027-04-30T23:59",
        "opens_verifikasi_administrasi": "2027-05-01T08:00",
        "closes_verifikasi_administrasi": "2027-05-31T17:00",
        **overrides,
    }


@pytest.fixture
def admin_client(central_admin) -> Client:
    return logged_in(Client(), central_admin)


@pytest.fixture
def central_verifier(regions: None):
    from layakanak.accounts.roles import AssignmentSpec
    from tests.evaluation.conftest import make_user

    return make_user(
        "verifikator@kemenpppa.example",
        "Fajar Verifikator Pusat",
        AssignmentSpec(role="verifikator_pusat"),
    )


# --- The list of cycles and the new-cycle form -----------------------------------------------


def test_the_list_has_an_empty_state(admin_client, kla2023) -> None:
    response = admin_client.get(reverse("cycle-admin-list"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert b'class="empty"' in response.content


def test_the_list_shows_each_cycle_with_its_stage_and_participants(admin_client, cycle) -> None:
    response = admin_client.get(reverse("cycle-admin-list"))
    [(listed, stage)] = response.context["rows"]
    assert listed.slug == "2026" and listed.participants == 3
    assert stage == str(listed.ordered_windows[0].get_stage_display())
    assert reverse("cockpit", args=["2026"]).encode() in response.content
    assert reverse("cycle-admin-settings", args=["2026"]).encode() in response.content


def test_only_active_instrument_versions_are_offered(admin_client, kla2023) -> None:
    form = admin_client.get(reverse("cycle-admin-list")).context["form"]
    assert [v.slug for v in form.fields["instrument"].queryset] == ["kla-2023"]  # 2022 retired
    response = admin_client.post(
        reverse("cycle-admin-list"), _new_cycle_post(instrument="kla-2022")
    )
    assert response.status_code == 400
    assert "instrument" in response.context["form"].errors


def test_the_central_admin_creates_a_cycle_on_the_page(
    admin_client, central_admin, kla2023
) -> None:
    response = admin_client.post(reverse("cycle-admin-list"), _new_cycle_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("cycle-admin-settings", args=["2027"])
    cycle = Cycle.objects.get(slug="2027")
    assert (cycle.name_id, cycle.name_en, cycle.instrument.slug) == (
        "Evaluasi KLA 2027",
        "KLA evaluation 2027",
        "kla-2023",
    )
    assert cycle.reminder_days == [7, 3, 1]
    window = StageWindow.objects.get(cycle=cycle, stage="evaluasi_mandiri")
    # 08:00 WIB is 01:00 UTC; stored aware.
    assert window.opens_at == datetime.datetime(2027, 3, 1, 1, 0, tzinfo=datetime.UTC)
    assert window.closes_at == datetime.datetime(2027, 4, 30, 16, 59, tzinfo=datetime.UTC)
    assert set(cycle.windows.values_list("stage", flat=True)) == {
        "evaluasi_mandiri",
        "verifikasi_administrasi",
    }
    event = AuditEvent.objects.get(action="cycle.created", object_id="2027")
    assert event.actor_id == central_admin.pk


def test_bad_input_is_kept_in_the_form_with_its_errors(admin_client, kla2023) -> None:
    response = admin_client.post(
        reverse("cycle-admin-list"),
        _new_cycle_post(
            slug="KLA 2027!",
            reminder_days="7, tiga",
            closes_evaluasi_mandiri="2027-02-01T08:00",  # before it opens
            opens_verifikasi_lapangan="2027-07-01T08:00",  # no closing time
            opens_penetapan="kemarin",
            closes_penetapan="2027-12-01T08:00",
        ),
    )
    assert response.status_code == 400
    assert not Cycle.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) == {
        "slug",
        "reminder_days",
        "closes_evaluasi_mandiri",
        "closes_verifikasi_lapangan",  # the one missing
        "opens_penetapan",
    }
    page = response.content.decode()
    # Nothing typed is lost.
    for typed in ('value="Evaluasi KLA 2027"', 'value="KLA 2027!"', 'value="7, tiga"'):
        assert typed in page
    assert 'value="2027-02-01T08:00"' in page and 'value="kemarin"' in page
    assert 'value="2027-07-01T08:00"' in page
    assert 'role="alert"' in page


def test_a_taken_slug_is_refused(admin_client, cycle) -> None:
    response = admin_client.post(reverse("cycle-admin-list"), _new_cycle_post(slug="2026"))
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors
    assert Cycle.objects.count() == 1


def test_stages_out_of_order_are_refused_by_the_form_and_the_action(admin_client, kla2023) -> None:
    response = admin_client.post(
        reverse("cycle-admin-list"),
        _new_cycle_post(
            opens_verifikasi_administrasi="2027-02-01T08:00",  # before the self-assessment
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Cycle.objects.exists()
    now = timezone.now()
    with pytest.raises(CycleSetupRefused, match="may not open or close before"):
        do_create_cycle(
            "2027",
            name_id="x",
            name_en="x",
            instrument=kla2023,
            windows={
                "evaluasi_mandiri": (now, now + 10 * DAY),
                "verifikasi_administrasi": (now - DAY, now + 20 * DAY),
            },
            actor="test",
        )


def test_the_action_refuses_naive_times_unknown_stages_and_bad_slugs(kla2023) -> None:
    naive = datetime.datetime(2027, 3, 1, 8, 0)
    aware = naive.replace(tzinfo=WIB)
    cases = [
        ("2027", {"evaluasi_mandiri": (naive, naive + DAY)}, "time zone"),
        ("2027", {"pesta": (aware, aware + DAY)}, "Unknown stage"),
        ("2027", {"evaluasi_mandiri": (aware, aware)}, "must close after"),
        ("KLA_2027", {}, "not valid"),
    ]
    for slug, windows, message in cases:
        with pytest.raises(CycleSetupRefused, match=message):
            do_create_cycle(
                slug, name_id="x", name_en="x", instrument=kla2023, windows=windows, actor="t"
            )
    assert not Cycle.objects.exists()


# --- Settings: windows and participants ------------------------------------------------------


def _windows_post(cycle: Cycle, **changes: datetime.datetime) -> dict[str, str]:
    # The form carries the version of the settings it showed (issue 18: no lost updates).
    data = {"version": str(Cycle.objects.get(pk=cycle.pk).version)}
    for window in cycle.windows.all():
        data[f"opens_{window.stage}"] = _local(window.opens_at)
        data[f"closes_{window.stage}"] = _local(window.closes_at)
    data.update({name: _local(moment) for name, moment in changes.items()})
    return data


def test_the_settings_page_changes_a_window(admin_client, cycle) -> None:
    window = cycle.windows.get(stage="verifikasi_administrasi")
    # A whole minute in WIB, as the form's fields hold it, 100 days after the window closed.
    new_close = (window.closes_at + 100 * DAY).astimezone(WIB).replace(second=0, microsecond=0)
    response = admin_client.post(
        reverse("cycle-admin-windows", args=["2026"]),
        _windows_post(
            cycle,
            closes_verifikasi_administrasi=new_close,
            opens_verifikasi_lapangan=window.opens_at + DAY,
            closes_verifikasi_lapangan=new_close + DAY,
        ),
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.closes_at == new_close
    assert cycle.windows.filter(stage="verifikasi_lapangan").exists()
    events = AuditEvent.objects.filter(action="cycle.window_set", object_id="2026")
    # Only the changed and the new windows are written.
    assert sorted(next(iter(e.after)) for e in events) == [
        "verifikasi_administrasi",
        "verifikasi_lapangan",
    ]


def test_moving_every_stage_later_is_one_save(admin_client, cycle) -> None:
    """Moving the self-assessment past the old administrative window alone would break the order;
    saved together with the later stage it is accepted."""
    em = cycle.windows.get(stage="evaluasi_mandiri")
    va = cycle.windows.get(stage="verifikasi_administrasi")
    shift = 60 * DAY
    response = admin_client.post(
        reverse("cycle-admin-windows", args=["2026"]),
        _windows_post(
            cycle,
            closes_evaluasi_mandiri=em.closes_at + shift,
            opens_verifikasi_administrasi=va.opens_at + shift,
            closes_verifikasi_administrasi=va.closes_at + shift,
        ),
    )
    assert response.status_code == 302
    old_close = em.closes_at.replace(second=0, microsecond=0)
    em.refresh_from_db()
    assert em.closes_at == old_close + shift
    va.refresh_from_db()
    with pytest.raises(CycleSetupRefused):
        do_set_stage_windows(
            cycle, {"evaluasi_mandiri": (em.opens_at, va.closes_at + DAY)}, actor="t"
        )


def test_a_window_cannot_be_removed_and_nothing_is_saved_on_errors(admin_client, cycle) -> None:
    before = {w.stage: (w.opens_at, w.closes_at) for w in cycle.windows.all()}
    data = _windows_post(cycle)
    data["opens_verifikasi_administrasi"] = data["closes_verifikasi_administrasi"] = ""
    data["closes_evaluasi_mandiri"] = "2040-01-01T00:00"
    response = admin_client.post(reverse("cycle-admin-windows", args=["2026"]), data)
    assert response.status_code == 400
    assert "opens_verifikasi_administrasi" in response.context["windows_form"].errors
    assert 'value="2040-01-01T00:00"' in response.content.decode()
    assert {w.stage: (w.opens_at, w.closes_at) for w in cycle.windows.all()} == before


def test_participants_are_added_by_province_after_a_confirmation(
    admin_client, central_admin, cycle
) -> None:
    url = reverse("cycle-admin-participants", args=["2026"])
    response = admin_client.post(url, {"mode": "provinces", "provinces": ["64", "65"]})
    assert response.status_code == 200
    assert "evaluation/cycle_admin/confirm_participants.html" in [
        t.name for t in response.templates
    ]
    expected = Region.objects.filter(level="regency", parent__code__in=["64", "65"]).count()
    assert response.context["count"] == expected - 2  # Balikpapan and Samarinda take part
    assert Submission.objects.filter(cycle=cycle).count() == 3  # nothing added yet
    confirm = response.content.decode()
    assert 'name="confirmed"' in confirm
    response = admin_client.post(
        url, {"mode": "provinces", "provinces": ["64", "65"], "confirmed": "on"}
    )
    assert response.status_code == 302
    assert Submission.objects.filter(cycle=cycle).count() == expected + 1  # and Jakarta Pusat
    event = AuditEvent.objects.get(action="cycle.participants_added", actor=central_admin)
    assert len(event.after["regions"]) == expected - 2
    assert event.actor_id == central_admin.pk


def test_pasted_codes_with_an_unknown_code_add_nothing(admin_client, cycle) -> None:
    url = reverse("cycle-admin-participants", args=["2026"])
    pasted = "64.01\n64.02, 99.99; 64.7x"
    response = admin_client.post(url, {"mode": "codes", "codes": pasted, "confirmed": "on"})
    assert response.status_code == 400
    [error] = response.context["participants_form"].errors["codes"]
    assert "99.99, 64.7x" in error
    assert pasted in response.content.decode()  # kept in the form
    assert Submission.objects.filter(cycle=cycle).count() == 3


def test_pasted_codes_are_added(admin_client, cycle) -> None:
    url = reverse("cycle-admin-participants", args=["2026"])
    response = admin_client.post(url, {"mode": "codes", "codes": "64.01\n64.02 64.71"})
    assert response.context["count"] == 2  # 64.71 takes part already
    assert 'value="64.01 64.02 64.71"' in response.content.decode()
    admin_client.post(url, {"mode": "codes", "codes": "64.01 64.02 64.71", "confirmed": "on"})
    assert set(Submission.objects.filter(cycle=cycle).values_list("region__code", flat=True)) == {
        "31.71",
        "64.01",
        "64.02",
        "64.71",
        "64.72",
    }


def test_adding_all_regions_shows_the_count_first(admin_client, cycle) -> None:
    url = reverse("cycle-admin-participants", args=["2026"])
    response = admin_client.post(url, {"mode": "all"})
    everyone = Region.objects.filter(level="regency", retired_on__isnull=True).count()
    assert response.context["count"] == everyone - 3
    assert f"{everyone - 3}".encode() in response.content
    assert Submission.objects.filter(cycle=cycle).count() == 3
    admin_client.post(url, {"mode": "all", "confirmed": "on"})
    assert Submission.objects.filter(cycle=cycle).count() == everyone


def test_a_region_that_has_not_started_can_be_removed(admin_client, cycle, samarinda) -> None:
    url = reverse("cycle-admin-remove", args=["2026", "64.72"])
    page = admin_client.get(url)
    assert page.status_code == 200 and page.context["removable"]
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not Submission.objects.filter(pk=samarinda.pk).exists()
    event = AuditEvent.objects.get(action="cycle.participant_removed")
    assert event.before == {"region": "64.72"}


def test_a_region_with_answers_cannot_be_removed(
    admin_client, cycle, balikpapan, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    url = reverse("cycle-admin-remove", args=["2026", "64.71"])
    assert not admin_client.get(url).context["removable"]
    admin_client.post(url)
    assert Submission.objects.filter(pk=balikpapan.pk).exists()
    with pytest.raises(CycleSetupRefused, match="started"):
        do_remove_participant(balikpapan, actor="test")
    assert not AuditEvent.objects.filter(action="cycle.participant_removed").exists()


# --- Extensions ------------------------------------------------------------------------------


def test_the_extension_form_proposes_48_hours_in_the_region_time_zone(admin_client, cycle) -> None:
    response = admin_client.get(reverse("cycle-admin-extension", args=["2026", "64.71"]))
    form = response.context["form"]
    assert response.context["zone"] == "WITA"  # Kalimantan Timur
    proposed = form["until"].value()
    # 2×24 hours after the region's current deadline (the window closes in 20 days), not after
    # now: a date before the deadline is refused, so the first submit always failed (issue 19).
    closes = cycle.windows.get(stage="evaluasi_mandiri").closes_at
    expected = closes + datetime.timedelta(hours=48)
    assert abs(proposed - expected.astimezone(WITA).replace(tzinfo=None)) < datetime.timedelta(
        minutes=2
    )
    assert "WITA" in str(form.fields["until"].label)


def test_the_proposed_extension_is_accepted_as_it_is(admin_client, cycle) -> None:
    """Submitting the form as proposed grants the extension; the next proposal starts from it."""
    url = reverse("cycle-admin-extension", args=["2026", "64.71"])
    form = admin_client.get(url).context["form"]
    data = {
        "stage": form["stage"].value(),
        "until": form["until"].value().strftime("%Y-%m-%dT%H:%M"),
        "reason": "Gangguan jaringan",
    }
    assert admin_client.post(url, data).status_code == 302
    granted = Extension.objects.get(submission__region__code="64.71").until
    assert granted >= cycle.windows.get(stage="evaluasi_mandiri").closes_at + datetime.timedelta(
        hours=48
    )
    again = admin_client.get(url).context["form"]["until"].value()
    assert again >= (granted + datetime.timedelta(hours=48)).astimezone(WITA).replace(tzinfo=None)


def test_after_the_deadline_the_extension_proposed_starts_from_now() -> None:
    now = datetime.datetime(2026, 3, 2, 8, 15, 30, tzinfo=datetime.UTC)
    passed = now - datetime.timedelta(days=3)
    assert proposed_extension(passed, now) == datetime.datetime(
        2026, 3, 4, 8, 16, tzinfo=datetime.UTC
    )
    assert proposed_extension(None, now) == proposed_extension(passed, now)
    later = now + datetime.timedelta(days=1)
    assert proposed_extension(later, now) == datetime.datetime(
        2026, 3, 5, 8, 16, tzinfo=datetime.UTC
    )


def test_an_extension_needs_a_reason_and_a_moment_after_the_window(admin_client, cycle) -> None:
    url = reverse("cycle-admin-extension", args=["2026", "64.71"])
    closes = cycle.windows.get(stage="evaluasi_mandiri").closes_at
    response = admin_client.post(
        url,
        {"stage": "evaluasi_mandiri", "until": _local(closes + DAY, WITA), "reason": "   "},
    )
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    response = admin_client.post(
        url,
        {"stage": "evaluasi_mandiri", "until": _local(closes - DAY, WITA), "reason": "Banjir"},
    )
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    response = admin_client.post(
        url, {"stage": "penetapan", "until": _local(closes + DAY, WITA), "reason": "Banjir"}
    )
    assert response.status_code == 400 and "stage" in response.context["form"].errors
    assert not Extension.objects.exists()


def test_an_extension_granted_on_the_page_lets_the_operator_save_again(
    admin_client, central_admin, cycle, balikpapan, samarinda, operator_balikpapan
) -> None:
    now = timezone.now()
    do_set_stage_window(cycle, "evaluasi_mandiri", now - 10 * DAY, now - DAY, actor="test")
    with pytest.raises(StageClosed):
        do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    until = (now + 2 * DAY).replace(second=0, microsecond=0)
    response = admin_client.post(
        reverse("cycle-admin-extension", args=["2026", "64.71"]),
        {
            "stage": "evaluasi_mandiri",
            "until": _local(until, WITA),
            "reason": "Gangguan jaringan pada hari terakhir (2×24 jam)",
        },
    )
    assert response.status_code == 302
    extension = Extension.objects.get(submission=balikpapan)
    assert extension.until == until and extension.granted_by == central_admin
    assert (
        AuditEvent.objects.get(action="submission.extension_granted").actor_id == central_admin.pk
    )
    assert do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    # The region's page lists it with who granted it, in WITA.
    page = admin_client.get(reverse("cycle-admin-extension", args=["2026", "64.71"]))
    text = page.content.decode()
    assert "Gangguan jaringan pada hari terakhir" in text and "Dewi Admin Pusat" in text
    # The table shows WITA clock time (not the site's WIB time labelled WITA).
    assert until.astimezone(WITA).strftime("%H.%M") + " WITA</td>" in text
    # Only Balikpapan: Samarinda stays closed.
    assert not Extension.objects.filter(submission=samarinda).exists()


def test_the_cockpit_links_each_region_to_its_extensions_for_the_central_admin_only(
    admin_client, cycle, central_verifier
) -> None:
    link = reverse("cycle-admin-extension", args=["2026", "64.71"]).encode()
    assert link in admin_client.get(reverse("cockpit", args=["2026"])).content
    other = logged_in(Client(), central_verifier)
    cockpit = other.get(reverse("cockpit", args=["2026"]))
    assert cockpit.status_code == 200 and link not in cockpit.content


def test_the_staff_navigation_links_the_cycles_for_the_central_admin(admin_client, kla2023):
    assert reverse("cycle-admin-list").encode() in admin_client.get(reverse("home")).content


# --- Refusals --------------------------------------------------------------------------------


def _urls() -> list[tuple[str, str]]:
    return [
        ("get", reverse("cycle-admin-list")),
        ("post", reverse("cycle-admin-list")),
        ("get", reverse("cycle-admin-settings", args=["2026"])),
        ("post", reverse("cycle-admin-windows", args=["2026"])),
        ("post", reverse("cycle-admin-participants", args=["2026"])),
        ("get", reverse("cycle-admin-remove", args=["2026", "64.72"])),
        ("post", reverse("cycle-admin-remove", args=["2026", "64.72"])),
        ("get", reverse("cycle-admin-extension", args=["2026", "64.71"])),
        ("post", reverse("cycle-admin-extension", args=["2026", "64.71"])),
    ]


@pytest.mark.parametrize(
    "person", ["operator_balikpapan", "verifier_kaltim", "central_verifier", "dinkes_balikpapan"]
)
def test_everyone_but_the_central_admin_gets_a_404(
    person: str, request: pytest.FixtureRequest, cycle
) -> None:
    client = logged_in(Client(), request.getfixturevalue(person))
    for method, url in _urls():
        data = {"mode": "all", "confirmed": "on"} if "peserta" in url else _new_cycle_post()
        assert getattr(client, method)(url, data if method == "post" else None).status_code == (
            404
        ), url
    assert Cycle.objects.count() == 1
    assert Submission.objects.filter(cycle=cycle).count() == 3


def test_a_visitor_is_sent_to_the_login_page(cycle) -> None:
    for method, url in _urls():
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url


def test_a_missing_cycle_or_region_is_a_404_for_the_admin_too(admin_client, cycle) -> None:
    assert admin_client.get(reverse("cycle-admin-settings", args=["1999"])).status_code == 404
    url = reverse("cycle-admin-extension", args=["2026", "65.01"])  # not taking part
    assert admin_client.get(url).status_code == 404


# --- The command -----------------------------------------------------------------------------


def test_the_command_creates_a_cycle_with_windows_and_participants(kla2023, tmp_path) -> None:
    out = StringIO()
    call_command(
        "create_cycle",
        "2027",
        "--instrument=kla-2023",
        "--name-id=Evaluasi KLA 2027",
        "--name-en=KLA evaluation 2027",
        "--window=evaluasi_mandiri=2027-03-01T08:00/2027-04-30T23:59",
        "--window=verifikasi_administrasi=2027-05-01T08:00+08:00/2027-05-31T17:00+08:00",
        "--participants=65,31.71",
        "--reminder-days=5,1",
        stdout=out,
    )
    cycle = Cycle.objects.get(slug="2027")
    assert cycle.reminder_days == [5, 1]
    em = cycle.windows.get(stage="evaluasi_mandiri")
    assert em.opens_at == datetime.datetime(2027, 3, 1, 1, 0, tzinfo=datetime.UTC)  # WIB
    va = cycle.windows.get(stage="verifikasi_administrasi")
    assert va.opens_at == datetime.datetime(2027, 5, 1, 0, 0, tzinfo=datetime.UTC)
    codes = set(cycle.submissions.values_list("region__code", flat=True))
    north = set(Region.objects.filter(parent__code="65").values_list("code", flat=True))
    assert codes == north | {"31.71"}
    assert f"{len(codes)} participating" in out.getvalue()
    assert AuditEvent.objects.filter(action="cycle.created", actor_label="command:create_cycle")


def test_the_command_reads_codes_from_a_file_and_refuses_unknown_codes(kla2023, tmp_path):
    codes = tmp_path / "peserta.txt"
    codes.write_text("64.71\n64.72\n", encoding="utf-8")
    base = ["--instrument=kla-2023", "--name-id=A", "--name-en=A"]
    call_command("create_cycle", "2027", *base, f"--participants={codes}", stdout=StringIO())
    assert Cycle.objects.get(slug="2027").submissions.count() == 2
    codes.write_text("64.71\n99.99\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"99\.99"):
        call_command("create_cycle", "2028", *base, f"--participants={codes}")
    with pytest.raises(CommandError, match="must close after"):
        call_command(
            "create_cycle", "2028", *base, "--window=evaluasi_mandiri=2027-03-01/2027-02-01"
        )
    with pytest.raises(CommandError, match="No active instrument"):
        call_command("create_cycle", "2028", "--instrument=kla-2022", "--name-id=A", "--name-en=A")
    assert not Cycle.objects.filter(slug="2028").exists()
