"""The public certificate check: /verifikasi/ and /verifikasi/<code>/ (no login).

It shows what the piagam says and the SHA-256 of the issued PDF, nothing personal (not who
issued it, nor why it was replaced)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from layakanak.results import certificates, queries
from layakanak.results.models import Certificate


@require_GET
def check_form(request: HttpRequest) -> HttpResponse:
    typed = certificates.normalise_code(request.GET.get("kode", ""))
    if typed:
        return redirect("results:check", typed)
    return render(request, "results/check/form.html", {"typed": ""})


@require_GET
def check(request: HttpRequest, code: str) -> HttpResponse:
    canonical = certificates.normalise_code(code)
    if canonical and canonical != code:
        return redirect("results:check", canonical)
    certificate = (
        Certificate.objects.select_related("publication", "region__parent", "replaced_by")
        .filter(code=canonical)
        .first()
    )
    if certificate is None:
        response = render(request, "results/check/form.html", {"typed": code}, status=404)
    else:
        publication = certificate.publication
        current, newer = None, None
        if not publication.is_current:
            # The results were corrected after this piagam: point to the version in force.
            current = queries.current_publication(publication.cycle_slug)
            if current is not None:
                newer = (
                    certificates.live_certificates(current)
                    .filter(region=certificate.region)
                    .first()
                )
        context = {
            "certificate": certificate,
            "publication": publication,
            "label": certificates.predicate_name(publication, certificate.predicate),
            "display_code": certificates.display_code(certificate.code),
            "replacement_code": certificates.display_code(certificate.replaced_by.code)
            if certificate.replaced_by
            else "",
            "current_publication": current,
            "newer_code": certificates.display_code(newer.code) if newer else "",
            "newer": newer,
        }
        response = render(request, "results/check/certificate.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
