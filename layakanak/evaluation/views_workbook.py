"""The Excel round trip pages: download the pre-filled workbook, upload it for a dry run, apply.

The uploaded workbook is kept in Django's default storage (any process on any machine can apply
it) and the session remembers its name, its SHA-256 and the digest of the previewed changes.
Applying reads the stored file again, recomputes the plan and refuses when it no longer matches
what the preview showed (someone changed answers in between).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from layakanak.evaluation import access
from layakanak.evaluation.actions.workbook import do_apply_workbook
from layakanak.evaluation.errors import EvaluationRefused, message_of
from layakanak.evaluation.models import Stage, Submission, SubmissionStatus
from layakanak.evaluation.windows import stage_is_open
from layakanak.evaluation.workbook_build import build_workbook
from layakanak.evaluation.workbook_read import read_workbook, summary_rows
from layakanak.instruments.queries import instrument_of
from layakanak.scoring.answers import AnswerError
from layakanak.scoring.model import Question

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _session_key(submission: Submission) -> str:
    return f"layakanak.workbook.{submission.pk}"


def _is_open(submission: Submission) -> bool:
    return submission.status != SubmissionStatus.SUBMITTED and stage_is_open(
        submission, Stage.EVALUASI_MANDIRI, timezone.now()
    )


def _allowed(user: Any, submission: Submission) -> Any:
    instrument = instrument_of(submission.cycle.instrument)

    def allowed(question: Question) -> bool:
        return access.can_answer(
            user, submission, question, instrument.indicator_of(question.code).opd
        )

    return allowed


@require_GET
@login_required
def download(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_view(request.user, cycle_slug, region_code)
    content = build_workbook(submission)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"evaluasi-mandiri-{submission.cycle.slug}-{submission.region.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request: HttpRequest, submission: Submission, **extra: Any) -> HttpResponse:
    context = {
        "submission": submission,
        "is_open": _is_open(submission),
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        **extra,
    }
    return render(request, "evaluation/workbook_upload.html", context)


def _discard_pending(request: HttpRequest, submission: Submission) -> None:
    pending = request.session.pop(_session_key(submission), None)
    if pending and pending.get("name"):
        default_storage.delete(pending["name"])


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """GET: the upload form. POST: the dry run of the uploaded workbook (nothing is written)."""
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    if request.method == "GET":
        return _page(request, submission)
    uploaded = request.FILES.get("workbook")
    if not isinstance(uploaded, UploadedFile) or not uploaded.size:
        return _page(request, submission, error=_("Choose the Excel workbook (.xlsx) to upload."))
    if uploaded.size > settings.EVIDENCE_MAX_BYTES:
        return _page(
            request,
            submission,
            error=_("The file is too large (%(size)s); the limit is %(limit)s.")
            % {
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            },
        )
    try:
        plan = read_workbook(
            submission, uploaded, uploaded.size, allowed=_allowed(request.user, submission)
        )
    except EvaluationRefused as exc:
        return _page(request, submission, error=exc.message)
    _discard_pending(request, submission)
    token = ""
    if plan.changes and not plan.errors:
        digest = hashlib.sha256()
        uploaded.seek(0)
        for block in uploaded.chunks():
            digest.update(block)
        uploaded.seek(0)
        name = default_storage.save(f"workbook-imports/{uuid.uuid4().hex}.xlsx", uploaded)
        token = digest.hexdigest()
        request.session[_session_key(submission)] = {
            "name": name,
            "sha256": token,
            "digest": plan.digest,
            "size": uploaded.size,
            "filename": uploaded.name or "",
        }
    return render(
        request,
        "evaluation/workbook_preview.html",
        {
            "submission": submission,
            "plan": plan,
            "errors": summary_rows(plan.errors),
            "token": token,
            "filename": uploaded.name,
            "is_open": _is_open(submission),
        },
    )


@require_POST
@login_required
def apply(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    """Save the previewed changes of the stored workbook (not uploaded again)."""
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    pending = request.session.get(_session_key(submission))
    if not pending or request.POST.get("token") != pending.get("sha256"):
        messages.error(request, _("This preview has expired. Upload the workbook again."))
        return redirect("evaluation:workbook-upload", cycle_slug, region_code)
    try:
        with default_storage.open(pending["name"], "rb") as stored:
            plan = read_workbook(
                submission,
                stored,
                int(pending["size"]),
                allowed=_allowed(request.user, submission),
            )
    except (OSError, EvaluationRefused):
        _discard_pending(request, submission)
        messages.error(request, _("This preview has expired. Upload the workbook again."))
        return redirect("evaluation:workbook-upload", cycle_slug, region_code)
    if plan.digest != pending["digest"]:
        _discard_pending(request, submission)
        messages.error(
            request,
            _(
                "Answers changed since the preview was made, so nothing was saved. Upload the "
                "workbook again to see the changes as they are now."
            ),
        )
        return redirect("evaluation:workbook-upload", cycle_slug, region_code)
    try:
        saved = do_apply_workbook(submission, plan, actor=request.user, sha256=pending["sha256"])
    except (EvaluationRefused, AnswerError) as exc:
        messages.error(request, message_of(exc))
        return redirect("evaluation:workbook-upload", cycle_slug, region_code)
    _discard_pending(request, submission)
    messages.success(
        request,
        ngettext(
            "The workbook was applied: %(count)s answer saved.",
            "The workbook was applied: %(count)s answers saved.",
            saved,
        )
        % {"count": saved},
    )
    return redirect("evaluation:workspace", cycle_slug, region_code)
