"""Staff pages of the results: publication versions, the decree annex, the certificates."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from layakanak.evaluation.errors import EvaluationRefused
from layakanak.evaluation.models import Cycle, Submission, SubmissionStatus
from layakanak.results import access, certificates, documents
from layakanak.results.actions import certificates as certificate_actions
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.forms import PublishForm, ReissueForm
from layakanak.results.models import BatchStatus, Certificate, CertificateBatch, Publication
from layakanak.results.snapshot import PROVILA


def _decisions(cycle: Cycle, current: Publication | None) -> dict[str, Any]:
    """Where the cycle's decisions stand, and what publishing now would freeze."""
    from layakanak.verification.models import Decision

    decisions = Decision.objects.filter(submission__cycle=cycle)
    submitted = Submission.objects.filter(cycle=cycle, status=SubmissionStatus.SUBMITTED)
    by_band = Counter(decisions.values_list("decided_band", flat=True))
    changed = 0
    if current is not None:
        changed = decisions.filter(decided_at__gt=current.published_at).count()
    return {
        "participants": Submission.objects.filter(cycle=cycle).count(),
        "decided": sum(by_band.values()),
        "undecided": submitted.filter(decision__isnull=True).count(),
        "by_band": by_band,
        "changed_since_publication": changed,
    }


def _band_rows(cycle: Cycle, by_band: Counter[str]) -> list[dict[str, Any]]:
    from layakanak.instruments.queries import instrument_of

    instrument = instrument_of(cycle.instrument)
    return [
        {"band": band, "count": by_band.get(band.code, 0)} for band in reversed(instrument.bands)
    ]


def _band_names(publication: Publication) -> dict[str, str]:
    codes = [b["code"] for b in publication.bands] + [PROVILA]
    return {code: certificates.predicate_name(publication, code) for code in codes}


# A batch still queued after this long is not being picked up: the page says whom to ask.
QUEUED_TOO_LONG = datetime.timedelta(minutes=3)


def waiting_long(batch: CertificateBatch) -> bool:
    queued = batch.status == BatchStatus.QUEUED
    return queued and timezone.now() - batch.requested_at > QUEUED_TOO_LONG


def _page_context(request: HttpRequest, scope: access.ResultsScope) -> dict[str, Any]:
    publications = list(
        Publication.objects.filter(cycle_slug=scope.slug)
        .select_related("published_by", "superseded_by")
        .order_by("-version")
    )
    current = next((p for p in publications if p.is_current), None)
    versions = [
        {
            "publication": p,
            "counts": [
                (certificates.predicate_name(p, band["code"]), p.totals[band["code"]])
                for band in p.awarded_bands
                if p.totals.get(band["code"])
            ],
        }
        for p in publications
    ]
    context: dict[str, Any] = {
        "scope": scope,
        "cycle": scope.cycle,
        "name": current or scope.cycle,
        "versions": versions,
        "current": current,
        "can_publish": access.can_publish(request.user) and scope.cycle is not None,
        "can_generate": access.can_publish(request.user),
    }
    if scope.cycle is not None:
        decisions = _decisions(scope.cycle, current)
        context["decisions"] = decisions
        context["band_rows"] = _band_rows(scope.cycle, decisions["by_band"])
        context["form"] = PublishForm(correction=current is not None)
    if current is not None and not current.aggregate_only:
        live = list(
            certificates.live_certificates(current)
            .select_related("region")
            .order_by("region__code", "predicate")
        )
        context["certificates"] = live
        context["awardees"] = len(certificates.awardees(current))
        context["replaced"] = Certificate.objects.filter(
            publication=current, replaced_at__isnull=False
        ).count()
        context["band_names"] = _band_names(current)
        batch = (
            CertificateBatch.objects.filter(publication=current).order_by("-requested_at").first()
        )
        context["batch"] = batch
        context["waiting_long"] = batch is not None and waiting_long(batch)
    return context


@login_required
@require_GET
def publication_page(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    scope = access.access_results(request.user, cycle_slug)
    return render(request, "results/staff/publication.html", _page_context(request, scope))


@login_required
@require_POST
def publish(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    """Two steps: the form is checked and a summary asks for confirmation; the confirmed
    request publishes."""
    cycle = access.access_cycle_for_publishing(request.user, cycle_slug)
    scope = access.ResultsScope(cycle.slug, cycle)
    current = Publication.objects.filter(cycle_slug=cycle.slug, superseded_at__isnull=True).first()
    form = PublishForm(request.POST, correction=current is not None)
    if not form.is_valid():
        context = {**_page_context(request, scope), "form": form}
        return render(request, "results/staff/publication.html", context, status=400)
    data = form.cleaned_data
    if request.POST.get("confirmed") != "yes":
        decisions = _decisions(cycle, current)
        context = {
            "cycle": cycle,
            "form": form,
            "data": data,
            "current": current,
            "version": (current.version + 1) if current else 1,
            "decisions": decisions,
            "band_rows": _band_rows(cycle, decisions["by_band"]),
        }
        return render(request, "results/staff/publish_confirm.html", context)
    if request.POST.get("understood") != "yes":
        messages.error(request, _("Tick the box to confirm that you understand the consequences."))
        return redirect("results:staff", cycle.slug)
    try:
        publication = do_publish_cycle(
            cycle,
            actor=request.user,
            decree_number=data["decree_number"],
            decree_date=data["decree_date"],
            reason=data.get("reason", ""),
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Version %(version)s of the results is published.")
            % {"version": publication.version},
        )
    return redirect("results:staff", cycle.slug)


def _version(request: HttpRequest) -> int | None:
    raw = request.GET.get("versi", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) >= 10:
        raise Http404
    return int(raw)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def annex_pdf(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    publication = access.access_publication(request.user, cycle_slug, _version(request))
    pdf = documents.annex_pdf(documents.build_annex(publication))
    name = f"lampiran-kepmen-kla-{publication.cycle_slug}-v{publication.version}.pdf"
    return _attachment(pdf, "application/pdf", name)


@login_required
@require_GET
def annex_xlsx(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    publication = access.access_publication(request.user, cycle_slug, _version(request))
    content = documents.annex_xlsx(documents.build_annex(publication))
    name = f"lampiran-kepmen-kla-{publication.cycle_slug}-v{publication.version}.xlsx"
    return _attachment(
        content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name
    )


@login_required
@require_POST
def batch_start(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    publication = access.access_publication_for_certificates(request.user, cycle_slug)
    try:
        certificate_actions.do_request_certificate_batch(
            publication,
            actor=request.user,
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The certificates are being generated."))
    return redirect(reverse("results:staff", args=[cycle_slug]) + "#piagam")


@login_required
@require_GET
def batch_status(request: HttpRequest, cycle_slug: str, batch_id: int) -> HttpResponse:
    """The progress of a batch (the fragment the page polls with htmx while it runs)."""
    batch = access.access_batch(request.user, cycle_slug, batch_id)
    context = {"batch": batch, "slug": cycle_slug, "waiting_long": waiting_long(batch)}
    response = render(request, "results/staff/_batch.html", context)
    response["Cache-Control"] = "no-store"
    if batch.status in (BatchStatus.DONE, BatchStatus.FAILED) and request.headers.get("HX-Request"):
        # The list of certificates below changed too: reload the whole page once.
        response["HX-Refresh"] = "true"
    return response


def _stored_file(name: str, filename: str, content_type: str) -> FileResponse:
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def batch_zip(request: HttpRequest, cycle_slug: str, batch_id: int) -> FileResponse:
    batch = access.access_batch(request.user, cycle_slug, batch_id)
    if batch.status != BatchStatus.DONE:
        raise Http404
    publication = batch.publication
    filename = f"piagam-kla-{publication.cycle_slug}-v{publication.version}.zip"
    return _stored_file(batch.archive, filename, "application/zip")


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, cycle_slug: str, code: str) -> FileResponse:
    certificate = access.access_certificate(request.user, cycle_slug, code)
    filename = f"piagam-{certificate.region.code}-{certificate.code}.pdf"
    return _stored_file(certificate.file, filename, "application/pdf")


@login_required
@require_GET
def certificate_page(request: HttpRequest, cycle_slug: str, code: str) -> HttpResponse:
    certificate = access.access_certificate(request.user, cycle_slug, code)
    return _certificate_page(request, certificate, ReissueForm())


def _certificate_page(
    request: HttpRequest, certificate: Certificate, form: ReissueForm, status: int = 200
) -> HttpResponse:
    history = list(
        Certificate.objects.filter(
            publication=certificate.publication,
            region=certificate.region,
            predicate=certificate.predicate,
        )
        .select_related("replaced_by")
        .order_by("-issued_at")
    )
    context = {
        "certificate": certificate,
        "publication": certificate.publication,
        "label": _band_names(certificate.publication).get(
            certificate.predicate, certificate.predicate
        ),
        "display_code": certificates.display_code(certificate.code),
        "history": history,
        "form": form,
        "can_reissue": access.can_publish(request.user)
        and certificate.replaced_at is None
        and certificate.publication.is_current,
    }
    return render(request, "results/staff/certificate.html", context, status=status)


@login_required
@require_POST
def certificate_reissue(request: HttpRequest, cycle_slug: str, code: str) -> HttpResponse:
    certificate = access.access_certificate_for_reissue(request.user, cycle_slug, code)
    form = ReissueForm(request.POST)
    if not form.is_valid():
        return _certificate_page(request, certificate, form, status=400)
    try:
        new = certificate_actions.do_reissue_certificate(
            certificate,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
        return redirect("results:certificate", cycle_slug, code)
    messages.success(
        request,
        _("A new certificate %(new)s replaces %(old)s.")
        % {
            "new": certificates.display_code(new.code),
            "old": certificates.display_code(certificate.code),
        },
    )
    return redirect("results:certificate", cycle_slug, new.code)
