"""Evidence pages: the JSON upload protocol, resume, refusals, permissions, download, reuse."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from layakanak.evaluation.models import EvidenceFile, Submission
from layakanak.evaluation.models_upload import UploadSession
from tests import clock
from tests.evaluation.conftest import logged_in
from tests.evaluation.fixtures_evidence import ELF, make_pdf, make_png, upload_whole

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_storage")]


def url(name: str, submission: Submission, *more: Any) -> str:
    return reverse(
        f"evaluation:{name}", args=[submission.cycle.slug, submission.region.code, *more]
    )


def start(
    client: Client,
    submission: Submission,
    size: int,
    question: str = "1.1",
    requirement: str = "regulasi",
    name: str = "perda.pdf",
) -> Any:
    return client.post(
        url("evidence-start", submission),
        data=json.dumps(
            {"question": question, "requirement": requirement, "name": name, "size": size}
        ),
        content_type="application/json",
    )


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def put(client: Client, chunk_url: str, offset: int, data: bytes) -> Any:
    return client.put(
        f"{chunk_url}?offset={offset}", data=data, content_type="application/octet-stream"
    )


def test_the_upload_protocol_from_start_to_download(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    content = make_pdf(padding=2_500_000)  # three 1 MB chunks
    started = start(client, balikpapan, len(content))
    assert started.status_code == 201
    state = started.json()
    assert state["received"] == 0 and state["size"] == len(content)
    assert state["chunk_size"] == 1024 * 1024
    step = state["chunk_size"]
    for offset in range(0, len(content), step):
        answer = put(client, state["chunk_url"], offset, content[offset : offset + step])
        assert answer.status_code == 200, answer.content
        assert answer.json()["received"] == min(offset + step, len(content))
    finished = client.post(state["finish_url"])
    assert finished.status_code == 201
    file = finished.json()["file"]
    assert file["sha256"] == hashlib.sha256(content).hexdigest()
    download = client.get(file["download_url"])
    assert download.status_code == 200
    assert streamed(download) == content
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "perda.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert file["download_url"] == f"/evaluasi/berkas/{file['id']}/"


def test_after_an_interruption_the_status_says_where_to_continue(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    content = make_pdf(padding=30_000)
    state = start(client, balikpapan, len(content)).json()
    put(client, state["chunk_url"], 0, content[:10_000])
    put(client, state["chunk_url"], 10_000, content[10_000:20_000])
    # The page is reloaded: it asks the server how much it has.
    status = client.get(state["status_url"]).json()
    assert status["received"] == 20_000 and status["complete"] is False
    # A chunk sent again (its answer was lost) is fine; a chunk after a gap says where to go on.
    assert (
        put(client, state["chunk_url"], 10_000, content[10_000:20_000]).json()["received"] == 20_000
    )
    gap = put(client, state["chunk_url"], 30_000, content[30_000:])
    assert gap.status_code == 409 and gap.json()["received"] == 20_000
    assert put(client, state["chunk_url"], 20_000, content[20_000:]).status_code == 200
    assert client.post(state["finish_url"]).status_code == 201
    done = client.get(state["status_url"]).json()
    assert (
        done["complete"] is True and done["file"]["sha256"] == hashlib.sha256(content).hexdigest()
    )


def test_refusals_are_explained_in_the_pages_language(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    state = start(client, balikpapan, len(ELF), name="laporan.pdf").json()
    refused = put(client, state["chunk_url"], 0, ELF)
    assert refused.status_code == 415
    assert "program (executable)" in refused.json()["error"]
    assert "bukan dokumen" in refused.json()["error"]
    client.cookies["layakanak_lang"] = "en"
    refused = put(client, state["chunk_url"], 0, ELF)
    assert "not a document" in refused.json()["error"]


def test_a_wrong_type_and_an_empty_file_are_refused(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    png = make_png()
    state = start(client, balikpapan, len(png), name="foto.pdf").json()
    refused = put(client, state["chunk_url"], 0, png)
    assert refused.status_code == 415 and "PNG tidak diterima" in refused.json()["error"]
    empty = start(client, balikpapan, 0)
    assert empty.status_code == 400 and "kosong" in empty.json()["error"]
    assert start(client, balikpapan, 10, requirement="tidak-ada").status_code == 404


@override_settings(EVIDENCE_MAX_BYTES=50_000, EVIDENCE_CHUNK_MAX_BYTES=10_000)
def test_too_large_files_and_chunks_are_refused(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    too_large = start(client, balikpapan, 50_001)
    assert too_large.status_code == 413 and "terlalu besar" in too_large.json()["error"]
    state = start(client, balikpapan, 40_000).json()
    assert state["chunk_size"] == 10_000
    big_chunk = put(client, state["chunk_url"], 0, make_pdf(padding=20_000))
    assert big_chunk.status_code == 413 and big_chunk.json()["received"] == 0


def test_another_regions_operator_gets_not_found_everywhere(
    client: Client, balikpapan: Submission, operator_balikpapan, operator_samarinda
) -> None:
    row = upload_whole(
        balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan
    )
    session = UploadSession.objects.get(evidence=row)
    logged_in(client, operator_samarinda)
    assert start(client, balikpapan, 100).status_code == 404
    assert (
        put(client, url("evidence-chunk", balikpapan, session.pk), 0, b"%PDF-").status_code == 404
    )
    assert client.get(url("evidence-status", balikpapan, session.pk)).status_code == 404
    assert client.post(url("evidence-finish", balikpapan, session.pk)).status_code == 404
    assert client.post(url("evidence-remove", balikpapan, row.pk)).status_code == 404
    assert client.get(reverse("evaluation:evidence-download", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.removed_at is None


def test_anonymous_visitors_get_nothing(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    row = upload_whole(
        balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan
    )
    download = client.get(reverse("evaluation:evidence-download", args=[row.pk]))
    assert download.status_code in (302, 404)
    assert b"%PDF" not in download.content
    assert start(client, balikpapan, 100).status_code in (302, 404)
    assert not UploadSession.objects.filter(evidence__isnull=True).exists()


def test_readers_may_download_but_not_upload(
    client: Client, balikpapan: Submission, operator_balikpapan, verifier_kaltim
) -> None:
    row = upload_whole(
        balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan
    )
    logged_in(client, verifier_kaltim)
    assert client.get(reverse("evaluation:evidence-download", args=[row.pk])).status_code == 200
    assert start(client, balikpapan, 100).status_code == 404


def test_a_removed_file_is_no_longer_served(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    row = upload_whole(
        balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan
    )
    logged_in(client, operator_balikpapan)
    removed = client.post(url("evidence-remove", balikpapan, row.pk))
    assert removed.status_code == 302
    assert removed["Location"].endswith("/indikator/1/#q-1.1")
    row.refresh_from_db()
    assert row.removed_at is not None
    assert client.get(reverse("evaluation:evidence-download", args=[row.pk])).status_code == 404


def test_an_opd_contributor_uploads_only_for_its_own_questions(
    client: Client, balikpapan: Submission, dinkes_balikpapan
) -> None:
    logged_in(client, dinkes_balikpapan)
    refused = start(client, balikpapan, 100)  # 1.1 belongs to Bagian Hukum Setda and DP3A
    assert refused.status_code == 403 and "OPD" in refused.json()["error"]


def test_attaching_a_file_of_an_earlier_cycle(
    client: Client,
    balikpapan: Submission,
    operator_balikpapan,
    old_perda: EvidenceFile,
    old_samarinda_perda: EvidenceFile,
) -> None:
    until = clock.local_date(4 * 365)
    logged_in(client, operator_balikpapan)
    other = client.post(
        url("evidence-attach-previous", balikpapan),
        {
            "question": "1.1",
            "requirement": "regulasi",
            "previous": old_samarinda_perda.pk,
            "valid_until": "",
        },
    )
    assert other.status_code == 404
    bad_date = client.post(
        url("evidence-attach-previous", balikpapan),
        {
            "question": "1.1",
            "requirement": "regulasi",
            "previous": old_perda.pk,
            "valid_until": until.strftime("%d/%m/%Y"),  # not ISO: refused
        },
    )
    assert bad_date.status_code == 302
    assert not EvidenceFile.objects.filter(submission=balikpapan).exists()
    attached = client.post(
        url("evidence-attach-previous", balikpapan),
        {
            "question": "1.1",
            "requirement": "regulasi",
            "previous": old_perda.pk,
            "valid_until": until.isoformat(),
        },
    )
    assert attached.status_code == 302
    row = EvidenceFile.objects.get(submission=balikpapan)
    assert row.reused_from == old_perda and row.valid_until == until
    download = client.get(reverse("evaluation:evidence-download", args=[row.pk]))
    assert streamed(download).startswith(b"%PDF-")


def test_the_indicator_page_shows_the_evidence_slots(
    client: Client, balikpapan: Submission, operator_balikpapan, old_perda: EvidenceFile
) -> None:
    row = upload_whole(
        balikpapan, "1.2", "matriks", "matriks pasal.pdf", make_pdf("m"), actor=operator_balikpapan
    )
    logged_in(client, operator_balikpapan)
    html = client.get(url("indicator", balikpapan, "1")).content.decode()
    assert "data-evidence-slot" in html
    assert 'data-start-url="' + url("evidence-start", balikpapan) + '"' in html
    assert "Salinan Perda/Perbup/Perwal/SK/SE" in html  # the requirement's label
    assert "matriks pasal.pdf" in html and row.sha256[:12] in html
    assert reverse("evaluation:evidence-download", args=[row.pk]) in html
    assert "Perda-KLA-Balikpapan-2019.pdf" in html  # offered from cycle 2025
    assert "<progress" in html and "evidence-upload.js" in html
    assert "<script>" not in html  # CSP: no inline script
