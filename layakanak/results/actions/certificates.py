"""Writes of the certificates (piagam): issuing, reissuing, and batches of a whole publication.

Each issued PDF is stored through Django's storage (a local folder or S3-compatible object
storage) and its SHA-256 recorded, so that the public check page can confirm a copy byte for
byte. A certificate is never changed: a reissue gives a new code and marks the old one replaced.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import multiprocessing
import re
import tempfile
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.lib.spreadsheet import SafeCsvWriter
from layakanak.regions.models import Region
from layakanak.results import certificates, render_process
from layakanak.results.errors import CertificateRefused
from layakanak.results.models import (
    BatchStatus,
    Certificate,
    CertificateBatch,
    ProvinceAward,
    Publication,
    RegionResult,
)
from layakanak.results.snapshot import PROVILA

logger = logging.getLogger(__name__)

# Certificates laid out together in one WeasyPrint document (see certificates.render_certificates).
CHUNK = 20


def _folder(publication: Publication) -> str:
    return f"piagam/{publication.cycle_slug}/v{publication.version}"


def _check_awarded(publication: Publication, region: Region, predicate: str) -> None:
    if publication.superseded_at is not None:
        raise CertificateRefused(
            _("Version %(version)s was superseded: issue certificates from the current version."),
            version=publication.version,
        )
    if predicate == PROVILA:
        awarded = ProvinceAward.objects.filter(publication=publication, region=region).exists()
    else:
        band = publication.band(predicate)
        awarded = bool(band and band.get("awarded")) and (
            RegionResult.objects.filter(
                publication=publication, region=region, predicate=predicate
            ).exists()
        )
    if not awarded:
        raise CertificateRefused(
            _("%(name)s did not receive the predicate '%(predicate)s' in this publication."),
            name=region.name,
            predicate=predicate,
        )


def _new_certificate(
    publication: Publication, region: Region, predicate: str, now: datetime.datetime
) -> Certificate:
    code = certificates.new_code()
    while Certificate.objects.filter(code=code).exists():  # 31^12 codes: practically never
        code = certificates.new_code()
    return Certificate(
        code=code, publication=publication, region=region, predicate=predicate, issued_at=now
    )


def _store(certificate: Certificate, pdf: bytes, actor: Actor) -> Certificate:
    """Save the PDF and the row (inside the caller's transaction)."""
    name = f"{_folder(certificate.publication)}/{certificate.code}.pdf"
    certificate.file = default_storage.save(name, ContentFile(pdf))
    certificate.sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.issued_by = user_of(actor)
    certificate.save()
    return certificate


def _issued_event(certificate: Certificate, actor: Actor, before: dict[str, str] | None) -> None:
    record_event(
        "results.certificate_issued",
        actor=actor,
        object_type="certificate",
        object_id=certificate.code,
        before=before,
        after={
            "publication": certificate.publication_id,
            "region": certificate.region.code,
            "predicate": certificate.predicate,
            "sha256": certificate.sha256,
        },
    )


@transaction.atomic
def do_issue_certificate(
    publication: Publication,
    region: Region,
    predicate: str,
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Certificate:
    """Issue the piagam of an awardee of the current publication (refused when it holds one)."""
    _check_awarded(publication, region, predicate)
    live = certificates.live_certificates(publication)
    if live.filter(region=region, predicate=predicate).exists():
        raise CertificateRefused(
            _("%(name)s already holds a certificate for this publication; reissue it instead."),
            name=region.name,
        )
    certificate = _new_certificate(publication, region, predicate, now or timezone.now())
    pdf = certificates.render_certificate(certificates.content_of(certificate))
    _store(certificate, pdf, actor)
    _issued_event(certificate, actor, None)
    return certificate


@transaction.atomic
def do_reissue_certificate(
    certificate: Certificate,
    *,
    actor: Actor,
    reason: str,
    now: datetime.datetime | None = None,
) -> Certificate:
    """A new piagam with a new code for the same awardee; the old code is marked replaced (it
    stays checkable and says by which code). A reason is required (a damaged or lost copy, a
    misprint)."""
    reason = reason.strip()
    if not reason:
        raise CertificateRefused(_("A reissue needs a reason."))
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.replaced_at is not None:
        raise CertificateRefused(
            _("This certificate was already replaced; reissue the one in force."),
        )
    publication = old.publication
    _check_awarded(publication, old.region, old.predicate)
    now = now or timezone.now()
    new = _new_certificate(publication, old.region, old.predicate, now)
    pdf = certificates.render_certificate(certificates.content_of(new))
    _store(new, pdf, actor)
    old.replaced_by = new
    old.replaced_at = now
    old.replace_reason = reason[:500]
    old.save(update_fields=["replaced_by", "replaced_at", "replace_reason"])
    _issued_event(new, actor, {"replaces": old.code, "reason": old.replace_reason})
    return new


# Batches ---------------------------------------------------------------------------------------


# ~400 certificates take about a minute: a batch still unfinished after this long lost its
# worker (a restart, a crash) and no longer blocks a new request.
STALE_AFTER = datetime.timedelta(hours=1)


def _active_batch(publication: Publication, now: datetime.datetime) -> CertificateBatch | None:
    active = CertificateBatch.objects.filter(
        publication=publication, status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING]
    )
    active.filter(requested_at__lt=now - STALE_AFTER).update(
        status=BatchStatus.FAILED, error="interrupted", finished_at=now
    )
    return active.order_by("-requested_at").first()


@transaction.atomic
def do_request_certificate_batch(
    publication: Publication, *, actor: Actor, now: datetime.datetime | None = None
) -> CertificateBatch:
    """Queue the generation of every certificate of the current publication (the ones already
    issued are kept) and of a ZIP of all of them. The background worker runs it
    (`layakanak worker`); with the immediate backend it runs as soon as this commits."""
    from layakanak.results.tasks import generate_certificates

    now = now or timezone.now()
    Publication.objects.select_for_update().filter(pk=publication.pk).first()
    if publication.superseded_at is not None or publication.aggregate_only:
        raise CertificateRefused(
            _("Certificates are issued only from the current version with a list of regions."),
        )
    if _active_batch(publication, now) is not None:
        raise CertificateRefused(
            _("Certificates for this publication are already being generated."),
        )
    total = len(certificates.awardees(publication))
    if total == 0:
        raise CertificateRefused(
            _("Nobody in this publication receives a certificate."),
        )
    batch = CertificateBatch.objects.create(
        publication=publication,
        status=BatchStatus.QUEUED,
        total=total,
        requested_by=user_of(actor),
        requested_at=now,
    )
    record_event(
        "results.certificates_requested",
        actor=actor,
        object_type="certificate_batch",
        object_id=str(batch.pk),
        after={"publication": publication.pk, "total": total},
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: generate_certificates.enqueue(batch_id))
    return batch


def _set(batch_id: int, **fields: object) -> None:
    CertificateBatch.objects.filter(pk=batch_id).update(**fields)


def _prepare(publication: Publication, chunk: Sequence[certificates.Awardee]) -> list[Certificate]:
    now = timezone.now()
    return [_new_certificate(publication, a.region, a.predicate, now) for a in chunk]


def _record_chunk(
    pending: Sequence[Certificate], pdfs: Sequence[bytes], actor: Actor, batch_id: int
) -> None:
    for certificate, pdf in zip(pending, pdfs, strict=True):
        with transaction.atomic():
            _store(certificate, pdf, actor)
            _issued_event(certificate, actor, None)
            _set(batch_id, done=F("done") + 1)


def _issue_all(
    publication: Publication,
    missing: Sequence[certificates.Awardee],
    actor: Actor,
    batch_id: int,
) -> None:
    """Render CHUNK certificates at a time and record each.

    Rendering is CPU-bound. With CERTIFICATE_PROCESSES = n > 1, n - 1 fresh processes take
    chunks from the front of the queue while this process takes them from the back (it has
    the renderer loaded already: one process fewer to start), recording every finished chunk
    as it goes. ~400 certificates take about half the time on 2 cores."""
    chunks = [missing[start : start + CHUNK] for start in range(0, len(missing), CHUNK)]
    helpers = min(int(getattr(settings, "CERTIFICATE_PROCESSES", 1)), len(chunks)) - 1
    pending = [_prepare(publication, chunk) for chunk in chunks]
    contents = [[certificates.content_of(c) for c in chunk] for chunk in pending]
    if helpers <= 0:
        for chunk, content in zip(pending, contents, strict=True):
            _record_chunk(chunk, certificates.render_certificates(content), actor, batch_id)
        return
    # "spawn": a clean process, safe whatever threads this one runs (web server, worker).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(helpers, mp_context=context, initializer=render_process.start) as pool:
        futures: list[Future[list[bytes]]] = [
            pool.submit(render_process.render, content) for content in contents
        ]
        recorded: set[int] = set()

        def record(index: int, pdfs: list[bytes]) -> None:
            _record_chunk(pending[index], pdfs, actor, batch_id)
            recorded.add(index)

        try:
            for index in reversed(range(len(futures))):
                if not futures[index].cancel():
                    break  # a helper has taken it: the rest of the queue is theirs
                record(index, certificates.render_certificates(contents[index]))
                for done, future in enumerate(futures):
                    if done not in recorded and future.done() and not future.cancelled():
                        record(done, future.result())
            for index, future in enumerate(futures):
                if index not in recorded:
                    record(index, future.result())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_certificate_batch(batch_id: int) -> CertificateBatch:
    """Generate the missing certificates of the batch's publication, CHUNK at a time, counting
    progress in `done`, then store a ZIP of every certificate in force (and a list in CSV).
    Each certificate commits on its own, so that the progress shows and a failed run keeps
    what it finished; running the batch again continues where it stopped."""
    batch = CertificateBatch.objects.select_related("publication", "requested_by").get(pk=batch_id)
    if batch.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        return batch
    publication = batch.publication
    actor: Actor = batch.requested_by or "worker"
    try:
        everyone = certificates.awardees(publication)
        held = set(
            certificates.live_certificates(publication).values_list("region_id", "predicate")
        )
        missing = [a for a in everyone if (a.region.pk, a.predicate) not in held]
        _set(
            batch_id,
            status=BatchStatus.RUNNING,
            total=len(everyone),
            done=len(everyone) - len(missing),
            error="",
        )
        _issue_all(publication, missing, actor, batch_id)
        archive = _store_archive(publication, batch_id)
    except Exception as exc:
        logger.exception("certificate batch %s failed", batch_id)
        _set(batch_id, status=BatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    finished = timezone.now()
    with transaction.atomic():
        _set(batch_id, status=BatchStatus.DONE, archive=archive, finished_at=finished)
        record_event(
            "results.certificates_generated",
            actor=actor,
            object_type="certificate_batch",
            object_id=str(batch_id),
            after={"publication": publication.pk, "total": len(everyone), "archive": archive},
        )
    batch.refresh_from_db()
    return batch


def archive_member_name(certificate: Certificate) -> str:
    """The path of a certificate inside the ZIP: predicate folder, region code and name."""
    region = certificate.region
    name = slugify(region.name) or "wilayah"
    code = re.sub(r"[^0-9.]", "", region.code)
    return f"{certificate.predicate}/{code}-{name}-{certificate.code}.pdf"


def _store_archive(publication: Publication, batch_id: int) -> str:
    live = list(
        certificates.live_certificates(publication)
        .select_related("region")
        .order_by("predicate", "region__code")
    )
    listing = io.StringIO()
    writer = SafeCsvWriter(listing, lineterminator="\n")
    writer.writerow(
        ["kode_wilayah", "wilayah", "predikat", "kode_piagam", "sha256", "alamat_verifikasi"]
    )
    with tempfile.TemporaryFile() as spool:
        # PDFs are already compressed: stored as they are, the ZIP is built quickly.
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
            for certificate in live:
                with default_storage.open(certificate.file, "rb") as pdf:
                    archive.writestr(archive_member_name(certificate), pdf.read())
                writer.writerow(
                    [
                        certificate.region.code,
                        certificate.region.name,
                        certificates.predicate_label(publication, certificate.predicate),
                        certificate.code,
                        certificate.sha256,
                        certificates.check_url(certificate.code),
                    ]
                )
            archive.writestr("daftar-piagam.csv", listing.getvalue().encode("utf-8-sig"))
        spool.seek(0)
        name = f"{_folder(publication)}/piagam-{publication.cycle_slug}-v{publication.version}"
        return default_storage.save(f"{name}-{batch_id}.zip", File(spool))
