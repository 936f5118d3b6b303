"""The ministry cockpit: every participating region's self-assessment status in one cycle, with
its live score and the predicate it implies (written for the whole cycle by `layakanak score`,
layakanak/evaluation/actions/scoring.py)."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from layakanak.core.locale import side
from layakanak.evaluation import access
from layakanak.evaluation.models import Cycle, Stage, Submission
from layakanak.evaluation.windows import window_of
from layakanak.instruments.models import Question
from layakanak.instruments.queries import instrument_of
from layakanak.lib.spreadsheet import text_cells_stay_text

SORTS = {
    "kode": gettext_lazy("Region code"),
    "-skor": gettext_lazy("Highest live score first"),
    "skor": gettext_lazy("Lowest live score first"),
}


def cockpit_rows(cycle: Cycle) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(cycle=cycle)
        .select_related("region__parent")
        .annotate(n_extensions=Count("extensions"), extended_until=Max("extensions__until"))
        .order_by("region__code")
    )


def _summary(rows: list[Submission], questions: int) -> dict[str, Any]:
    by_status: dict[str, int] = defaultdict(int)
    by_band: dict[str, int] = defaultdict(int)
    for row in rows:
        by_status[row.status] += 1
        if row.live_band:
            by_band[row.live_band] += 1
    scored = [row.live_scored_at for row in rows if row.live_scored_at]
    return {
        "by_status": dict(by_status),
        "by_band": dict(by_band),
        "total": len(rows),
        "questions": questions,
        "scored_at": max(scored) if scored else None,
    }


def band_labels(cycle: Cycle) -> dict[str, str]:
    """Band code -> its name in the active language, from the cycle's instrument."""
    return {
        band.code: side(band.name.id, band.name.en)
        for band in instrument_of(cycle.instrument).bands
    }


def _sorted(rows: list[Submission], sort: str) -> list[Submission]:
    if sort not in ("skor", "-skor"):
        return rows
    scored = [r for r in rows if r.live_total is not None]
    unscored = [r for r in rows if r.live_total is None]
    scored.sort(key=lambda r: (r.live_total, r.region.code), reverse=sort == "-skor")
    return scored + unscored  # regions not scored yet come last either way


@login_required
def cockpit(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_cockpit(request.user, cycle_slug)
    rows = list(cockpit_rows(cycle))
    questions = Question.objects.filter(version=cycle.instrument).count()
    province = request.GET.get("provinsi", "")
    status = request.GET.get("status", "")
    sort = request.GET.get("urut", "kode")
    shown = _sorted(
        [
            r
            for r in rows
            if (not province or (r.region.parent and r.region.parent.code == province))
            and (not status or r.status == status)
        ],
        sort,
    )
    labels = band_labels(cycle)
    summary = _summary(rows, questions)
    provinces = sorted(
        {(r.region.parent.code, r.region.parent.name) for r in rows if r.region.parent}
    )
    context = {
        "cycle": cycle,
        "rows": shown,
        "summary": summary,
        "provinces": provinces,
        "province": province,
        "status": status,
        "statuses": Submission._meta.get_field("status").choices,
        "sort": sort,
        "sorts": SORTS.items(),
        "band_labels": labels,
        "band_counts": [
            (code, label, summary["by_band"].get(code, 0)) for code, label in labels.items()
        ],
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
            _("Live score"),
            _("Predicate the live score implies"),
            _("Scored at (UTC)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    labels = band_labels(cycle)
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
                row.live_total,
                labels.get(row.live_band, row.live_band),
                row.live_scored_at.replace(tzinfo=None) if row.live_scored_at else None,
            ]
        )
    buffer = io.BytesIO()
    text_cells_stay_text(workbook).save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="status-evaluasi-{cycle.slug}.xlsx"'
    return response
