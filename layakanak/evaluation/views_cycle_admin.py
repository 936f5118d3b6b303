"""Setting up evaluation cycles, for the central admin (admin pusat), under /kelola/siklus/:
the list of cycles with the form for a new one, a cycle's settings (stage windows and
participating kab/kota), removing a region that has not started, and a region's extensions.

Every write goes through the actions of `actions.cycles` (`do_create_cycle`,
`do_set_stage_windows`, `do_add_participants`, `do_remove_participant`, `do_grant_extension`);
every check through `access` (anyone but the central admin gets a 404)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from layakanak.core import display
from layakanak.evaluation import access
from layakanak.evaluation.actions import cycles as cycle_actions
from layakanak.evaluation.errors import CycleSetupRefused, EditConflict
from layakanak.evaluation.forms_cycle_admin import (
    CycleForm,
    ExtensionForm,
    ParticipantsForm,
    WindowsForm,
    zone_name,
)
from layakanak.evaluation.models import Cycle, Extension, Stage, StageWindow, Submission
from layakanak.evaluation.windows import deadline_for
from layakanak.lib.timezones import zone_for

# Shown before adding the regions: the first ones by name, then "and N more".
CONFIRM_PREVIEW = 30


def stage_now(windows: list[StageWindow], now: datetime.datetime) -> str:
    """The stages open at `now` (several when windows overlap), or where the cycle stands."""
    if not windows:
        return _("No windows yet")
    open_now = [w for w in windows if w.opens_at <= now <= w.closes_at]
    if open_now:
        return ", ".join(str(Stage(w.stage).label) for w in open_now)
    if now < min(w.opens_at for w in windows):
        return _("Not open yet")
    upcoming = [w for w in windows if w.opens_at > now]
    if upcoming:
        following = min(upcoming, key=lambda w: w.opens_at)
        return _("Between stages (next: %(stage)s)") % {"stage": Stage(following.stage).label}
    return _("Every window has closed")


def _cycles() -> list[Cycle]:
    ordered = StageWindow.objects.order_by("opens_at")
    return list(
        Cycle.objects.select_related("instrument")
        .defer("instrument__document")
        .annotate(participants=Count("submissions"))
        .prefetch_related(Prefetch("windows", queryset=ordered, to_attr="ordered_windows"))
        .order_by("-slug")
    )


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    """The cycles, and the form for a new one (posted here)."""
    access.require_cycle_admin(request.user)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = cycle_actions.do_create_cycle(
                data["slug"],
                name_id=data["name_id"],
                name_en=data["name_en"],
                instrument=data["instrument"],
                windows=data["windows"],
                reminder_days=data["reminder_days"],
                actor=request.user,
            )
        except CycleSetupRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Cycle %(slug)s created. Now choose the participating kabupaten/kota.")
                % {"slug": cycle.slug},
            )
            return redirect("cycle-admin-settings", cycle.slug)
    now = timezone.now()
    cycles = _cycles()
    rows = [(cycle, stage_now(cycle.ordered_windows, now)) for cycle in cycles]  # type: ignore[attr-defined]
    status = 400 if request.method == "POST" else 200
    return render(
        request, "evaluation/cycle_admin/list.html", {"rows": rows, "form": form}, status=status
    )


def _participant_rows(cycle: Cycle) -> list[Submission]:
    return list(
        Submission.objects.filter(cycle=cycle)
        .select_related("region__parent")
        .annotate(n_extensions=Count("extensions"), extended_until=Max("extensions__until"))
        .order_by("region__code")
    )


def _render_settings(
    request: HttpRequest,
    cycle: Cycle,
    *,
    windows_form: WindowsForm | None = None,
    participants_form: ParticipantsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    extensions = (
        Extension.objects.filter(submission__cycle=cycle)
        .select_related("submission__region", "granted_by")
        .order_by("-granted_at")
    )
    context = {
        "cycle": cycle,
        "windows_form": windows_form or WindowsForm(cycle=cycle),
        "participants_form": participants_form or ParticipantsForm(cycle=cycle),
        "participants": _participant_rows(cycle),
        "extensions": [_extension_row(e) for e in extensions],
    }
    return render(request, "evaluation/cycle_admin/settings.html", context, status=status)


def _extension_row(extension: Extension) -> dict[str, Any]:
    """An extension and its region (the table shows its times in the region's zone)."""
    return {"extension": extension, "region": extension.submission.region}


@login_required
def cycle_settings(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_setup(request.user, cycle_slug)
    return _render_settings(request, cycle)


@login_required
@require_POST
def cycle_windows(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_setup(request.user, cycle_slug)
    form = WindowsForm(request.POST, cycle=cycle)
    status = 400
    if form.is_valid():
        changed = form.cleaned_data["changed"]
        try:
            cycle_actions.do_set_stage_windows(
                cycle, changed, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        except EditConflict as conflict:
            # Another administrator saved since this page was loaded: say who, keep what was
            # typed, and carry the new version so that saving again replaces their change.
            form.add_error(None, conflict.message)
            form.show_version(conflict.current_version)
            status = conflict.status
        except CycleSetupRefused as error:
            form.add_error(None, error.message)
        else:
            if changed:
                messages.success(request, _("The stage windows were saved."))
            else:
                messages.info(request, _("No window was changed."))
            return redirect("cycle-admin-settings", cycle.slug)
    return _render_settings(request, cycle, windows_form=form, status=status)


@login_required
@require_POST
def cycle_participants(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    """Add kab/kota: the first post shows how many will be added and asks to confirm."""
    cycle = access.access_cycle_for_setup(request.user, cycle_slug)
    form = ParticipantsForm(request.POST, cycle=cycle)
    if not form.is_valid():
        return _render_settings(request, cycle, participants_form=form, status=400)
    regions = form.new_regions
    if not form.cleaned_data["confirmed"]:
        return render(
            request,
            "evaluation/cycle_admin/confirm_participants.html",
            {
                "cycle": cycle,
                "form": form,
                "count": len(regions),
                "preview": regions[:CONFIRM_PREVIEW],
                "more": max(len(regions) - CONFIRM_PREVIEW, 0),
            },
        )
    added = cycle_actions.do_add_participants(cycle, regions, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d kabupaten/kota added to the cycle.",
            "%(count)d kabupaten/kota added to the cycle.",
            added,
        )
        % {"count": added},
    )
    return redirect("cycle-admin-settings", cycle.slug)


@login_required
def participant_remove(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """A confirmation page, then the removal of a region that has not started."""
    submission = access.access_submission_for_setup(request.user, cycle_slug, region_code)
    if request.method == "POST":
        try:
            cycle_actions.do_remove_participant(submission, actor=request.user)
        except CycleSetupRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(region)s was removed from the cycle.") % {"region": submission.region.name},
            )
        return redirect("cycle-admin-settings", cycle_slug)
    removable = submission.status == "not_started" and not submission.answers.exists()
    return render(
        request,
        "evaluation/cycle_admin/remove_participant.html",
        {"submission": submission, "cycle": submission.cycle, "removable": removable},
    )


@login_required
def extension(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """A region's extensions, and the form to grant one (in the region's own time zone)."""
    submission = access.access_submission_for_setup(request.user, cycle_slug, region_code)
    zone = zone_for(submission.region.code)
    stages = list(
        StageWindow.objects.filter(cycle_id=submission.cycle_id).values_list("stage", flat=True)
    )
    form = ExtensionForm(
        request.POST or None,
        stages=stages,
        zone=zone,
        deadline=deadline_for(submission, Stage.EVALUASI_MANDIRI),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle_actions.do_grant_extension(
                submission, data["stage"], data["until"], data["reason"], actor=request.user
            )
        except CycleSetupRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Extension granted to %(region)s until %(until)s.")
                % {
                    "region": submission.region.name,
                    "until": display.region_time(data["until"], submission.region.code),
                },
            )
            return redirect("cycle-admin-extension", cycle_slug, region_code)
    windows = {w.stage: w for w in StageWindow.objects.filter(cycle_id=submission.cycle_id)}
    extensions = submission.extensions.select_related("granted_by", "submission__region")
    context = {
        "submission": submission,
        "cycle": submission.cycle,
        "form": form,
        "zone": zone_name(zone),
        "windows": [
            (Stage(stage).label, w.opens_at, w.closes_at)
            for stage, w in sorted(windows.items(), key=lambda item: item[1].opens_at)
        ],
        "extensions": [_extension_row(e) for e in extensions],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/cycle_admin/extension.html", context, status=status)
