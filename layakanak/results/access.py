"""Every permission check of the staff results pages. Forbidden answers like missing (404).

- The publication page, the decree annex, the certificates and their batches are seen by the
  ministry: central admins and central verifiers (who run the cycle, as on the cockpit).
- Publishing, generating and reissuing certificates belong to the central admin alone
  (KLA.md section 5: "Admin pusat: instrument, cycle, accounts, decree, publication").
- The certificate check (/verifikasi/<code>/) is public and needs no check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from layakanak.accounts import access as roles
from layakanak.evaluation.models import Cycle
from layakanak.results.models import Certificate, CertificateBatch, Publication


def _not_found() -> Http404:
    return Http404("Tidak ditemukan / Not found")


def can_view_results(user: Any) -> bool:
    return bool(
        user.is_authenticated and (roles.is_central_admin(user) or roles.is_central_verifier(user))
    )


def can_publish(user: Any) -> bool:
    """Publishing, generating and reissuing certificates: the central admin only."""
    return bool(user.is_authenticated and roles.is_central_admin(user))


@dataclass(frozen=True)
class ResultsScope:
    """A cycle's results as staff see them: the cycle (None for imported history) and its slug."""

    slug: str
    cycle: Cycle | None


def _scope(slug: str) -> ResultsScope | None:
    cycle = Cycle.objects.select_related("instrument").defer("instrument__document")
    found = cycle.filter(slug=slug).first()
    if found is not None:
        return ResultsScope(slug, found)
    if Publication.objects.filter(cycle_slug=slug).exists():
        return ResultsScope(slug, None)
    return None


def access_results(user: Any, slug: str) -> ResultsScope:
    """The staff publication page of a cycle (or of an imported historical cycle)."""
    if not can_view_results(user):
        raise _not_found()
    scope = _scope(slug)
    if scope is None:
        raise _not_found()
    return scope


def access_cycle_for_publishing(user: Any, slug: str) -> Cycle:
    """A cycle evaluated on the platform, for the central admin to publish."""
    if not can_publish(user):
        raise _not_found()
    scope = _scope(slug)
    if scope is None or scope.cycle is None:
        raise _not_found()
    return scope.cycle


def access_publication(user: Any, slug: str, version: int | None = None) -> Publication:
    """A publication with region rows (the current one unless a version is named)."""
    if not can_view_results(user):
        raise _not_found()
    publications = Publication.objects.filter(cycle_slug=slug, aggregate_only=False)
    if version is None:
        found = publications.filter(superseded_at__isnull=True).first()
    else:
        found = publications.filter(version=version).first()
    if found is None:
        raise _not_found()
    return found


def access_publication_for_certificates(user: Any, slug: str) -> Publication:
    """The current publication, for the central admin to generate its certificates."""
    if not can_publish(user):
        raise _not_found()
    return access_publication(user, slug)


def _certificate(slug: str, code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("publication", "region__parent", "replaced_by")
        .filter(publication__cycle_slug=slug, code=code)
        .first()
    )


def access_certificate(user: Any, slug: str, code: str) -> Certificate:
    if not can_view_results(user):
        raise _not_found()
    certificate = _certificate(slug, code)
    if certificate is None:
        raise _not_found()
    return certificate


def access_certificate_for_reissue(user: Any, slug: str, code: str) -> Certificate:
    if not can_publish(user):
        raise _not_found()
    return access_certificate(user, slug, code)


def access_batch(user: Any, slug: str, batch_id: int) -> CertificateBatch:
    if not can_view_results(user):
        raise _not_found()
    batch = (
        CertificateBatch.objects.select_related("publication")
        .filter(pk=batch_id, publication__cycle_slug=slug)
        .first()
    )
    if batch is None:
        raise _not_found()
    return batch
