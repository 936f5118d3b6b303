"""The staff results pages (publication, decree annex, certificates) and the public check."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.evaluation.models import Cycle
from layakanak.regions.models import Region
from layakanak.results import certificates
from layakanak.results.actions.certificates import do_issue_certificate, do_reissue_certificate
from layakanak.results.models import BatchStatus, Certificate, CertificateBatch, Publication
from tests.evaluation.conftest import logged_in, make_user
from tests.results.conftest import decide_directly
from tests.results.fixtures_certificates import OUTCOMES

pytestmark = pytest.mark.django_db

PAGE = "/kelola/hasil/2026/"


@pytest.fixture
def central_verifier(regions: None) -> User:
    return make_user(
        "verifikator@kemenpppa.example",
        "Fajar Verifikator Pusat",
        AssignmentSpec(role="verifikator_pusat"),
    )


@pytest.fixture
def balikpapan_operator(regions: None) -> User:
    return make_user(
        "operator@balikpapan.example",
        "Ayu Operator Balikpapan",
        AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71")),
    )


def publish_form(**extra: str) -> dict[str, str]:
    return {"decree_number": "120 Tahun 2026", "decree_date": "2026-07-23", **extra}


# --- The publication page ---------------------------------------------------------------------


def test_the_central_admin_sees_the_decisions_and_the_publish_form(
    client: Client, cycle: Cycle, central_admin: User
) -> None:
    decide_directly(cycle, {"64.71": ("utama", "871.300"), "65.71": ("madya", "650.000")})
    logged_in(client, central_admin)
    page = client.get(PAGE)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Keputusan predikat" in body and "Hasil siklus ini belum diterbitkan." in body
    assert 'name="decree_number"' in body and "Periksa sebelum menerbitkan" in body
    assert ' style="' not in body and "<script>" not in body


def test_the_central_verifier_sees_the_page_but_cannot_publish(
    client: Client, published: Publication, central_verifier: User
) -> None:
    logged_in(client, central_verifier)
    body = client.get(PAGE).content.decode()
    assert "v1" in body and "120 Tahun 2026" in body
    assert 'name="decree_number"' not in body and "Buat semua piagam" not in body
    assert client.post(f"{PAGE}terbitkan/", publish_form()).status_code == 404
    assert client.post(f"{PAGE}piagam/buat/").status_code == 404
    assert client.get(f"{PAGE}lampiran.pdf").status_code == 200


def test_regional_staff_and_visitors_cannot_open_the_staff_pages(
    client: Client, published: Publication, balikpapan_operator: User
) -> None:
    urls = [PAGE, f"{PAGE}lampiran.pdf", f"{PAGE}lampiran.xlsx"]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    logged_in(client, balikpapan_operator)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(f"{PAGE}terbitkan/", publish_form()).status_code == 404
    assert client.get("/kelola/hasil/tidak-ada/").status_code == 404


def test_publishing_asks_for_confirmation_then_publishes(
    client: Client, cycle: Cycle, central_admin: User
) -> None:
    decide_directly(cycle, OUTCOMES)
    logged_in(client, central_admin)
    confirm = client.post(f"{PAGE}terbitkan/", publish_form())
    body = confirm.content.decode()
    assert confirm.status_code == 200 and "Terbitkan hasil versi 1?" in body
    assert "tidak dapat dibatalkan" in body and 'name="understood"' in body
    assert not Publication.objects.exists()
    # Confirmed without ticking the box: still nothing.
    client.post(f"{PAGE}terbitkan/", publish_form(confirmed="yes"))
    assert not Publication.objects.exists()
    done = client.post(f"{PAGE}terbitkan/", publish_form(confirmed="yes", understood="yes"))
    assert done.status_code == 302 and done["Location"] == PAGE
    publication = Publication.objects.get()
    assert publication.decree_number == "120 Tahun 2026" and publication.version == 1
    page = client.get(PAGE).content.decode()
    assert "Hasil versi 1 telah diterbitkan." in page and "Terbitkan koreksi" in page


def test_a_correction_needs_a_reason_and_shows_the_superseded_version(
    client: Client, published: Publication, central_admin: User
) -> None:
    logged_in(client, central_admin)
    refused = client.post(f"{PAGE}terbitkan/", publish_form(confirmed="yes", understood="yes"))
    assert refused.status_code == 400 and Publication.objects.count() == 1
    client.post(
        f"{PAGE}terbitkan/",
        publish_form(confirmed="yes", understood="yes", reason="Salah ketik nomor keputusan"),
    )
    assert Publication.objects.count() == 2
    body = client.get(PAGE).content.decode()
    assert "Digantikan v2" in body and "Salah ketik nomor keputusan" in body
    assert client.get(f"{PAGE}lampiran.pdf?versi=1").status_code == 200
    assert client.get(f"{PAGE}lampiran.pdf?versi=9").status_code == 404


def test_the_decree_annex_downloads(
    client: Client, published: Publication, central_admin: User
) -> None:
    logged_in(client, central_admin)
    pdf = client.get(f"{PAGE}lampiran.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="lampiran-kepmen-kla-2026-v1.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(f"{PAGE}lampiran.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


# --- Certificates -----------------------------------------------------------------------------


def test_the_admin_generates_every_certificate_and_downloads_the_zip(
    client: Client,
    published: Publication,
    central_admin: User,
    django_capture_on_commit_callbacks,
) -> None:
    logged_in(client, central_admin)
    assert "Buat semua piagam" in client.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{PAGE}piagam/buat/")
    assert started.status_code == 302 and started["Location"] == f"{PAGE}#piagam"
    batch = CertificateBatch.objects.get()
    assert batch.status == BatchStatus.DONE and batch.done == batch.total == 8
    fragment = client.get(f"{PAGE}piagam/proses/{batch.pk}/", HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "Selesai: 8 dari 8 (100 %)" in body and "hx-trigger" not in body
    assert fragment["HX-Refresh"] == "true"
    archive = client.get(f"{PAGE}piagam/proses/{batch.pk}.zip")
    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 8
    page = client.get(PAGE).content.decode()
    assert "Kota Tarakan" in page and "Unduh semua piagam (ZIP)" in page


def test_a_running_batch_is_polled_until_it_ends(
    client: Client, published: Publication, central_verifier: User
) -> None:
    batch = CertificateBatch.objects.create(
        publication=published,
        status=BatchStatus.RUNNING,
        total=8,
        done=3,
        requested_at=published.published_at,
    )
    logged_in(client, central_verifier)
    body = client.get(f"{PAGE}piagam/proses/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in body and "Membuat piagam: 3 dari 8 (38 %)" in body
    assert 'value="3"' in body
    assert client.get(f"{PAGE}piagam/proses/{batch.pk}.zip").status_code == 404


def test_the_certificate_page_pdf_and_reissue(
    client: Client, balikpapan_certificate: Certificate, central_admin: User
) -> None:
    code = balikpapan_certificate.code
    logged_in(client, central_admin)
    page = client.get(f"{PAGE}piagam/{code}/")
    assert page.status_code == 200 and certificates.display_code(code) in page.content.decode()
    pdf = client.get(f"{PAGE}piagam/{code}.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.post(f"{PAGE}piagam/{code}/terbitkan-ulang/", {"reason": ""}).status_code == 400
    moved = client.post(f"{PAGE}piagam/{code}/terbitkan-ulang/", {"reason": "Cetakan rusak"})
    new = Certificate.objects.get(replaced_at__isnull=True)
    assert moved.status_code == 302 and moved["Location"] == f"{PAGE}piagam/{new.code}/"
    body = client.get(moved["Location"]).content.decode()
    assert "menggantikan" in body and "Cetakan rusak" in body


def test_only_the_central_admin_reissues(
    client: Client, balikpapan_certificate: Certificate, central_verifier: User
) -> None:
    code = balikpapan_certificate.code
    logged_in(client, central_verifier)
    assert client.get(f"{PAGE}piagam/{code}/").status_code == 200
    assert client.post(f"{PAGE}piagam/{code}/terbitkan-ulang/", {"reason": "x"}).status_code == 404
    assert Certificate.objects.count() == 1


# --- The public check -------------------------------------------------------------------------


def test_anyone_can_check_a_valid_certificate_without_personal_data(
    client: Client, balikpapan_certificate: Certificate
) -> None:
    code = balikpapan_certificate.code
    page = client.get(f"/verifikasi/{code}/")
    body = page.content.decode()
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    assert "Piagam asli" in body and "Kota Balikpapan" in body and "Utama" in body
    assert "Evaluasi KLA 2026" in body and "Nomor 120 Tahun 2026 tanggal 23 Juli 2026" in body
    assert balikpapan_certificate.sha256 in body
    assert "Dewi Admin Pusat" not in body and "admin@kemenpppa.example" not in body


def test_a_replaced_code_says_so_and_names_its_replacement(
    client: Client, balikpapan_certificate: Certificate, central_admin: User
) -> None:
    new = do_reissue_certificate(
        balikpapan_certificate, actor=central_admin, reason="Nama pejabat salah cetak"
    )
    body = client.get(f"/verifikasi/{balikpapan_certificate.code}/").content.decode()
    assert "Diganti" in body and certificates.display_code(new.code) in body
    assert "Piagam asli" not in body and "Nama pejabat salah cetak" not in body
    assert "Piagam asli" in client.get(f"/verifikasi/{new.code}/").content.decode()


def test_an_unknown_code_answers_404_with_a_form(client: Client, regions: None) -> None:
    page = client.get("/verifikasi/ZZZZZZZZZZZZ/")
    body = page.content.decode()
    assert page.status_code == 404
    assert "Kode tidak dikenal" in body and 'name="kode"' in body and "ZZZZZZZZZZZZ" in body


def test_the_check_form_and_typed_codes_lead_to_the_certificate(
    client: Client, balikpapan_certificate: Certificate
) -> None:
    code = balikpapan_certificate.code
    form = client.get("/verifikasi/")
    assert form.status_code == 200 and 'name="kode"' in form.content.decode()
    typed = certificates.display_code(code).lower()
    assert client.get("/verifikasi/", {"kode": typed})["Location"] == f"/verifikasi/{code}/"
    assert client.get(f"/verifikasi/{typed}/")["Location"] == f"/verifikasi/{code}/"


def test_a_certificate_of_a_corrected_publication_points_to_the_current_one(
    client: Client,
    balikpapan_certificate: Certificate,
    cycle: Cycle,
    central_admin: User,
) -> None:
    from layakanak.results.actions.publication import do_publish_cycle

    corrected = do_publish_cycle(cycle, actor=central_admin, reason="Koreksi")
    newer = do_issue_certificate(
        corrected, Region.objects.get(code="64.71"), "utama", actor=central_admin
    )
    body = client.get(f"/verifikasi/{balikpapan_certificate.code}/").content.decode()
    assert "dikoreksi" in body and certificates.display_code(newer.code) in body


def test_the_staff_page_query_count_does_not_grow_with_the_certificates(
    client: Client,
    published: Publication,
    central_admin: User,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        from layakanak.results.actions.certificates import do_request_certificate_batch

        do_request_certificate_batch(published, actor=central_admin)
    logged_in(client, central_admin)
    with django_assert_max_num_queries(30):
        assert client.get(PAGE).status_code == 200
