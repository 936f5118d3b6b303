"""Field verification, the predicate decision, the province view and the variance report."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from layakanak.accounts.models import Role, User
from layakanak.evaluation import stages
from layakanak.evaluation.errors import EditConflict, EvaluationRefused
from layakanak.evaluation.models import StageScore, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.engine import propose_from_points
from layakanak.scoring.explain import describe_held_back
from layakanak.scoring.model import Instrument, Text
from layakanak.verification import access, queries, variance
from layakanak.verification.actions._common import entering_refusal
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.field import (
    do_add_locus,
    do_save_forum_anak_notes,
    do_schedule_field_visit,
)
from layakanak.verification.models import (
    Decision,
    FieldVisit,
    ReviewState,
    VisitMode,
)
from layakanak.verification.site_kinds import site_kinds


def _field_team_candidates() -> list[User]:
    field_roles = [
        Role.TIM_LAPANGAN,
        Role.TIM_INDEPENDEN,
        Role.VERIFIKATOR_PUSAT,
        Role.VERIFIKATOR_KL,
    ]
    return list(
        User.objects.filter(role_assignments__role__in=field_roles, role_assignments__active=True)
        .distinct()
        .order_by("full_name")
    )


def _field_page(
    request: HttpRequest,
    submission: Submission,
    *,
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The field page; after a refused save, the forms show what was `typed` (the schedule,
    the site or the notes) with the visit's current version, so that nothing typed is lost and
    saving again, having been told, goes through."""
    visit = (
        FieldVisit.objects.filter(submission=submission).prefetch_related("team", "loci").first()
    )
    review = queries.review_of(submission)
    field_stage = stages.field_stage()
    kinds = site_kinds()
    typed = typed or {}
    schedule = {
        "date": visit.visit_date.isoformat() if visit else "",
        "mode": visit.mode if visit else "",
        "video_call_date": visit.video_call_date.isoformat()
        if visit and visit.video_call_date
        else "",
        "team_ids": {member.pk for member in visit.team.all()} if visit else set(),
        **typed.get("schedule", {}),
    }
    blocked = (
        entering_refusal(submission, field_stage.code)
        if field_stage is not None and review is not None and review.stage == field_stage.code
        else None
    )
    context = {
        "submission": submission,
        "blocked": blocked.message if blocked else "",
        "visit": visit,
        "version": visit.version if visit else 0,
        "schedule": schedule,
        "locus": typed.get("locus", {}),
        "forum_notes": typed.get("notes", visit.forum_anak_notes if visit else ""),
        "field_stage": field_stage,
        "editable": review is not None
        and field_stage is not None
        and review.stage == field_stage.code
        and review.state != ReviewState.DECIDED
        and blocked is None
        and access.can_work_on_field_visit(request.user, submission),
        "modes": VisitMode.choices,
        "kinds": [kind for kind in kinds if kind.active],
        "kind_by_code": {kind.code: kind for kind in kinds},
        "candidates": _field_team_candidates(),
    }
    return render(request, "verification/field.html", context, status=status)


@login_required
def field(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_field(request.user, cycle_slug, region_code)
    return _field_page(request, submission)


def _field_submission(request: HttpRequest, cycle_slug: str, region_code: str) -> Submission:
    submission = access.access_submission_for_field(request.user, cycle_slug, region_code)
    if not access.can_work_on_field_visit(request.user, submission):
        raise Http404
    return submission


def _expected_version(request: HttpRequest) -> int:
    """The visit's version the page showed; a form without one (a page older than versions,
    a script) counts as having shown none, so it cannot replace an existing visit unseen."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


def _refused(
    request: HttpRequest, submission: Submission, refusal: EvaluationRefused, typed: dict[str, Any]
) -> HttpResponse:
    messages.error(request, refusal.message)
    status = refusal.status if isinstance(refusal, EditConflict) else 400
    return _field_page(request, submission, typed=typed, status=status)


@require_POST
@login_required
def field_schedule(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = _field_submission(request, cycle_slug, region_code)
    candidates = {user.pk: user for user in _field_team_candidates()}
    team = [
        candidates[int(pk)]
        for pk in request.POST.getlist("team")
        if pk.isdigit() and int(pk) in candidates
    ]
    typed = {
        "schedule": {
            "date": request.POST.get("visit_date", ""),
            "mode": request.POST.get("mode", ""),
            "video_call_date": request.POST.get("video_call_date", ""),
            "team_ids": {member.pk for member in team},
        }
    }
    try:
        visit_date = datetime.date.fromisoformat(request.POST.get("visit_date", ""))
    except ValueError:
        return _refused(
            request,
            submission,
            EvaluationRefused(gettext_lazy("Give the date of the visit.")),
            typed,
        )
    try:
        raw_call = request.POST.get("video_call_date", "").strip()
        video_call_date = datetime.date.fromisoformat(raw_call) if raw_call else None
    except ValueError:
        return _refused(
            request,
            submission,
            EvaluationRefused(gettext_lazy("The date of the video call could not be read.")),
            typed,
        )
    try:
        do_schedule_field_visit(
            submission,
            visit_date=visit_date,
            video_call_date=video_call_date,
            mode=request.POST.get("mode", ""),
            team=team,
            actor=request.user,
            expected_version=_expected_version(request),
        )
    except EvaluationRefused as exc:
        return _refused(request, submission, exc, typed)
    messages.success(request, _("The field verification was scheduled."))
    return redirect("verification:field", cycle_slug, region_code)


def _decimal(raw: str) -> Decimal | None:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        if len(raw) > 20:  # far more digits than a coordinate has
            raise InvalidOperation
        return Decimal(raw)
    except InvalidOperation:
        raise EvaluationRefused(gettext_lazy("The coordinates could not be read.")) from None


@require_POST
@login_required
def field_locus(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = _field_submission(request, cycle_slug, region_code)
    post = request.POST
    typed = {
        "locus": {
            name: post.get(name, "")
            for name in ("kind", "name", "address", "latitude", "longitude", "notes")
        }
    }
    try:
        do_add_locus(
            submission,
            kind=post.get("kind", ""),
            name=post.get("name", ""),
            address=post.get("address", ""),
            latitude=_decimal(post.get("latitude", "")),
            longitude=_decimal(post.get("longitude", "")),
            notes=post.get("notes", ""),
            actor=request.user,
        )
    except EvaluationRefused as exc:
        return _refused(request, submission, exc, typed)
    messages.success(request, _("The site was added."))
    return redirect("verification:field", cycle_slug, region_code)


@require_POST
@login_required
def field_forum_anak(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = _field_submission(request, cycle_slug, region_code)
    notes = request.POST.get("notes", "")
    try:
        do_save_forum_anak_notes(
            submission,
            notes,
            actor=request.user,
            expected_version=_expected_version(request),
        )
    except EvaluationRefused as exc:
        return _refused(request, submission, exc, {"notes": notes})
    messages.success(request, _("The Forum Anak notes were saved."))
    return redirect("verification:field", cycle_slug, region_code)


def _held_back(instrument: Instrument, final: StageScore | None) -> Text | None:
    """Why the final score's band was held back by a must-meet rule of the instrument."""
    if final is None:
        return None
    points = {code: Decimal(value) for code, value in final.points.items()}
    points = {code: value for code, value in points.items() if instrument.has_question(code)}
    return describe_held_back(instrument, propose_from_points(instrument, points))


@login_required
def decision(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_decision(request.user, cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    if request.method == "POST":
        try:
            do_decide_predicate(
                submission,
                request.POST.get("band", ""),
                reason=request.POST.get("reason", ""),
                actor=request.user,
            )
        except EvaluationRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The predicate was recorded."))
            return redirect("verification:decision", cycle_slug, region_code)
    scores = {row.stage: row for row in StageScore.objects.filter(submission=submission)}
    final = scores.get(stages.final_verification().code)
    context = {
        "submission": submission,
        "review": queries.review_of(submission),
        "decision": Decision.objects.filter(submission=submission)
        .select_related("decided_by")
        .first(),
        "final": final,
        "proposed": instrument.band(final.band_code) if final else None,
        "held_back": _held_back(instrument, final),
        "bands": instrument.bands,
        "scores": [scores[row.code] for row in stages.scored_stages() if row.code in scores],
        "decision_stage": stages.decision().code,
        "chosen": request.POST.get("band", final.band_code if final else ""),
        "reason": request.POST.get("reason", ""),
        "band_names": {band.code: band.name for band in instrument.bands},
    }
    return render(request, "verification/decision.html", context)


@login_required
def province(request: HttpRequest, cycle_slug: str, province_code: str) -> HttpResponse:
    cycle, region = access.access_province(request.user, cycle_slug, province_code)
    context = {"cycle": cycle, "province": region, **variance.province_status(cycle, region)}
    return render(request, "verification/province.html", context)


@login_required
def variance_report(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_variance(request.user, cycle_slug)
    context = {"cycle": cycle, **variance.variance(cycle)}
    return render(request, "verification/variance.html", context)
