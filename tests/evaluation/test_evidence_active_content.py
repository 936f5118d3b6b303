"""Evidence uploads refuse PDFs with active content and PDF polyglots (issue 18, item 9): the
operator reads what was found, nothing is stored, and the refusal is audited."""

from __future__ import annotations

import pytest

from layakanak.audit.models import AuditEvent
from layakanak.evaluation.actions import uploads
from layakanak.evaluation.errors import EvidenceRefused
from layakanak.evaluation.models import EvidenceFile, Submission
from tests.evaluation.fixtures_evidence import make_pdf, upload_whole
from tests.lib.test_pdf_active_content import (
    javascript_action,
    pdf_with_catalog_entries,
    pydyf_pdf,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_storage")]


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (
            pdf_with_catalog_entries(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
            "JavaScript",
        ),
        (pydyf_pdf(javascript_action()), "JavaScript"),
        (pdf_with_catalog_entries(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "Launch"),
    ],
)
def test_a_pdf_with_active_content_is_refused_and_nothing_is_stored(
    balikpapan: Submission, operator_balikpapan, content: bytes, found: str
) -> None:
    with pytest.raises(EvidenceRefused) as excinfo:
        upload_whole(balikpapan, "1.1", "regulasi", "perda.pdf", content, actor=operator_balikpapan)
    assert excinfo.value.status == 415
    assert found in excinfo.value.message_en and "konten aktif" in excinfo.value.message_id
    assert not EvidenceFile.objects.exists()
    assert AuditEvent.objects.filter(action="evidence.upload_refused").count() == 1


def test_an_html_pdf_polyglot_is_refused_at_the_first_chunk(
    balikpapan: Submission, operator_balikpapan
) -> None:
    polyglot = b"<!doctype html><script>alert(document.cookie)</script>\n" + make_pdf()
    session = uploads.do_start_upload(
        balikpapan, "1.1", "regulasi", "perda.pdf", len(polyglot), actor=operator_balikpapan
    )
    with pytest.raises(EvidenceRefused) as excinfo:
        uploads.do_upload_chunk(session, 0, polyglot, actor=operator_balikpapan)
    assert excinfo.value.status == 415
    assert "comes before the PDF header" in excinfo.value.message_en
