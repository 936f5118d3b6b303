"""The ministry cockpit: every participating region's self-assessment status in one cycle."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from layakanak.evaluation import access
from layakanak.evaluation.models import Cycle, Stage, Submission
from layakanak.evaluation.windows import window_of
from layakanak.instruments.models import Question


def cockpit_rows(cycle: Cycle) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(cycle=cycle)
        .select_related("region__parent")
        .annotate(n_extensions=Count("extensions"), extended_until=Max("extensions__until"))
        .order_by("region__code")
    )


def _summary(rows: list[Submission], questions: int) -> dict[str, Any]:
    by_status: dict[str, int] = defaultdict(int)
    for row in rows:
        by_status[row.status] += 1
    return {"by_status": dict(by_status), "total": len(rows), "questions": questions}


@login_required
def cockpit(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_cockpit(request.user, cycle_slug)
    rows = list(cockpit_rows(cycle))
    questions = Question.objects.filter(version=cycle.instrument).count()
    province = request.GET.get("provinsi", "")
    status = request.GET.get("status", "")
    shown = [
        r
        for r in rows
        if (not province or (r.region.parent and r.region.parent.code == province))
        and (not status or r.status == status)
    ]
    provinces = sorted(
        {(r.region.parent.code, r.region.parent.name) for r in rows if r.region.parent}
    )
    context = {
        "cycle": cycle,
        "rows": shown,
        "summary": _summary(rows, questions),
        "provinces": provinces,
        "province": province,
        "status": status,
        "statuses": Submission._meta.get_field("status").choices,
        "window": window_of(rows[0], Stage.EVALUASI_MANDIRI) if rows else None,
        "questions": questions,
    }
    return render(request, "evaluation/cockpit.html", context)


@login_required
def cockpit_export(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_cockpit(request.user, cycle_slug)
    questions = Question.objects.filter(version=cycle.instrument).count() or 1
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Status"
    sheet.append(
        [
            _("Province"),
            _("Region code"),
            _("Region"),
            _("Status"),
            _("Answered"),
            _("Completion (%)"),
            _("Last activity (UTC)"),
            _("Extensions"),
            _("Extended until (UTC)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in cockpit_rows(cycle):
        sheet.append(
            [
                row.region.parent.name if row.region.parent else "",
                row.region.code,
                row.region.name,
                row.get_status_display(),
                row.answered_count,
                round(row.answered_count * 100 / questions, 1),
                row.last_activity_at.replace(tzinfo=None) if row.last_activity_at else None,
                row.n_extensions,  # type: ignore[attr-defined]
                row.extended_until.replace(tzinfo=None) if row.extended_until else None,  # type: ignore[attr-defined]
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="status-evaluasi-{cycle.slug}.xlsx"'
    return response
