"""Evidence (data dukung) pages: resumable upload endpoints, reuse, removal and download.

The upload endpoints speak JSON to `static/js/evidence-upload.js`:

- start  POST {"question", "requirement", "name", "size"} → 201 upload state
- chunk  PUT/POST raw bytes, `?offset=N` (or an `Upload-Offset` header) → upload state; a gap
  answers 409 with `received`, so the client continues from there
- status GET → upload state (how many bytes the server has, after a reload)
- finish POST → the stored file

Upload state: {"id", "name", "size", "received", "complete", "chunk_url", "status_url",
"finish_url", "chunk_size"}. Errors: {"error": message in the page's language}.
Removal and reuse are plain form posts (JSON too), redirecting back to the indicator page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from layakanak.evaluation import access
from layakanak.evaluation.actions import evidence as evidence_actions
from layakanak.evaluation.actions import uploads
from layakanak.evaluation.errors import EvaluationRefused, EvidenceRefused, StageClosed, UploadGap
from layakanak.evaluation.evidence import open_stored
from layakanak.evaluation.models import EvidenceFile, Submission
from layakanak.evaluation.models_upload import UploadSession
from layakanak.instruments.queries import instrument_of
from layakanak.lib.jsonbody import parse_json_object

CHUNK_SIZE = (
    1024 * 1024
)  # what the browser sends; the server accepts up to EVIDENCE_CHUNK_MAX_BYTES


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _refusal(exc: EvaluationRefused) -> JsonResponse:
    if isinstance(exc, UploadGap):
        return _error(exc.message, exc.status, received=exc.received)
    if isinstance(exc, EvidenceRefused):
        return _error(exc.message, exc.status)
    return _error(exc.message, 423 if isinstance(exc, StageClosed) else 400)


def _wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def _args(submission: Submission) -> list[str]:
    return [submission.cycle.slug, submission.region.code]


def upload_state(submission: Submission, upload: UploadSession) -> dict[str, Any]:
    args = [*_args(submission), upload.pk]
    return {
        "id": str(upload.pk),
        "name": upload.original_name,
        "size": upload.size,
        "received": upload.received,
        "complete": upload.completed_at is not None,
        "chunk_url": reverse("evaluation:evidence-chunk", args=args),
        "status_url": reverse("evaluation:evidence-status", args=args),
        "finish_url": reverse("evaluation:evidence-finish", args=args),
        "chunk_size": min(CHUNK_SIZE, settings.EVIDENCE_CHUNK_MAX_BYTES),
    }


def file_state(submission: Submission, row: EvidenceFile) -> dict[str, Any]:
    return {
        "id": str(row.pk),
        "name": row.original_name,
        "size": row.size,
        "size_display": str(filesizeformat(row.size)),
        "sha256": row.sha256,
        "content_type": row.content_type,
        "download_url": reverse("evaluation:evidence-download", args=[row.pk]),
        "remove_url": reverse("evaluation:evidence-remove", args=[*_args(submission), row.pk]),
    }


def _back(request: HttpRequest, submission: Submission, question_code: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    instrument = instrument_of(submission.cycle.instrument)
    if not instrument.has_question(question_code):
        return redirect("evaluation:workspace", *_args(submission))
    number = instrument.indicator_of(question_code).number
    url = reverse("evaluation:indicator", args=[*_args(submission), number])
    return redirect(f"{url}#q-{question_code}")


def _opd_refusal() -> str:
    return _("This question belongs to another office (OPD).")


@require_POST
@login_required
def start(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    try:
        payload = parse_json_object(request.body)
        question = str(payload["question"])
        requirement = str(payload["requirement"])
        name = str(payload.get("name") or "")
        size = int(payload["size"])
    except (ValueError, TypeError, KeyError):
        return _error(_("The upload request could not be read."), 400)
    if not access.can_attach_evidence(request.user, submission, question):
        return _error(_opd_refusal(), 403)
    try:
        upload = uploads.do_start_upload(
            submission, question, requirement, name, size, actor=request.user
        )
    except EvaluationRefused as exc:
        return _refusal(exc)
    return JsonResponse(upload_state(submission, upload), status=201)


def _offset(request: HttpRequest) -> int | None:
    raw = request.GET.get("offset", request.headers.get("Upload-Offset", ""))
    try:
        offset = int(raw)
    except ValueError:
        return None
    return offset if offset >= 0 else None


@require_http_methods(["PUT", "POST"])
@login_required
def chunk(request: HttpRequest, cycle_slug: str, region_code: str, upload_id: str) -> HttpResponse:
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    upload = access.access_upload_for_edit(request.user, submission, upload_id)
    offset = _offset(request)
    if offset is None:
        return _error(_("The chunk has no valid offset."), 400, received=upload.received)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > settings.EVIDENCE_CHUNK_MAX_BYTES:
        return _error(_("The chunk is too large."), 413, received=upload.received)
    data = request.read(length) if length else b""  # one chunk (1 MB), never the whole file
    try:
        upload = uploads.do_upload_chunk(upload, offset, data, actor=request.user)
    except EvaluationRefused as exc:
        return _refusal(exc)
    return JsonResponse(upload_state(submission, upload))


@require_GET
@login_required
def status(request: HttpRequest, cycle_slug: str, region_code: str, upload_id: str) -> HttpResponse:
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    upload = access.access_upload_for_edit(request.user, submission, upload_id)
    body = upload_state(submission, upload)
    if upload.evidence_id is not None:
        row = EvidenceFile.objects.filter(pk=upload.evidence_id, removed_at__isnull=True).first()
        body["file"] = file_state(submission, row) if row else None
    return JsonResponse(body)


@require_POST
@login_required
def finish(request: HttpRequest, cycle_slug: str, region_code: str, upload_id: str) -> HttpResponse:
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    upload = access.access_upload_for_edit(request.user, submission, upload_id)
    try:
        row = uploads.do_finish_upload(upload, actor=request.user)
    except EvaluationRefused as exc:
        return _refusal(exc)
    return JsonResponse({"file": file_state(submission, row)}, status=201)


@require_POST
@login_required
def remove(
    request: HttpRequest, cycle_slug: str, region_code: str, evidence_id: str
) -> HttpResponse:
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    row = access.access_evidence_for_edit(request.user, submission, evidence_id)
    code = row.requirement.question.code
    try:
        evidence_actions.do_remove_evidence(row, actor=request.user)
    except EvaluationRefused as exc:
        if _wants_json(request):
            return _refusal(exc)
        messages.error(request, exc.message)
        return _back(request, submission, code)
    if _wants_json(request):
        return JsonResponse({"removed": str(row.pk)})
    messages.success(request, _("The file “%(name)s” was removed.") % {"name": row.original_name})
    return _back(request, submission, code)


def _date(raw: str) -> datetime.date | None:
    raw = raw.strip()
    return datetime.date.fromisoformat(raw) if raw else None


@require_POST
@login_required
def attach_previous(request: HttpRequest, cycle_slug: str, region_code: str) -> HttpResponse:
    submission = access.access_submission_for_edit(request.user, cycle_slug, region_code)
    as_json = request.content_type == "application/json"
    try:
        data: Any = parse_json_object(request.body) if as_json else request.POST
        question = str(data["question"])
        requirement = str(data["requirement"])
        previous_id = str(data["previous"])
        valid_until = _date(str(data.get("valid_until") or ""))
    except (ValueError, TypeError, KeyError):
        message = _("The validity date could not be read; use the form YYYY-MM-DD.")
        if as_json:
            return _error(message, 400)
        messages.error(request, message)
        return _back(request, submission, str(request.POST.get("question", "")))
    if not access.can_attach_evidence(request.user, submission, question):
        if as_json:
            return _error(_opd_refusal(), 403)
        messages.error(request, _opd_refusal())
        return _back(request, submission, question)
    previous = access.access_previous_evidence(request.user, submission, previous_id)
    try:
        row = evidence_actions.do_attach_previous_evidence(
            submission, question, requirement, previous, valid_until, actor=request.user
        )
    except EvaluationRefused as exc:
        if as_json:
            return _refusal(exc)
        messages.error(request, exc.message)
        return _back(request, submission, question)
    if as_json:
        return JsonResponse({"file": file_state(submission, row)}, status=201)
    messages.success(
        request, _("“%(name)s” from an earlier cycle was attached.") % {"name": row.original_name}
    )
    return _back(request, submission, question)


@require_GET
@login_required
def download(request: HttpRequest, evidence_id: str) -> FileResponse:
    """The stored file, only for whoever may see its submission (404 for anyone else)."""
    row = access.access_evidence_for_download(request.user, evidence_id)
    response = FileResponse(
        open_stored(row),
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
