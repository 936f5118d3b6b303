"""The operator workspace: the self-assessment of one region in one cycle."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layakanak.evaluation import access, presenters, queries, readiness, readiness_export
from layakanak.evaluation.actions.answers import do_save_answer_with_values
from layakanak.evaluation.actions.submission import do_submit_self_assessment
from layakanak.evaluation.errors import (
    AnswerConflict,
    EvaluationRefused,
    message_of,
)
from layakanak.evaluation.forms import BadAnswerInput, value_from_form, value_from_json
from layakanak.evaluation.models import Stage, SubmissionStatus
from layakanak.evaluation.windows import deadline_for, stage_is_open
from layakanak.instruments.queries import instrument_of
from layakanak.lib.jsonbody import parse_json_object
from layakanak.scoring.answers import AnswerError
from layakanak.scoring.model import Indicator, Instrument


@login_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    submissions = list(access.submissions_for(request.user)[:200])
    # The same readiness counter as the workspace, the submit page and the cockpit show.
    overviews = readiness.overviews(submissions)
    rows = [(submission, overviews[submission.pk]) for submission in submissions]
    return render(request, "evaluation/mine.html", {"submissions": submissions, "rows": rows})


@login_required
def workspace(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_view(request.user, cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    result = queries.live_score(submission)
    ready = readiness.of_submission(submission, result)
    mine = _my_indicators(request.user, submission, instrument)
    context: dict[str, Any] = {
        "submission": submission,
        "instrument": instrument,
        "result": result,
        "held_back": presenters.held_back(instrument, result),
        "ready": ready,
        "components": presenters.component_rows(instrument, result, ready),
        "deadline": presenters.deadline_info(
            submission, deadline_for(submission, Stage.EVALUASI_MANDIRI)
        ),
        "is_open": stage_is_open(submission, Stage.EVALUASI_MANDIRI, timezone.now()),
        "can_edit": access.can_edit(request.user, submission),
        "opd_limit": access.opd_limit(request.user, submission),
        "contributors": presenters.contributors(submission),
        # An OPD contributor sees the indicators of their office by default (issue 19, item 6);
        # `?mine=0` shows every indicator, those of other offices saying who answers them.
        "mine": mine,
        "show_mine": mine is not None and request.GET.get("mine") != "0",
        "mine_query": _mine_query(mine, request),
        "answered_by": {
            indicator.number: ", ".join(_offices(indicator))
            for component in instrument.components
            for indicator in component.indicators
            if mine is not None and indicator.number not in mine
        },
        "mine_components": {
            component.code
            for component in instrument.components
            if mine and any(i.number in mine for i in component.indicators)
        },
    }
    return render(request, "evaluation/workspace.html", context)


def _my_indicators(user: Any, submission: Any, instrument: Instrument) -> set[str] | None:
    """None for whoever answers every question of the region (or none of them); for a
    kontributor OPD, the indicators with at least one question of their office."""
    if not access.opd_limit(user, submission):
        return None
    return {
        indicator.number
        for component in instrument.components
        for indicator in component.indicators
        if any(access.can_answer(user, submission, q, indicator.opd) for q in indicator.questions)
    }


def _offices(indicator: Indicator) -> list[str]:
    """Who answers the indicator's questions (each question's OPD, else the indicator's)."""
    found: dict[str, None] = {}
    for question in indicator.questions:
        found.update(dict.fromkeys(question.opd or indicator.opd))
    return list(found) or list(indicator.opd)


def _mine_query(mine: set[str] | None, request: HttpRequest) -> str:
    """What the workspace's own links carry so that "every indicator" stays chosen."""
    return "?mine=0" if mine is not None and request.GET.get("mine") == "0" else ""


def _neighbours(
    instrument: Instrument, number: str, only: set[str] | None
) -> tuple[Indicator | None, Indicator | None]:
    """The previous and next indicator, among `only` when given (an OPD contributor's)."""
    indicators = [
        i
        for c in instrument.components
        for i in c.indicators
        if only is None or i.number in only or i.number == number
    ]
    index = next(n for n, i in enumerate(indicators) if i.number == number)
    before = indicators[index - 1] if index > 0 else None
    after = indicators[index + 1] if index + 1 < len(indicators) else None
    return before, after


@login_required
def indicator(request: HttpRequest, cycle_slug: str, region_code: str, number: str) -> HttpResponse:
    submission = access.access_submission_for_view(request.user, cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    found = next(
        ((c, i) for c in instrument.components for i in c.indicators if i.number == number), None
    )
    if found is None:
        raise Http404(_("This instrument has no indicator “%(number)s”.") % {"number": number})
    component, current = found
    result = queries.live_score(submission)
    mine = _my_indicators(request.user, submission, instrument)
    show_mine = mine is not None and request.GET.get("mine") != "0"
    editable = (
        access.can_edit(request.user, submission)
        and stage_is_open(submission, Stage.EVALUASI_MANDIRI, timezone.now())
        and submission.status != SubmissionStatus.SUBMITTED
    )
    context = {
        "submission": submission,
        "instrument": instrument,
        "component": component,
        "indicator": current,
        "result": result,
        "held_back": presenters.held_back(instrument, result),
        "ready": readiness.of_submission(submission, result),
        "questions": presenters.question_rows(
            request.user, submission, instrument, current, result, editable=editable
        ),
        "neighbours": _neighbours(instrument, number, mine if show_mine else None),
        "editable": editable,
        "opd_limit": access.opd_limit(request.user, submission),
        "show_mine": show_mine,
        "mine_query": _mine_query(mine, request),
        # Questions of other offices say who answers them (they are read-only for this user).
        "answered_by": {
            q.code: ", ".join(q.opd or current.opd)
            for q in current.questions
            if mine is not None and not access.can_answer(request.user, submission, q, current.opd)
        },
    }
    return render(request, "evaluation/indicator.html", context)


@require_POST
@login_required
def save_answer(request: HttpRequest, cycle_slug: str, region_code: str, code: str) -> HttpResponse:
    """Save one answer: JSON from the autosave script, or a plain form post without JavaScript."""
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    if not instrument.has_question(code):
        raise Http404(_("This instrument has no question “%(code)s”.") % {"code": code})
    question = instrument.question(code)
    is_json = request.content_type == "application/json"
    if not access.can_answer(request.user, submission, question, instrument.indicator_of(code).opd):
        return _refuse(
            is_json,
            request,
            submission,
            code,
            403,
            _("This question belongs to another office (OPD)."),
        )
    try:
        if is_json:
            payload = parse_json_object(request.body)
            value = value_from_json(question, payload)
            # The version the page last saw is required: a save without it could overwrite a
            # newer answer of someone else unseen (issue 18).
            expected_version = int(payload["version"])
        else:
            value = value_from_form(question, request.POST)
            expected_version = int(request.POST["version"])
    except (BadAnswerInput, ValueError, TypeError, KeyError):
        return _refuse(is_json, request, submission, code, 400, _("The answer could not be read."))
    try:
        saved = do_save_answer_with_values(
            submission, code, value, expected_version=expected_version, actor=request.user
        )
    except AnswerError as exc:
        return _refuse(is_json, request, submission, code, 422, message_of(exc))
    except AnswerConflict as exc:
        if is_json:
            return JsonResponse(
                {
                    "error": exc.message,
                    "conflict": True,
                    "current": {"value": exc.current_value, "version": exc.current_version},
                },
                status=409,
            )
        return _refuse(False, request, submission, code, 409, exc.message)
    except EvaluationRefused as exc:
        return _refuse(is_json, request, submission, code, 423, exc.message)
    if is_json:
        # Scored from the answers the save read under its lock: no second read of the answers.
        result = queries.live_score(submission, saved.values)
        ready = readiness.of_submission(submission, result)
        return JsonResponse(presenters.save_response(instrument, result, code, saved.answer, ready))
    messages.success(request, _("Answer %(code)s saved.") % {"code": code})
    return redirect(_question_url(submission, instrument.indicator_of(code).number, code))


def _question_url(submission: Any, number: str, code: str) -> str:
    url = reverse(
        "evaluation:indicator", args=[submission.cycle.slug, submission.region.code, number]
    )
    return f"{url}#q-{code}"


def _refuse(
    is_json: bool, request: HttpRequest, submission: Any, code: str, status: int, message: str
) -> HttpResponse:
    if is_json:
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    instrument = instrument_of(submission.cycle.instrument)
    return redirect(_question_url(submission, instrument.indicator_of(code).number, code))


@login_required
def submit(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """The completeness check (what is missing, by indicator or by office, and why submitting is
    not possible yet; downloadable for the offices) and, after confirmation, the submission."""
    submission = access.access_submission_for_view(request.user, cycle_slug, region_code)
    can_submit = access.can_submit(request.user, submission)
    if request.method == "POST":
        if not can_submit:
            raise Http404
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the confirmation box to submit."))
        else:
            try:
                stage_score = do_submit_self_assessment(submission, actor=request.user)
            except EvaluationRefused as exc:  # IncompleteSubmission too: the page lists it
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("The self-assessment was submitted with a score of %(total)s.")
                    % {"total": presenters.format_points(stage_score.total)},
                )
                return redirect("evaluation:workspace", cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    result = queries.live_score(submission)
    ready = readiness.of_submission(submission, result)
    download = request.GET.get("unduh", "")
    if download in readiness_export.FORMATS:
        return _missing_file(request, submission, instrument, ready, download)
    now = timezone.now()
    is_open = stage_is_open(submission, Stage.EVALUASI_MANDIRI, now)
    submitted = submission.status == SubmissionStatus.SUBMITTED
    by_opd = request.GET.get("kelompok") == "opd"
    context = {
        "submission": submission,
        "result": result,
        "held_back": presenters.held_back(instrument, result),
        "ready": ready,
        "missing": ready.missing,
        "by_opd": by_opd,
        "groups": presenters.missing_by_opd(ready)
        if by_opd
        else presenters.missing_by_indicator(instrument, ready),
        "blockers": []
        if submitted
        else presenters.submit_blockers(submission, ready, can_submit, is_open, now),
        "can_submit": can_submit and not submitted,
        "is_open": is_open,
    }
    return render(request, "evaluation/submit.html", context)


def _missing_file(
    request: HttpRequest,
    submission: Any,
    instrument: Any,
    ready: readiness.Readiness,
    extension: str,
) -> HttpResponse:
    """The missing items as a CSV or Excel file (`?unduh=csv|xlsx`, `&opd=` for one office)."""
    opd = request.GET.get("opd", "")[:200]

    def link(item: readiness.Item) -> str:
        return request.build_absolute_uri(_question_url(submission, item.indicator, item.question))

    table = readiness_export.rows(instrument, ready, link, opd=opd)
    content = (
        readiness_export.as_csv(table) if extension == "csv" else readiness_export.as_xlsx(table)
    )
    response = HttpResponse(content, content_type=readiness_export.CONTENT_TYPES[extension])
    name = readiness_export.filename(submission, extension, opd)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def plan_next(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """What the region still needs for a higher predicate (the scoring engine's gap planner)."""
    from layakanak.scoring.planner import plan

    submission = access.access_submission_for_view(request.user, cycle_slug, region_code)
    instrument = instrument_of(submission.cycle.instrument)
    answers = queries.answer_values(submission)
    result = queries.live_score(submission)
    awarded = [b for b in instrument.bands if b.awarded]
    above = [b for b in awarded if b.min > result.band.max] or awarded[-1:]
    target_code = request.GET.get("target", above[0].code if above else "")
    if target_code not in {b.code for b in awarded}:
        target_code = above[0].code
    weighted = request.GET.get("effort") == "1"
    gap_plan = plan(instrument, answers, target_code, weight_by_effort=weighted)
    context = {
        "submission": submission,
        "result": result,
        "held_back": presenters.held_back(instrument, result),
        "ready": readiness.of_submission(submission, result),
        "plan": gap_plan,
        "bands": awarded,
        "target_code": target_code,
        "weighted": weighted,
        "rows": presenters.plan_rows(instrument, gap_plan),
        "unmet": presenters.shortfall_texts(instrument, gap_plan.unmet_prerequisites),
        "impossible": presenters.shortfall_texts(instrument, gap_plan.unreachable_prerequisites),
    }
    return render(request, "evaluation/plan.html", context)
