"""Public pages (report, status, directory, Forum Anak, RBRA, data protection) and staff pages
(case inbox, registries) of the child-services module. Staff access goes through access.py."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layakanak.accounts.http import client_ip
from layakanak.services import access, actions, crypto, queries, throttle
from layakanak.services.forms import (
    AppointmentForm,
    ChildForumForm,
    ContactForm,
    CounsellingServiceForm,
    ForumActivityForm,
    PlaygroundForm,
    ReportForm,
    StatusChangeForm,
    StatusLookupForm,
)
from layakanak.services.models import (
    CounsellingService,
    Report,
    ReportStatus,
    ServiceContact,
)
from layakanak.services.rbra import REQUIREMENTS

_SENT_SESSION_KEY = "services_report_code"


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
            _report, code = actions.do_submit_report(
                actions.NewReport(
                    region=data["region"],
                    reporter_kind=data["reporter_kind"],
                    text=data["text"],
                    contact=data["contact"],
                )
            )
            request.session[_SENT_SESSION_KEY] = code
            return redirect("services:report-sent")
        else:
            status = 400
    else:
        form = ReportForm()
    return _private(render(request, "services/report_form.html", {"form": form}, status=status))


def report_sent(request: HttpRequest) -> HttpResponse:
    """Shows the tracking code once: it is taken out of the session as it is shown."""
    code = request.session.pop(_SENT_SESSION_KEY, None)
    if not code:
        return redirect("services:report-status")
    return _private(render(request, "services/report_sent.html", {"code": code}))


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
    context = {"form": form, "found": found}
    return _private(render(request, "services/report_status.html", context, status=status))


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
            actions.do_request_appointment(
                service,
                contact=form.cleaned_data["contact"],
                message=form.cleaned_data["message"],
                preferred_time=form.cleaned_data["preferred_time"],
            )
            sent = True
        else:
            status = 400
    else:
        form = AppointmentForm()
    context = {"service": service, "form": form, "sent": sent}
    return _private(render(request, "services/appointment.html", context, status=status))


def forums(request: HttpRequest) -> HttpResponse:
    regency, regency_list = _region_filter(request)
    found = list(queries.forums(regency)[:500])
    context = {"regency": regency, "regency_list": regency_list, "forums": found}
    return render(request, "services/forums.html", context)


def forums_csv(request: HttpRequest) -> HttpResponse:
    regency = queries.regency_or_none(request.GET.get("wilayah", ""))
    rows = queries.forum_rows(queries.forums(regency))
    return _csv(queries.to_csv(queries.FORUM_COLUMNS, rows), "forum-anak.csv")


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
    return _csv(queries.to_csv(queries.PLAYGROUND_COLUMNS, rows), "rbra.csv")


def data_protection(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    return render(
        request,
        "services/data_protection.html",
        {"retention_days": settings.SERVICES_RETENTION_DAYS},
    )


# --- Staff: home and case inbox ---------------------------------------------------------------


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    context = {
        "report_regions": list(access.report_regions(request.user)),
        "registry_regions": list(access.registry_regions(request.user)[:600]),
    }
    return render(request, "services/staff_home.html", context)


@login_required
def inbox(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_reports(request.user, code)
    wanted = request.GET.get("status", "")
    reports = Report.objects.filter(region=region)
    if wanted in ReportStatus.values:
        reports = reports.filter(status=wanted)
    appointments_waiting = CounsellingService.objects.filter(
        region=region, appointments__handled_at__isnull=True
    ).count()
    context = {
        "region": region,
        "reports": list(reports[:300]),
        "statuses": ReportStatus.choices,
        "wanted": wanted,
        "appointments_waiting": appointments_waiting,
    }
    return _private(render(request, "services/inbox.html", context))


@login_required
def aggregates_csv(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    rows = queries.report_aggregates([region])
    return _csv(
        queries.to_csv(queries.AGGREGATE_COLUMNS, rows), f"laporan-agregat-{region.code}.csv"
    )


@login_required
def report_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = access.access_report(request.user, public_id)
    actions.do_record_report_read(found, actor=request.user, ip_address=client_ip(request))
    notes = [
        {
            "status": n.get_status_display(),
            "note": crypto.decrypt(n.note_encrypted),
            "author": n.author,
            "created_at": n.created_at,
        }
        for n in found.notes.select_related("author")
    ]
    context = {
        "report": found,
        "text": crypto.decrypt(found.text_encrypted),
        "contact": crypto.decrypt(found.contact_encrypted),
        "notes": notes,
        "form": StatusChangeForm(initial={"status": found.status}),
        "uptd": ServiceContact.objects.filter(region=found.region).first(),
    }
    return _private(render(request, "services/report_detail.html", context))


@login_required
@require_POST
def report_change_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = access.access_report(request.user, public_id)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        actions.do_change_report_status(
            found,
            form.cleaned_data["status"],
            form.cleaned_data["note"],
            actor=request.user,
            ip_address=client_ip(request),
        )
        messages.success(request, _("The status was saved."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("services:report-detail", public_id=found.public_id)


@login_required
def appointments(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_reports(request.user, code)
    from layakanak.services.models import AppointmentRequest

    found = AppointmentRequest.objects.filter(service__region=region).select_related("service")
    context = {"region": region, "appointments": list(found[:300])}
    return _private(render(request, "services/appointments.html", context))


@login_required
def appointment_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = access.access_appointment(request.user, public_id)
    if request.method == "POST":
        actions.do_mark_appointment_handled(
            found, actor=request.user, ip_address=client_ip(request)
        )
        messages.success(request, _("Marked as handled."))
        return redirect("services:appointments", code=found.service.region.code)
    actions.do_record_appointment_read(found, actor=request.user, ip_address=client_ip(request))
    context = {
        "appointment": found,
        "contact": crypto.decrypt(found.contact_encrypted),
        "message": crypto.decrypt(found.message_encrypted),
    }
    return _private(render(request, "services/appointment_detail.html", context))


# --- Staff: registries --------------------------------------------------------------------------


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "services/staff_form.html", context, status=status)


@login_required
def contact_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    contact = ServiceContact.objects.filter(region=region).first()
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        actions.do_save_contact(region, form.cleaned_data, actor=request.user)
        messages.success(request, _("The UPTD PPA contact was saved."))
        return redirect("services:contact-edit", code=region.code)
    return _form_page(
        request,
        {
            "region": region,
            "form": form,
            "title": _("UPTD PPA contact"),
            "intro": _(
                "Reports from this kab/kota are routed here. "
                "The e-mail only says that something is waiting in the inbox."
            ),
        },
        400 if form.errors else 200,
    )


@login_required
def manage_services(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    form = CounsellingServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_save_service(None, region, form.cleaned_data, actor=request.user)
        messages.success(request, _("The service was added."))
        return redirect("services:manage-services", code=region.code)
    context = {
        "region": region,
        "form": form,
        "services": CounsellingService.objects.filter(region=region),
    }
    return render(
        request, "services/manage_services.html", context, status=400 if form.errors else 200
    )


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.access_service(request.user, pk)
    form = CounsellingServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        actions.do_save_service(service, service.region, form.cleaned_data, actor=request.user)
        messages.success(request, _("The service was saved."))
        return redirect("services:manage-services", code=service.region.code)
    return _form_page(
        request,
        {"region": service.region, "form": form, "title": service.name},
        400 if form.errors else 200,
    )


@login_required
def manage_forums(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    form = ChildForumForm(request.POST or None, regency=region)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_forum(None, region, form.cleaned_data, actor=request.user)
        except actions.ServiceRefused as refusal:
            form.add_error("region", str(refusal))
        else:
            messages.success(request, _("The Forum Anak was added."))
            return redirect("services:manage-forums", code=region.code)
    context = {"region": region, "form": form, "forums": list(queries.forums(region))}
    return render(
        request, "services/manage_forums.html", context, status=400 if form.errors else 200
    )


@login_required
def forum_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.access_forum(request.user, pk)
    form = ChildForumForm(request.POST or None, instance=forum, regency=forum.regency)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_forum(forum, forum.regency, form.cleaned_data, actor=request.user)
        except actions.ServiceRefused as refusal:
            form.add_error("region", str(refusal))
        else:
            messages.success(request, _("The Forum Anak was saved."))
            return redirect("services:forum-edit", pk=forum.pk)
    context = {
        "forum": forum,
        "region": forum.regency,
        "form": form,
        "activity_form": ForumActivityForm(),
        "activities": forum.activities.all(),
    }
    return render(request, "services/forum_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def forum_activity(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.access_forum(request.user, pk)
    form = ForumActivityForm(request.POST)
    if form.is_valid():
        actions.do_add_forum_activity(forum, form.cleaned_data, actor=request.user)
        messages.success(request, _("The activity was added."))
    else:
        messages.error(request, _("The activity was not added: fill in the kind, date and title."))
    return redirect("services:forum-edit", pk=forum.pk)


@login_required
def manage_playgrounds(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    form = PlaygroundForm(request.POST or None, regency=region)
    if request.method == "POST" and form.is_valid():
        actions.do_save_playground(None, region, form.cleaned_data, actor=request.user)
        messages.success(request, _("The playground was added."))
        return redirect("services:manage-playgrounds", code=region.code)
    context = {
        "region": region,
        "form": form,
        "playgrounds": list(queries.playgrounds(region)),
        "coverage": queries.rbra_coverage(region),
        "requirements_total": len(REQUIREMENTS),
    }
    return render(
        request, "services/manage_playgrounds.html", context, status=400 if form.errors else 200
    )
