"""Certificates (piagam): issuing, the PDF and its QR code, reissuing, batches."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.evaluation.models import Cycle
from layakanak.regions.models import Region
from layakanak.results import certificates
from layakanak.results.actions.certificates import (
    do_issue_certificate,
    do_reissue_certificate,
    do_request_certificate_batch,
    run_certificate_batch,
)
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.errors import CertificateRefused
from layakanak.results.models import BatchStatus, Certificate, CertificateBatch, Publication
from tests.pdf import decode_qr, pdf_pages, pdf_text, squeezed
from tests.results.fixtures_certificates import shows_code

pytestmark = pytest.mark.django_db


def stored(certificate: Certificate) -> bytes:
    with default_storage.open(certificate.file, "rb") as handle:
        return handle.read()


def test_codes_are_twelve_unambiguous_characters_and_forgive_typing() -> None:
    codes = {certificates.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 12 and set(code) <= set(certificates.ALPHABET)
    assert not set("01ILO") & set(certificates.ALPHABET)
    assert certificates.normalise_code(" 7kqm-r2xh 9tda ") == "7KQMR2XH9TDA"
    assert certificates.display_code("7KQMR2XH9TDA") == "7KQM-R2XH-9TDA"


def test_an_issued_certificate_is_stored_with_its_sha256_and_an_audit_event(
    balikpapan_certificate: Certificate, media: Path
) -> None:
    certificate = balikpapan_certificate
    content = stored(certificate)
    assert content.startswith(b"%PDF")
    assert (media / certificate.file).exists()
    assert certificate.sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.issued_by is not None and certificate.replaced_at is None
    event = AuditEvent.objects.get(action="results.certificate_issued")
    assert event.object_id == certificate.code and event.after["sha256"] == certificate.sha256


def test_the_certificate_pdf_is_one_landscape_page_with_region_predicate_and_decree(
    balikpapan_certificate: Certificate,
) -> None:
    content = stored(balikpapan_certificate)
    assert pdf_pages(content) == 1
    text = pdf_text(content)
    # Letter-spaced headings come out of pdftotext with spaces between the letters.
    letters = squeezed(text)
    assert "KEMENTERIAN PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK" in text
    assert "REPUBLIK INDONESIA" in text and "PIAGAM PENGHARGAAN" in text
    assert "Pemerintah Kota Balikpapan" in text and "Provinsi Kalimantan Timur" in text
    assert "KABUPATEN/KOTALAYAKANAKKATEGORIUTAMA" in letters
    assert "dalam Evaluasi KLA 2026" in text
    assert "Nomor 120 Tahun 2026 tanggal 23 Juli 2026" in text
    assert shows_code(certificates.display_code(balikpapan_certificate.code), text)


def test_the_qr_code_decodes_to_the_public_check_address(
    balikpapan_certificate: Certificate, settings
) -> None:
    code = balikpapan_certificate.code
    assert decode_qr(stored(balikpapan_certificate)) == [f"{settings.SITE_URL}/verifikasi/{code}/"]


def test_a_provinsi_layak_anak_receives_its_own_certificate(
    published: Publication, central_admin: User
) -> None:
    province = Region.objects.get(code="65")
    certificate = do_issue_certificate(published, province, "provila", actor=central_admin)
    text = pdf_text(stored(certificate))
    letters = squeezed(text)
    assert "Pemerintah Provinsi Kalimantan Utara" in text and "PROVINSILAYAKANAK" in letters
    assert "KATEGORI" not in letters


def test_only_awardees_of_the_current_version_receive_a_certificate(
    published: Publication, central_admin: User, cycle: Cycle
) -> None:
    samarinda = Region.objects.get(code="64.72")  # took part, no predicate
    with pytest.raises(CertificateRefused):
        do_issue_certificate(published, samarinda, "pratama", actor=central_admin)
    balikpapan = Region.objects.get(code="64.71")
    with pytest.raises(CertificateRefused):
        do_issue_certificate(published, balikpapan, "nindya", actor=central_admin)
    with pytest.raises(CertificateRefused):  # Kalimantan Timur is not a Provinsi Layak Anak
        do_issue_certificate(published, Region.objects.get(code="64"), "provila", actor="test")
    do_issue_certificate(published, balikpapan, "utama", actor=central_admin)
    with pytest.raises(CertificateRefused):  # one certificate in force per awardee
        do_issue_certificate(published, balikpapan, "utama", actor=central_admin)
    do_publish_cycle(cycle, actor=central_admin, reason="Koreksi nomor keputusan")
    published.refresh_from_db()
    with pytest.raises(CertificateRefused):  # version 1 is superseded
        do_issue_certificate(published, Region.objects.get(code="65.71"), "utama", actor="test")
    assert Certificate.objects.count() == 1


def test_a_reissue_gives_a_new_code_and_marks_the_old_one_replaced(
    balikpapan_certificate: Certificate, central_admin: User
) -> None:
    old = balikpapan_certificate
    with pytest.raises(CertificateRefused):
        do_reissue_certificate(old, actor=central_admin, reason="  ")
    new = do_reissue_certificate(old, actor=central_admin, reason="Cetakan rusak terkena air")
    old.refresh_from_db()
    assert new.code != old.code and new.sha256 and new.file != old.file
    assert old.replaced_by == new and old.replaced_at is not None
    assert old.replace_reason == "Cetakan rusak terkena air"
    assert (new.region, new.predicate, new.publication) == (old.region, "utama", old.publication)
    assert decode_qr(stored(new)) == [certificates.check_url(new.code)]
    with pytest.raises(CertificateRefused):  # the replaced one cannot be reissued again
        do_reissue_certificate(old, actor=central_admin, reason="Lagi")
    event = AuditEvent.objects.filter(action="results.certificate_issued").latest("pk")
    assert event.before == {"replaces": old.code, "reason": "Cetakan rusak terkena air"}


def test_a_batch_issues_every_certificate_and_stores_a_zip_with_a_list(
    published: Publication,
    central_admin: User,
    balikpapan_certificate: Certificate,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        batch = do_request_certificate_batch(published, actor=central_admin)
    batch.refresh_from_db()
    # 7 awarded kab/kota and Kalimantan Utara; Balikpapan's certificate was kept.
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, 8, 8)
    assert batch.finished_at is not None
    live = certificates.live_certificates(published)
    assert live.count() == 8 and live.filter(code=balikpapan_certificate.code).exists()
    with default_storage.open(batch.archive, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    assert "daftar-piagam.csv" in names
    assert f"utama/64.71-kota-balikpapan-{balikpapan_certificate.code}.pdf" in names
    assert any(n.startswith("provila/65-kalimantan-utara-") for n in names)
    assert len([n for n in names if n.endswith(".pdf")]) == 8
    listing = archive.read("daftar-piagam.csv").decode("utf-8-sig").splitlines()
    assert listing[0].startswith("kode_wilayah,wilayah,predikat,kode_piagam,sha256")
    tarakan = next(line for line in listing if line.startswith("65.71,"))
    tarakan_certificate = live.get(region__code="65.71")
    assert tarakan_certificate.sha256 in tarakan and "/verifikasi/" in tarakan
    member = next(n for n in names if tarakan_certificate.code in n)
    assert hashlib.sha256(archive.read(member)).hexdigest() == tarakan_certificate.sha256
    assert AuditEvent.objects.filter(action="results.certificates_generated").count() == 1


def test_a_second_batch_only_adds_what_is_missing_and_a_running_one_blocks_another(
    published: Publication, central_admin: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        do_request_certificate_batch(published, actor=central_admin)
    with pytest.raises(CertificateRefused):
        do_request_certificate_batch(published, actor=central_admin)
    for callback in callbacks:
        callback()
    first = set(certificates.live_certificates(published).values_list("code", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        second = do_request_certificate_batch(published, actor=central_admin)
    second.refresh_from_db()
    assert second.status == BatchStatus.DONE and second.done == second.total == 8
    assert set(certificates.live_certificates(published).values_list("code", flat=True)) == first


def test_a_failed_batch_keeps_what_it_made_and_says_so(
    published: Publication, central_admin: User, monkeypatch, settings
) -> None:
    settings.CERTIFICATE_PROCESSES = 1
    batch = CertificateBatch.objects.create(
        publication=published,
        status=BatchStatus.QUEUED,
        total=8,
        requested_at=published.published_at,
    )
    calls = {"n": 0}
    real = certificates.render_certificates

    def failing(contents):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("disk full")
        return real(contents)

    monkeypatch.setattr(certificates, "render_certificates", failing)
    monkeypatch.setattr("layakanak.results.actions.certificates.CHUNK", 3)
    with pytest.raises(RuntimeError):
        run_certificate_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "disk full" in batch.error
    assert batch.done == 3 and certificates.live_certificates(published).count() == 3


def test_a_batch_renders_in_several_processes_when_configured(
    published: Publication, central_admin: User, monkeypatch, settings
) -> None:
    settings.CERTIFICATE_PROCESSES = 2
    monkeypatch.setattr("layakanak.results.actions.certificates.CHUNK", 3)  # 3 chunks of 8
    batch = CertificateBatch.objects.create(
        publication=published,
        status=BatchStatus.QUEUED,
        total=8,
        requested_at=published.published_at,
        requested_by=central_admin,
    )
    batch = run_certificate_batch(batch.pk)
    assert (batch.status, batch.done) == (BatchStatus.DONE, 8)
    for certificate in certificates.live_certificates(published).select_related("region"):
        content = stored(certificate)
        assert hashlib.sha256(content).hexdigest() == certificate.sha256
        text = pdf_text(content)
        assert shows_code(certificates.display_code(certificate.code), text)
        assert certificate.region.name.split()[-1] in text
