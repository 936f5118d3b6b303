"""Public pages of the child services: the complaint form `/lapor/` with its tracking code and
status lookup, the counselling directory `/layanan/` with appointment requests, the Forum Anak
and RBRA registries with their CSV exports and photos, and the data-protection notice.

No login. Whatever an anonymous visitor sends goes through the actions of `layakanak.services`
(spam and throttle checks first); pages that show a tracking code or a form are private to the
browser (`services.responses.private`). The staff pages stay in `layakanak/services/`.

Photos are served through a view from Django's default storage, so the same code works with a
local folder and with S3-compatible object storage."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from layakanak.services import actions, queries, throttle
from layakanak.services.forms import AppointmentForm, ReportForm, StatusLookupForm
from layakanak.services.models import CounsellingService, PlaygroundPhoto, Report, ReportStatus
from layakanak.services.rbra import REQUIREMENTS
from layakanak.services.responses import csv_download, private

_SENT_SESSION_KEY = "services_report_code"
# What each status means, in words a child understands: the status page shows every step with
# its explanation and marks where the report is (the labels alone say "Dirujuk ke UPTD PPA").
STATUS_STEPS = (
    (
        ReportStatus.RECEIVED,
        gettext_lazy(
            "Your report has arrived safely. An officer whose job is to help children will "
            "read it soon."
        ),
    ),
    (
        ReportStatus.CONTACTED,
        gettext_lazy(
            "An officer has contacted you, or the person you told us about, to listen and to "
            "find out what help is needed."
        ),
    ),
    (
        ReportStatus.REFERRED_UPTD,
        gettext_lazy(
            "Your report was passed on to the UPTD PPA: the team of your local government that "
            "protects children. They can give help such as a counsellor, a safe place to stay or "
            "a lawyer, and they will follow up."
        ),
    ),
    (
        ReportStatus.RECORDED_SIMFONI,
        gettext_lazy(
            "The case is written down in SIMFONI-PPA, the government's record of help for women "
            "and children, so that the help continues and nothing gets lost."
        ),
    ),
    (
        ReportStatus.CLOSED,
        gettext_lazy(
            "The officers have finished their work on this report. If you still need help, send "
            "a new report or call SAPA 129."
        ),
    ),
)
# A removed photo must disappear soon from caches too (a child may have been recognisable).
PHOTO_MAX_AGE = 3600


# --- Public: report, tracking code, status ------------------------------------------------------


def report(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.looks_like_spam():
            form.add_error(
                None, _("Your report could not be sent. Please wait a moment and send it again.")
            )
            status = 400
        elif not throttle.allow(request, "report"):
            form.add_error(
                None,
                _(
                    "Too many reports were sent from this connection. "
                    "Please try again in an hour, or call SAPA 129."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                _report, code = actions.do_submit_report(
                    actions.NewReport(
                        region=data["region"],
                        reporter_kind=data["reporter_kind"],
                        text=data["text"],
                        contact=data["contact"],
                        form_token=data["started"],
                    )
                )
            except actions.ServiceRefused as refused:
                form.add_error(None, str(refused))
                status = 409
            else:
                request.session[_SENT_SESSION_KEY] = code
                return redirect("services:report-sent")
        else:
            status = 400
    else:
        form = ReportForm()
    return private(render(request, "services/report_form.html", {"form": form}, status=status))


def report_sent(request: HttpRequest) -> HttpResponse:
    """Shows the tracking code once: it is taken out of the session as it is shown."""
    code = request.session.pop(_SENT_SESSION_KEY, None)
    if not code:
        return redirect("services:report-status")
    return private(render(request, "services/report_sent.html", {"code": code}))


def report_status(request: HttpRequest) -> HttpResponse:
    found: Report | None = None
    status = 200
    form = StatusLookupForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow(request, "status"):
            form.add_error(
                None, _("Too many attempts from this connection. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            found = actions.report_for_code(form.cleaned_data["code"])
            if found is None:
                form.add_error(
                    "code", _("We found no report with this code. Check the letters and numbers.")
                )
                status = 404
    steps = [
        {
            "label": value.label,
            "explanation": explanation,
            "current": found is not None and found.status == value,
        }
        for value, explanation in STATUS_STEPS
    ]
    context = {"form": form, "found": found, "steps": steps}
    return private(render(request, "services/report_status.html", context, status=status))


# --- Public: directory, appointment, Forum Anak, RBRA, data protection ---------------------------


def _region_filter(request: HttpRequest) -> tuple[Any, list[Any]]:
    regency = queries.regency_or_none(request.GET.get("wilayah", ""))
    return regency, list(queries.regencies().order_by("code"))


def directory(request: HttpRequest) -> HttpResponse:
    regency, regency_list = _region_filter(request)
    services = list(queries.directory(regency)[:500])
    context = {
        "regency": regency,
        "regency_list": regency_list,
        "services": services,
        "mapped": [s for s in services if s.latitude is not None and s.longitude is not None],
    }
    return render(request, "services/directory.html", context)


def appointment(request: HttpRequest, service_id: int) -> HttpResponse:
    service = (
        CounsellingService.objects.select_related("region")
        .filter(pk=service_id, active=True)
        .first()
    )
    if service is None:
        raise Http404("Tidak ditemukan / Not found")
    status, sent = 200, False
    if request.method == "POST":
        form = AppointmentForm(request.POST)
        if form.looks_like_spam():
            form.add_error(
                None, _("Your request could not be sent. Please wait a moment and send it again.")
            )
            status = 400
        elif not throttle.allow(request, "appointment"):
            form.add_error(
                None, _("Too many requests were sent from this connection. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            try:
                actions.do_request_appointment(
                    service,
                    contact=form.cleaned_data["contact"],
                    message=form.cleaned_data["message"],
                    preferred_time=form.cleaned_data["preferred_time"],
                    form_token=form.cleaned_data["started"],
                )
            except actions.ServiceRefused as refused:
                form.add_error(None, str(refused))
                status = 409
            else:
                sent = True
        else:
            status = 400
    else:
        form = AppointmentForm()
    context = {"service": service, "form": form, "sent": sent}
    return private(render(request, "services/appointment.html", context, status=status))


def forums(request: HttpRequest) -> HttpResponse:
    regency, regency_list = _region_filter(request)
    found = list(queries.forums(regency)[:500])
    context = {"regency": regency, "regency_list": regency_list, "forums": found}
    return render(request, "services/forums.html", context)


def forums_csv(request: HttpRequest) -> HttpResponse:
    regency = queries.regency_or_none(request.GET.get("wilayah", ""))
    rows = queries.forum_rows(queries.forums(regency))
    return csv_download(queries.to_csv(queries.FORUM_COLUMNS, rows), "forum-anak.csv")


def playgrounds(request: HttpRequest) -> HttpResponse:
    regency, regency_list = _region_filter(request)
    found = list(queries.playgrounds(regency)[:500])
    coverage = [queries.rbra_coverage(regency)] if regency else queries.coverage_table()
    context = {
        "regency": regency,
        "regency_list": regency_list,
        "playgrounds": found,
        "coverage": coverage,
        "requirements_total": len(REQUIREMENTS),
        "mapped": [p for p in found if p.latitude is not None and p.longitude is not None],
    }
    return render(request, "services/playgrounds.html", context)


def playgrounds_csv(request: HttpRequest) -> HttpResponse:
    regency = queries.regency_or_none(request.GET.get("wilayah", ""))
    rows = queries.playground_rows(queries.playgrounds(regency))
    return csv_download(queries.to_csv(queries.PLAYGROUND_COLUMNS, rows), "rbra.csv")


def data_protection(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "services/data_protection.html",
        {"retention_days": settings.SERVICES_RETENTION_DAYS},
    )


@require_safe
def playground_photo(
    request: HttpRequest, public_id: uuid.UUID, thumbnail: bool = False
) -> FileResponse:
    """A photo (or its thumbnail) of the public RBRA registry."""
    photo = PlaygroundPhoto.objects.filter(public_id=public_id).first()
    if photo is None:
        raise Http404("Tidak ditemukan / Not found")
    name = photo.thumbnail.name if thumbnail else photo.image.name
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("Tidak ditemukan / Not found") from None
    response = FileResponse(stored, content_type=photo.content_type)
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    response["Content-Disposition"] = "inline"
    return response
