"""Staff pages of the child services (/kelola/layanan/...): the case inbox of reports and
appointment requests (need to know: the petugas layanan of the kab/kota only) and the registries
(UPTD PPA contact, counselling services, Forum Anak, RBRA). Every check goes through access.py.

The public pages (complaint form, directory, registries) are in
`layakanak/portal/views_services.py`; the RBRA playground details and photos in `views_rbra.py`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layakanak.accounts.http import client_ip
from layakanak.services import access, actions, crypto, queries
from layakanak.services.forms import (
    CarriesVersion,
    ChildForumForm,
    ContactForm,
    CounsellingServiceForm,
    ForumActivityForm,
    PlaygroundForm,
    StatusChangeForm,
)
from layakanak.services.models import CounsellingService, Report, ReportStatus, ServiceContact
from layakanak.services.rbra import REQUIREMENTS
from layakanak.services.responses import csv_download, private

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
    return private(render(request, "services/inbox.html", context))


@login_required
def aggregates_csv(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    rows = queries.report_aggregates([region])
    return csv_download(
        queries.to_csv(queries.AGGREGATE_COLUMNS, rows), f"laporan-agregat-{region.code}.csv"
    )


@login_required
def report_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = access.access_report(request.user, public_id)
    return _report_page(request, found, StatusChangeForm(initial=_status_initial(found)))


def _status_initial(report: Report) -> dict[str, Any]:
    return {"status": report.status, "version": report.version}


def _report_page(
    request: HttpRequest, found: Report, form: StatusChangeForm, status: int = 200
) -> HttpResponse:
    """A report with its notes and the status form (every showing of the text is a read)."""
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
        "form": form,
        "uptd": ServiceContact.objects.filter(region=found.region).first(),
    }
    return private(render(request, "services/report_detail.html", context, status=status))


@login_required
@require_POST
def report_change_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = access.access_report(request.user, public_id)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        return _report_page(request, found, form, status=400)
    try:
        actions.do_change_report_status(
            found,
            form.cleaned_data["status"],
            form.cleaned_data["note"],
            actor=request.user,
            ip_address=client_ip(request),
            expected_version=form.cleaned_data["version"],
        )
    except actions.ServiceConflict as conflict:
        # Another officer changed the status since this page was loaded: say who, keep the
        # note that was typed, and show the status as it is now.
        form.add_error(None, str(conflict))
        form.show_version(conflict.current_version)
        found.refresh_from_db()
        return _report_page(request, found, form, status=conflict.status)
    except actions.ServiceRefused as refusal:
        form.add_error(None, str(refusal))
        return _report_page(request, found, form, status=400)
    messages.success(request, _("The status was saved."))
    return redirect("services:report-detail", public_id=found.public_id)


@login_required
def appointments(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_reports(request.user, code)
    from layakanak.services.models import AppointmentRequest

    found = AppointmentRequest.objects.filter(service__region=region).select_related("service")
    context = {"region": region, "appointments": list(found[:300])}
    return private(render(request, "services/appointments.html", context))


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
        "preferred_time": crypto.decrypt(found.preferred_time_encrypted),
    }
    return private(render(request, "services/appointment_detail.html", context))


# --- Staff: registries --------------------------------------------------------------------------


def _refused(form: CarriesVersion, refusal: actions.ServiceRefused) -> int:
    """Show a refused save on its form, keeping what was typed; the status to answer. After a
    stale save the form carries the current version, so that saving again replaces the other
    change (the message says who made it)."""
    form.add_error(None, str(refusal))
    if isinstance(refusal, actions.ServiceConflict):
        form.show_version(refusal.current_version)
        return refusal.status
    return 400


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "services/staff_form.html", context, status=status)


@login_required
def contact_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    contact = ServiceContact.objects.filter(region=region).first()
    form = ContactForm(request.POST or None, instance=contact)
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_contact(
                region,
                form.cleaned_data,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except actions.ServiceRefused as refusal:
            status = _refused(form, refusal)
        else:
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
        status if form.errors else 200,
    )


@login_required
def manage_services(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    form = CounsellingServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_service(None, region, form.cleaned_data, actor=request.user)
        except actions.ServiceRefused as refusal:
            _refused(form, refusal)
        else:
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
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_service(
                service,
                service.region,
                form.cleaned_data,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except actions.ServiceRefused as refusal:
            status = _refused(form, refusal)
        else:
            messages.success(request, _("The service was saved."))
            return redirect("services:manage-services", code=service.region.code)
    return _form_page(
        request,
        {"region": service.region, "form": form, "title": service.name},
        status if form.errors else 200,
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
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_forum(
                forum,
                forum.regency,
                form.cleaned_data,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except actions.ServiceConflict as conflict:
            status = _refused(form, conflict)
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
    return render(
        request, "services/forum_edit.html", context, status=status if form.errors else 200
    )


@login_required
@require_POST
def forum_activity(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.access_forum(request.user, pk)
    form = ForumActivityForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_forum_activity(forum, form.cleaned_data, actor=request.user)
        except actions.ServiceRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The activity was added."))
    else:
        messages.error(request, _("The activity was not added: fill in the kind, date and title."))
    return redirect("services:forum-edit", pk=forum.pk)


@login_required
def manage_playgrounds(request: HttpRequest, code: str) -> HttpResponse:
    region = access.access_region_registry(request.user, code)
    form = PlaygroundForm(request.POST or None, regency=region)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_playground(None, region, form.cleaned_data, actor=request.user)
        except actions.ServiceRefused as refusal:
            _refused(form, refusal)
        else:
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
