"""The region feedback report after each stage: page and PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from layakanak.scoring.model import Band
from layakanak.verification import access, report


def _report(
    request: HttpRequest, cycle_slug: str, region_code: str, stage: str
) -> report.FeedbackReport:
    # `stage` is a stage that freezes a score (the URL converter `ScoredStageConverter`).
    submission = access.access_submission_for_report(request.user, cycle_slug, region_code)
    built = report.build_report(submission, stage)
    if built is None:
        raise Http404
    return built


def _context(built: report.FeedbackReport) -> dict[str, object]:
    target: Band | None = built.plan.target if built.plan else None
    return {
        "report": built,
        "submission": built.submission,
        "target": target,
        "stages": report.available_stages(built.submission),
    }


@login_required
def report_page(
    request: HttpRequest, cycle_slug: str, region_code: str, stage: str
) -> HttpResponse:
    from django.shortcuts import render

    built = _report(request, cycle_slug, region_code, stage)
    return render(request, "verification/report.html", _context(built))


@login_required
def report_pdf(request: HttpRequest, cycle_slug: str, region_code: str, stage: str) -> HttpResponse:
    built = _report(request, cycle_slug, region_code, stage)
    pdf = report.render_pdf(built, _context(built), request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"laporan-{built.submission.cycle.slug}-{built.submission.region.code}-{stage}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
