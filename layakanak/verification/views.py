"""The verifier's queue and workbench: saving checks, approving and reopening a stage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layakanak.accounts import access as roles
from layakanak.core.display import decimal_input
from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation import stages
from layakanak.evaluation.errors import EvaluationRefused
from layakanak.evaluation.models import StageScore, Submission, SubmissionStatus
from layakanak.evaluation.windows import stage_is_open
from layakanak.instruments.queries import instrument_of
from layakanak.lib.jsonbody import parse_json_object
from layakanak.verification import access, presenters, queries
from layakanak.verification.actions._common import entering_refusal
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.stages import do_approve_stage, do_reopen_stage
from layakanak.verification.errors import CheckConflict
from layakanak.verification.models import CheckStatus, ReviewState, RevisionRequest

# The `stage` of the addresses below is a verification stage: the URL converter
# (`converters.VerificationStageConverter`) turns any other code into a 404.


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for a stage the user works on, with filters."""
    if not access.is_verifier(request.user):
        raise Http404
    rows = (
        Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
        .select_related("cycle", "region__parent", "review")
        .prefetch_related(Prefetch("scores", queryset=StageScore.objects.order_by("computed_at")))
        .order_by("-cycle__slug", "region__code")
    )
    wanted_stage = request.GET.get("tahap", "")
    wanted_state = request.GET.get("status", "")
    wanted_province = request.GET.get("provinsi", "")
    if wanted_state != ReviewState.DECIDED:
        # A decided region waits for nobody (a past cycle holds hundreds of them).
        rows = rows.exclude(review__state=ReviewState.DECIDED)
    entries: list[dict[str, Any]] = []
    first_stage = stages.first_verification().code
    self_assessment = stages.self_assessment().code
    for submission in rows:
        review = getattr(submission, "review", None)
        stage = review.stage if review else first_stage
        state = review.state if review else ReviewState.IN_REVIEW
        mine = access.can_work_on_stage(request.user, submission, stage)
        if not (
            mine or roles.is_central_admin(request.user) or roles.is_central_verifier(request.user)
        ):
            continue
        if wanted_stage and stage != wanted_stage:
            continue
        if wanted_state and state != wanted_state:
            continue
        parent = submission.region.parent
        if wanted_province and (parent is None or parent.code != wanted_province):
            continue
        scores = {row.stage: row for row in submission.scores.all()}
        entries.append(
            {
                "submission": submission,
                "stage": stage,
                "stage_label": stages.get(stage).name,
                "state": state,
                "state_label": ReviewState(state).label,
                "mine": mine,
                "em": scores.get(self_assessment),
                "latest": queries.latest_verified(scores.values()),
            }
        )
    provinces = sorted(
        {(e["submission"].region.parent.code, e["submission"].region.parent.name) for e in entries}
    )
    context = {
        "entries": entries,
        "stages": stages.reviewed_stages(),
        "report_stage": self_assessment,
        "states": ReviewState.choices,
        "provinces": provinces,
        "wanted_stage": wanted_stage,
        "wanted_state": wanted_state,
        "wanted_province": wanted_province,
        "can_see_variance": access.can_reopen(request.user),
        "cycles": sorted({e["submission"].cycle.slug for e in entries}, reverse=True),
    }
    return render(request, "verification/queue.html", context)


@login_required
def overview(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """The submission's verification: go to the stage under way."""
    submission = access.access_submission_for_verification(request.user, cycle_slug, region_code)
    stage = queries.current_stage(submission)
    if stage is None:
        raise Http404
    row = stages.find(stage)
    if row is None or not row.checks:
        return redirect("verification:decision", cycle_slug, region_code)
    return redirect("verification:workbench", cycle_slug, region_code, stage)


@login_required
def workbench(request: HttpRequest, cycle_slug: str, region_code: str, stage: str) -> HttpResponse:
    submission = access.access_submission_for_stage(request.user, cycle_slug, region_code, stage)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise Http404
    instrument = instrument_of(submission.cycle.instrument)
    result = evaluation_queries.live_score(submission)
    review = queries.review_of(submission)
    current = review.stage if review else stages.first_verification().code
    is_open = stage_is_open(submission, stages.get(stage).window, timezone.now())
    works_here = access.can_work_on_stage(request.user, submission, stage)
    decided = review is not None and review.state == ReviewState.DECIDED
    blocked = entering_refusal(submission, stage) if current == stage else None
    editable = works_here and current == stage and is_open and not decided and blocked is None
    kl_numbers = roles.kl_indicator_numbers(request.user)
    # A verifikator K/L sees the questions of their indicators only (issue 18).
    limit = access.indicator_limit(request.user, submission, stage)
    mine = limit is not None or (request.GET.get("mine") == "1" and bool(kl_numbers))
    todo = request.GET.get("todo") == "1"
    indicator = request.GET.get("indikator", "")
    rows = presenters.check_rows(
        request.user,
        submission,
        stage,
        instrument,
        result,
        editable=editable,
        only=limit if limit is not None else (kl_numbers if mine else None),
        todo_only=todo,
        indicator=indicator,
    )
    running = presenters.running_score(submission, stage, instrument, limit)
    self_assessment = stages.self_assessment().code
    context = {
        "submission": submission,
        "instrument": instrument,
        "stage": stage,
        "stage_label": stages.get(stage).name,
        "review": review,
        "current": current,
        "current_label": stages.get(current).name,
        "rows": rows,
        "running": running,
        "editable": editable,
        "blocked": blocked.message if blocked else "",
        "is_open": is_open,
        "statuses": [(v, label) for v, label in CheckStatus.choices if v != CheckStatus.PENDING],
        "insufficient_label": CheckStatus.EVIDENCE_INSUFFICIENT.label,
        "has_kl": bool(kl_numbers) and limit is None,
        "mine": mine,
        "todo": todo,
        "indicator": indicator,
        "indicators": [
            i
            for c in instrument.components
            for i in c.indicators
            if limit is None or i.number in limit
        ],
        "can_approve": editable
        and access.can_approve(request.user, submission, stage)
        and review is not None
        and review.state == ReviewState.IN_REVIEW,
        "can_send_back": editable and (review is None or review.state == ReviewState.IN_REVIEW),
        "can_reopen": access.can_reopen(request.user)
        and review is not None
        and not decided
        and stages.is_before(stage, current),
        "open_revision": queries.open_revision(submission),
        "revisions": RevisionRequest.objects.filter(submission=submission).select_related(
            "requested_by"
        ),
        "stages": stages.verification_stages(),
        "field_stage": stages.field_stage(),
        "report_stage": self_assessment,
        "em": StageScore.objects.filter(submission=submission, stage=self_assessment).first(),
        "stage_score": StageScore.objects.filter(submission=submission, stage=stage).first(),
    }
    return render(request, "verification/workbench.html", context)


def _workbench_url(submission: Submission, stage: str, code: str = "") -> str:
    url = reverse(
        "verification:workbench", args=[submission.cycle.slug, submission.region.code, stage]
    )
    return f"{url}#c-{code}" if code else url


@require_POST
@login_required
def save_check(
    request: HttpRequest, cycle_slug: str, region_code: str, stage: str, code: str
) -> HttpResponse:
    """Save one check: JSON from the autosave script, or a plain form post without JavaScript."""
    submission = access.access_submission_for_stage(request.user, cycle_slug, region_code, stage)
    if not access.can_check_question(request.user, submission, stage, code):
        raise Http404
    is_json = request.content_type == "application/json"
    try:
        data: dict[str, Any] = parse_json_object(request.body) if is_json else request.POST.dict()
        expected = int(data.get("version", 0) or 0)
    except (ValueError, TypeError):
        return _refuse(
            is_json, request, submission, stage, code, 400, _("The check could not be read.")
        )
    try:
        check = do_save_check(
            submission,
            stage,
            code,
            verified_points=data.get("points", ""),
            status=str(data.get("status", "")),
            comment=str(data.get("comment", "")),
            expected_version=expected,
            actor=request.user,
        )
    except CheckConflict as exc:
        if is_json:
            return JsonResponse(
                {
                    "error": exc.message,
                    "conflict": True,
                    "current": {
                        "points": format(exc.points, "f"),
                        # as the score field shows it ("14,00"), so the page can put it back
                        "points_input": decimal_input(exc.points),
                        "status": exc.status,
                        "comment": exc.comment,
                        "version": exc.version,
                    },
                },
                status=409,
            )
        return _refuse(False, request, submission, stage, code, 409, exc.message)
    except EvaluationRefused as exc:
        return _refuse(is_json, request, submission, stage, code, 422, exc.message)
    running = presenters.running_score(
        submission,
        stage,
        instrument_of(submission.cycle.instrument),
        access.indicator_limit(request.user, submission, stage),
    )
    body = presenters.save_response(check, running)
    if is_json:
        return JsonResponse(body)
    messages.success(request, _("Check of question %(code)s saved.") % {"code": code})
    return redirect(_workbench_url(submission, stage, code))


def _refuse(
    is_json: bool,
    request: HttpRequest,
    submission: Submission,
    stage: str,
    code: str,
    status: int,
    message: str,
) -> HttpResponse:
    if is_json:
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(_workbench_url(submission, stage, code))


@require_POST
@login_required
def approve(request: HttpRequest, cycle_slug: str, region_code: str, stage: str) -> HttpResponse:
    submission = access.access_submission_for_stage(request.user, cycle_slug, region_code, stage)
    if not access.can_approve(request.user, submission, stage):
        raise Http404
    try:
        score = do_approve_stage(submission, stage, actor=request.user)
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
        return redirect(_workbench_url(submission, stage))
    messages.success(
        request,
        _("The stage was approved with a score of %(total)s.")
        % {"total": presenters.format_points(score.total)},
    )
    return redirect("verification:workbench", cycle_slug, region_code, stage)


@require_POST
@login_required
def reopen(request: HttpRequest, cycle_slug: str, region_code: str, stage: str) -> HttpResponse:
    submission = access.access_submission_for_verification(request.user, cycle_slug, region_code)
    if not access.can_reopen(request.user):
        raise Http404
    try:
        do_reopen_stage(
            submission, stage, reason=request.POST.get("reason", ""), actor=request.user
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The stage was reopened."))
    return redirect("verification:workbench", cycle_slug, region_code, stage)


@login_required
def evidence_preview(request: HttpRequest, evidence_id: str) -> FileResponse:
    """An evidence file shown inline (framed by the workbench of the same site only)."""
    from layakanak.evaluation import access as evaluation_access
    from layakanak.evaluation.evidence import open_stored

    row = evaluation_access.access_evidence_for_download(request.user, evidence_id)
    if not access.can_see_verification(request.user, row.submission):
        raise Http404
    response = FileResponse(open_stored(row), content_type=row.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; frame-ancestors 'self'"
    )
    return response
