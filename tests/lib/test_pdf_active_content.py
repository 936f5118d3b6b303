"""PDFs that could run something when a verifier opens them are refused (issue 18, item 9):
JavaScript, launch actions, embedded files, forms that send or import data, also hidden in
compressed object streams or behind escaped names; a PDF whose header is not at the start (an
HTML+PDF polyglot) is refused too. Normal PDFs (WeasyPrint's, the tests' and the demo's) pass,
and the check reads a 20 MB file in bounded memory.

Every file here is a real one, written byte by byte or with pydyf (WeasyPrint's PDF writer,
which puts objects in compressed object streams)."""

from __future__ import annotations

import io
import tempfile
import tracemalloc
import zlib

import pydyf
import pytest
import weasyprint
from django.utils import translation

from layakanak.demo.files import DocumentText, pdf_document, pdf_from_objects
from layakanak.lib import filetypes, pdf_scan
from tests.evaluation.fixtures_evidence import make_pdf

# A 1x1 PNG, for a WeasyPrint page with an image (its data is a compressed stream).
PNG_DATA_URL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAE"
    "hQGAhKmMIQAAAABJRU5ErkJggg=="
)


def pdf_with_catalog_entries(extra: bytes) -> bytes:
    """A one-page PDF whose catalog has `extra` entries (e.g. an /OpenAction)."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] >>",
        ]
    )


def pydyf_pdf(open_action: pydyf.Dictionary | None = None, *, compress: bool = True) -> bytes:
    """A one-page PDF written by pydyf; with `compress`, the catalog (and its /OpenAction) is
    inside a FlateDecode object stream, as WeasyPrint writes it."""
    pdf = pydyf.PDF()
    page = pydyf.Dictionary(
        {"Type": "/Page", "Parent": pdf.pages.reference, "MediaBox": pydyf.Array([0, 0, 200, 200])}
    )
    pdf.add_object(page)
    pdf.pages["Kids"].append(page.reference)
    pdf.pages["Count"] += 1
    if open_action is not None:
        pdf.catalog["OpenAction"] = open_action
    out = io.BytesIO()
    pdf.write(out, compress=compress)
    return out.getvalue()


def javascript_action() -> pydyf.Dictionary:
    return pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String("app.alert('x')")})


def object_stream_pdf(objects: bytes, dictionary: bytes = b"/Filter /FlateDecode") -> bytes:
    """A PDF whose object stream (object 4) holds `objects`, compressed per `dictionary`."""
    data = zlib.compress(objects) if b"FlateDecode" in dictionary else objects
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] >>",
            b"<< /Type /ObjStm /N 1 /First 5 /Length %d %s >>\nstream\n" % (len(data), dictionary)
            + data
            + b"\nendstream",
        ]
    )


def refusal(content: bytes) -> filetypes.FileRefused:
    with pytest.raises(filetypes.FileRefused) as excinfo:
        filetypes.check_file(io.BytesIO(content), len(content), ["pdf"])
    return excinfo.value


def english(refused: filetypes.FileRefused) -> str:
    return refused.message_in("en")


def test_javascript_that_runs_when_the_file_opens_is_refused_and_named() -> None:
    refused = refusal(
        pdf_with_catalog_entries(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    )
    assert "active content (JavaScript)" in english(refused)
    with translation.override("id"):
        assert "JavaScript" in str(refused) and "konten aktif" in str(refused)


def test_a_launch_action_is_refused() -> None:
    refused = refusal(
        pdf_with_catalog_entries(b"/OpenAction << /S /Launch /F (C:\\\\Windows\\\\calc.exe) >>")
    )
    assert "starts a program (Launch)" in english(refused)


def test_javascript_hidden_in_a_compressed_object_stream_is_refused() -> None:
    content = pydyf_pdf(javascript_action())
    assert b"/ObjStm" in content and b"JavaScript" not in content  # only compressed
    assert "JavaScript" in english(refusal(content))


@pytest.mark.parametrize(
    ("objects", "what"),
    [
        (b"1 0 << /S /JavaScript /JS 7 0 R >>", "JavaScript"),
        (b"1 0 << /A << /S /SubmitForm /F (https://example.org) >> >>", "SubmitForm"),
        (b"1 0 << /A << /S /ImportData /F (data.fdf) >> >>", "ImportData"),
        (b"1 0 << /Names << /EmbeddedFiles 8 0 R >> >>", "an embedded file"),
    ],
)
def test_every_kind_of_active_content_is_found_in_object_streams(objects: bytes, what: str) -> None:
    assert what in english(refusal(object_stream_pdf(objects)))


def test_escaped_names_do_not_hide_an_action() -> None:
    # /J#61vaScript is /JavaScript, /#4C#61unch is /Launch.
    content = pdf_with_catalog_entries(b"/OpenAction << /S /J#61vaScript /J#53 (x) >>")
    assert "JavaScript" in english(refusal(content))
    content = pdf_with_catalog_entries(b"/OpenAction << /S /#4C#61unch /F (x.exe) >>")
    assert "Launch" in english(refusal(content))


def test_an_embedded_file_is_refused() -> None:
    attachment = weasyprint.Attachment(string="lampiran", base_url=".")
    content = weasyprint.HTML(string="<p>Perda</p>").write_pdf(attachments=[attachment])
    assert "an embedded file" in english(refusal(content))


def test_an_html_page_with_a_pdf_after_it_is_refused() -> None:
    polyglot = b"<html><body><script>alert(1)</script></body></html>\n" + make_pdf()
    with pytest.raises(filetypes.FileRefused) as excinfo:
        filetypes.sniff(polyglot[:1024])
    assert "comes before the PDF header" in english(excinfo.value)
    assert "comes before the PDF header" in english(refusal(polyglot))


def test_an_object_stream_the_platform_cannot_read_is_refused_as_unchecked() -> None:
    content = object_stream_pdf(b"1 0 << /S /JavaScript >>", b"/Filter /LZWDecode")
    assert "could not be checked" in english(refusal(content))
    content = object_stream_pdf(b"1 0 << >>", b"/Filter /FlateDecode /DecodeParms 9 0 R")
    assert "could not be checked" in english(refusal(content))


def test_object_streams_that_unpack_beyond_the_budget_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_scan, "OBJECT_STREAMS_MAX_BYTES", 1024 * 1024)
    content = object_stream_pdf(b"1 0 << >> " + b" " * (2 * 1024 * 1024))
    assert "abnormally compressed" in english(refusal(content))


def test_names_inside_strings_and_comments_are_not_actions() -> None:
    content = pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>\n% /JS /Launch in a comment",
            b"<< /Type /Pages /Kids [] /Count 0 /Title (About /JavaScript and /Launch) >>",
        ]
    )
    assert filetypes.check_file(io.BytesIO(content), len(content), ["pdf"]).kind == "pdf"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: make_pdf(padding=300_000), id="tests"),
        pytest.param(
            lambda: pdf_document(DocumentText("Kota Balikpapan", "KLA 2026", "1.1", "Perda KLA")),
            id="demo",
        ),
        pytest.param(lambda: pydyf_pdf(), id="pydyf-object-streams"),
        pytest.param(lambda: pydyf_pdf(compress=False), id="pydyf-plain"),
        pytest.param(
            lambda: weasyprint.HTML(
                string=f"<h1>Peraturan Daerah</h1><p>Pasal 1</p><img src='{PNG_DATA_URL}'>"
            ).write_pdf(),
            id="weasyprint",
        ),
        pytest.param(
            lambda: pdf_with_catalog_entries(b"/OpenAction [3 0 R /FitH null]"),
            id="harmless-open-action",
        ),
    ],
)
def test_normal_pdfs_pass(content) -> None:  # type: ignore[no-untyped-def]
    data = content()
    assert filetypes.check_file(io.BytesIO(data), len(data), ["pdf"]).kind == "pdf"


def test_a_20_mb_pdf_is_checked_in_bounded_memory() -> None:
    size = 20 * 1024 * 1024
    filler = bytes((i * 7 + 13) % 251 for i in range(256)) * (size // 256)
    content = pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Length %d >>\nstream\n" % len(filler) + filler + b"\nendstream",
        ]
    )
    del filler
    with tempfile.TemporaryFile() as fp:
        fp.write(content)
        length = len(content)
        del content
        tracemalloc.start()
        try:
            assert filetypes.check_file(fp, length, ["pdf"]).kind == "pdf"
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * 1024 * 1024
