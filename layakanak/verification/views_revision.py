"""The send-back: the verifier sends questions back and closes the request, the operator
revises them and resubmits."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layakanak.evaluation import access as evaluation_access
from layakanak.evaluation import queries as evaluation_queries
from layakanak.evaluation import stages
from layakanak.evaluation.errors import EvaluationRefused
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.lib.timezones import zone_for, zone_label
from layakanak.verification import access, presenters, queries
from layakanak.verification.actions.revisions import (
    do_request_revision,
    do_resubmit_revision,
    do_withdraw_revision,
)
from layakanak.verification.models import RevisionRequest


@login_required
def send_back(request: HttpRequest, cycle_slug: str, region_code: str, stage: str) -> HttpResponse:
    """Choose questions, a reason and a deadline (2×24 hours by default). The questions marked
    "evidence insufficient" in this stage come preselected with their comments, which also
    start the reason's text."""
    submission = access.access_submission_for_stage(request.user, cycle_slug, region_code, stage)
    if not access.can_work_on_stage(request.user, submission, stage):
        raise Http404
    instrument = instrument_of(submission.cycle.instrument)
    # The deadline is typed on the region's clock (WITA for Balikpapan), as the page says.
    default_deadline = (timezone.now() + datetime.timedelta(hours=48)).astimezone(
        zone_for(submission.region.code)
    )
    # A verifikator K/L sends back only the questions of their indicators (issue 18).
    limit = access.indicator_limit(request.user, submission, stage)
    codes = [
        code
        for code in queries.questions_to_check(instrument, submission)
        if limit is None or instrument.indicator_of(code).number in limit
    ]
    marked = presenters.insufficient_checks(queries.checks_of(submission, stage), codes)
    posted = request.method == "POST"
    chosen = request.POST.getlist("questions") if posted else request.GET.getlist("q")
    if not posted and not chosen:
        chosen = list(marked)
    reason = request.POST.get("reason", "") if posted else presenters.reason_from_comments(marked)
    if posted and _sent_back(request, submission, stage, chosen, reason):
        return redirect("verification:workbench", cycle_slug, region_code, stage)
    context = {
        "submission": submission,
        "stage": stage,
        "stage_label": stages.get(stage).name,
        "choices": presenters.send_back_choices(instrument, codes, marked, set(chosen)),
        "reason": reason,
        "deadline": default_deadline.strftime("%Y-%m-%dT%H:%M"),
        "zone": zone_label(submission.region.code),
        "instrument": instrument,
    }
    return render(request, "verification/send_back.html", context)


def _sent_back(
    request: HttpRequest, submission: Submission, stage: str, chosen: list[str], reason: str
) -> bool:
    """Send the chosen questions back; False (with the refusal as a message) when refused."""
    instrument = instrument_of(submission.cycle.instrument)
    if not all(
        access.can_check_question(request.user, submission, stage, code)
        for code in chosen
        if instrument.has_question(code)
    ):
        raise Http404
    try:
        deadline = datetime.datetime.fromisoformat(request.POST.get("deadline", ""))
        if timezone.is_naive(deadline):  # typed on the region's clock (the field says which)
            deadline = deadline.replace(tzinfo=zone_for(submission.region.code))
    except ValueError:
        messages.error(request, _("The deadline could not be read."))
        return False
    try:
        do_request_revision(
            submission, stage, chosen, reason=reason, deadline=deadline, actor=request.user
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, _("The questions were sent back to the region."))
    return True


@login_required
def revision(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """The operator's side: exactly the sent-back questions, editable until the deadline."""
    submission = access.access_submission_for_revision(request.user, cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    open_request = queries.open_revision(submission)
    editable_codes = queries.open_revision_questions(submission)
    result = evaluation_queries.live_score(submission)
    items: list[dict[str, Any]] = []
    if open_request is not None:
        stored = evaluation_queries.stored_answers(submission)
        evidence = evaluation_queries.evidence_by_requirement(submission)
        for code in open_request.questions:
            question = instrument.question(code)
            answer = stored.get(code)
            editable = code in editable_codes and evaluation_access.can_answer(
                request.user, submission, question, instrument.indicator_of(code).opd
            )
            items.append(
                {
                    "question": question,
                    "indicator": instrument.indicator_of(code),
                    "answer": answer,
                    "value": answer.value if answer else None,
                    "version": answer.version if answer else 0,
                    "editable": editable,
                    "points": result.questions[code].points,
                    "evidence": [
                        (r, evidence.get((code, r.code), []), []) for r in question.evidence
                    ],
                }
            )
    context = {
        "submission": submission,
        "open_request": open_request,
        "items": items,
        "expired": open_request is not None and not editable_codes,
        "can_resubmit": access.can_resubmit(request.user, submission),
        "history": RevisionRequest.objects.filter(submission=submission, resolved_at__isnull=False),
    }
    return render(request, "verification/revision.html", context)


@require_POST
@login_required
def resubmit(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_revision(request.user, cycle_slug, region_code)
    if not access.can_resubmit(request.user, submission):
        raise Http404
    try:
        do_resubmit_revision(submission, actor=request.user)
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The revised items were sent to the verifier."))
    return redirect("verification:revision", cycle_slug, region_code)


@require_POST
@login_required
def withdraw(request: HttpRequest, cycle_slug: str, region_code: str, stage: str) -> HttpResponse:
    """The verifier closes an open send-back (e.g. after its deadline passed)."""
    submission = access.access_submission_for_stage(request.user, cycle_slug, region_code, stage)
    if not access.can_work_on_stage(request.user, submission, stage):
        raise Http404
    try:
        do_withdraw_revision(submission, actor=request.user)
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The revision request was closed."))
    return redirect("verification:workbench", cycle_slug, region_code, stage)
