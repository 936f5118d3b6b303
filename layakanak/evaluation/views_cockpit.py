"""The ministry cockpit: every participating region's self-assessment in one cycle, with its
readiness counter and live score, computed when the page is opened from the answers as they are
(`readiness.overviews`): the same numbers the region's operator sees on the workspace (issue 19:
the cockpit used to show scores stored by the last scheduled scoring run, older than the
operator's)."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
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
from layakanak.evaluation import access, readiness
from layakanak.evaluation.models import Cycle, Stage, Submission
from layakanak.evaluation.readiness import Overview, Tally
from layakanak.evaluation.windows import window_of
from layakanak.instruments.queries import instrument_of
from layakanak.lib.spreadsheet import text_cells_stay_text
from layakanak.regions.models import Region

SORTS = {
    "kode": gettext_lazy("Region code"),
    "nama": gettext_lazy("Region name"),
    "-skor": gettext_lazy("Highest live score first"),
    "skor": gettext_lazy("Lowest live score first"),
    "-siap": gettext_lazy("Most ready first"),
    "siap": gettext_lazy("Least ready first"),
}
SEARCH_MAX = 100  # characters of the region search kept


def cockpit_rows(cycle: Cycle) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(cycle=cycle)
        .select_related("region__parent")
        .annotate(n_extensions=Count("extensions"), extended_until=Max("extensions__until"))
        .order_by("region__code")
    )


@dataclass(frozen=True)
class Row:
    """One region of the cockpit: its submission and, computed now, its readiness and score."""

    submission: Submission
    overview: Overview

    @property
    def region(self) -> Region:
        return self.submission.region

    @property
    def ready(self) -> Tally:
        return self.overview.tally

    @property
    def live_total(self) -> Decimal | None:
        return self.overview.total

    @property
    def live_band(self) -> str:
        return self.overview.band.code if self.overview.band else ""


def _summary(rows: list[Row]) -> dict[str, Any]:
    by_status: dict[str, int] = defaultdict(int)
    by_band: dict[str, int] = defaultdict(int)
    for row in rows:
        by_status[row.submission.status] += 1
        if row.live_band:
            by_band[row.live_band] += 1
    return {
        "by_status": dict(by_status),
        "by_band": dict(by_band),
        "total": len(rows),
        "ready": sum(1 for row in rows if row.ready.complete),
    }


def band_labels(cycle: Cycle) -> dict[str, str]:
    """Band code -> its name in the active language, from the cycle's instrument."""
    return {
        band.code: side(band.name.id, band.name.en)
        for band in instrument_of(cycle.instrument).bands
    }


def matches(region: Region, search: str) -> bool:
    """A region whose name contains the search, or whose code starts with it (`64.7`); the
    words "Kabupaten", "Kab." and "Kota" may be left out or abbreviated."""
    wanted = search.strip().casefold()
    if not wanted:
        return True
    if region.code.startswith(wanted):
        return True
    name = region.name.casefold()
    short = name.replace("kabupaten ", "kab. ")
    return all(word in name or word in short for word in wanted.split())


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    if sort == "nama":
        return sorted(rows, key=lambda row: (row.region.name, row.region.code))
    if sort in ("siap", "-siap"):
        return sorted(
            rows,
            key=lambda row: (row.ready.percent, row.ready.done, row.region.code),
            reverse=sort == "-siap",
        )
    if sort not in ("skor", "-skor"):
        return rows
    scored = [row for row in rows if row.live_total is not None]
    unscored = [row for row in rows if row.live_total is None]
    scored.sort(key=lambda row: (row.live_total, row.region.code), reverse=sort == "-skor")
    return scored + unscored  # a region whose answers cannot be scored comes last either way


def read_rows(cycle: Cycle) -> list[Row]:
    """Every participating region with its readiness counter and live score, now."""
    submissions = list(cockpit_rows(cycle))
    overviews = readiness.overviews(submissions)
    return [Row(submission, overviews[submission.pk]) for submission in submissions]


@login_required
def cockpit(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_cockpit(request.user, cycle_slug)
    rows = read_rows(cycle)
    province = request.GET.get("provinsi", "")
    status = request.GET.get("status", "")
    search = request.GET.get("q", "")[:SEARCH_MAX].strip()
    sort = request.GET.get("urut", "kode")
    shown = _sorted(
        [
            row
            for row in rows
            if (not province or (row.region.parent and row.region.parent.code == province))
            and (not status or row.submission.status == status)
            and matches(row.region, search)
        ],
        sort,
    )
    labels = band_labels(cycle)
    summary = _summary(rows)
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
        "search": search,
        "statuses": Submission._meta.get_field("status").choices,
        "sort": sort,
        "sorts": SORTS.items(),
        "band_labels": labels,
        "band_counts": [
            (code, label, summary["by_band"].get(code, 0)) for code, label in labels.items()
        ],
        "window": window_of(rows[0].submission, Stage.EVALUASI_MANDIRI) if rows else None,
    }
    return render(request, "evaluation/cockpit.html", context)


@login_required
def cockpit_export(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_cockpit(request.user, cycle_slug)
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
            _("Ready to submit: provided"),
            _("Ready to submit: needed"),
            _("Completion (%)"),
            _("Last activity (UTC)"),
            _("Extensions"),
            _("Extended until (UTC)"),
            _("Live score"),
            _("Predicate the live score implies"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    labels = band_labels(cycle)
    for cockpit_row in read_rows(cycle):
        row, overview = cockpit_row.submission, cockpit_row.overview
        sheet.append(
            [
                row.region.parent.name if row.region.parent else "",
                row.region.code,
                row.region.name,
                row.get_status_display(),
                overview.tally.done,
                overview.tally.total,
                round(overview.tally.done * 100 / (overview.tally.total or 1), 1),
                row.last_activity_at.replace(tzinfo=None) if row.last_activity_at else None,
                row.n_extensions,  # type: ignore[attr-defined]
                row.extended_until.replace(tzinfo=None) if row.extended_until else None,  # type: ignore[attr-defined]
                overview.total,
                labels.get(overview.band.code, "") if overview.band else "",
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
