"""The audit page for the central administrator (/kelola/audit/): filter events and export
them as CSV. There is deliberately no way to edit or delete an event.

It lives in `accounts` because who may read the audit trail is a role question
(`accounts.access.access_audit_log`) and `audit` is the bottom layer, which keeps only the
events' model, the action that records them and the queries that filter them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from layakanak.accounts.access import access_audit_log
from layakanak.audit.forms import AuditFilterForm
from layakanak.audit.queries import csv_rows, filter_events
from layakanak.lib.spreadsheet import SafeCsvWriter

PAGE_SIZE = 100


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET or None)
    if not form.is_valid():
        return form, {}
    return form, {k: v for k, v in form.cleaned_data.items() if v}


@login_required
def event_list_view(request: HttpRequest) -> HttpResponse:
    events = access_audit_log(request.user)
    form, filters = _filters(request)
    page = Paginator(filter_events(events, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: str(v) for k, v in filters.items()})
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "querystring_base": query + "&" if query else "",
            "export_query": query,
        },
    )


@login_required
def event_csv_view(request: HttpRequest) -> StreamingHttpResponse:
    events = access_audit_log(request.user)
    _form, filters = _filters(request)
    writer = SafeCsvWriter(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in csv_rows(filter_events(events, filters))),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
