"""The Excel round trip: download pre-filled, fill with openpyxl, dry run, apply; refusals."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook

from layakanak.audit.models import AuditEvent
from layakanak.evaluation import queries, workbook_build, workbook_layout, workbook_read
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.errors import WorkbookRefused
from layakanak.evaluation.models import Answer, Cycle, Submission
from layakanak.evaluation.workbook_layout import ANSWER, DENOMINATOR
from layakanak.instruments.queries import instrument_of
from tests.evaluation.conftest import logged_in
from tests.evaluation.fixtures_evidence import make_pdf, make_zip_bomb_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_storage")]


def url(name: str, submission: Submission) -> str:
    return reverse(f"evaluation:{name}", args=[submission.cycle.slug, submission.region.code])


def open_book(content: bytes) -> OpenpyxlWorkbook:
    return load_workbook(io.BytesIO(content))


def save(book: OpenpyxlWorkbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(book: OpenpyxlWorkbook, code: str) -> tuple[Any, int]:
    for sheet in book.worksheets:
        for row in range(workbook_layout.FIRST_ROW, sheet.max_row + 1):
            if sheet.cell(row, 1).value == code:
                return sheet, row
    raise KeyError(code)


def fill(book: OpenpyxlWorkbook, code: str, value: Any, denominator: Any = None) -> None:
    sheet, row = row_of(book, code)
    sheet[f"{ANSWER}{row}"] = value
    if denominator is not None:
        sheet[f"{DENOMINATOR}{row}"] = denominator


def upload(client: Client, submission: Submission, content: bytes, name: str = "isian.xlsx") -> Any:
    return client.post(
        url("workbook-upload", submission), {"workbook": SimpleUploadedFile(name, content)}
    )


def plan_of(submission: Submission, content: bytes, **kwargs: Any) -> workbook_read.ImportPlan:
    return workbook_read.read_workbook(submission, io.BytesIO(content), len(content), **kwargs)


def test_the_downloaded_workbook_is_prefilled_protected_and_signed(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "b", expected_version=0, actor=operator_balikpapan)
    do_save_answer(
        balikpapan, "4.1", ("960", "1000"), expected_version=0, actor=operator_balikpapan
    )
    logged_in(client, operator_balikpapan)
    response = client.get(url("workbook-download", balikpapan))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    book = open_book(response.content)
    assert book.sheetnames[0] == "Petunjuk" and book.sheetnames[-1] == "_meta"
    assert book["_meta"].sheet_state == "veryHidden"
    assert book.security is not None and book.security.lockStructure
    sheet, row = row_of(book, "1.1")
    assert sheet.protection.sheet
    assert sheet[f"{ANSWER}{row}"].value == "b"
    assert not sheet[f"{ANSWER}{row}"].protection.locked
    assert sheet[f"A{row}"].protection.locked
    assert sheet[f"C{row}"].value.startswith("Apa bentuk")  # Indonesian text, English next to it
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert any(dv.formula1 == '"a,b,c,d,e"' and f"{ANSWER}{row}" in str(dv.sqref) for dv in lists)
    sheet, row = row_of(book, "4.1")
    assert (sheet[f"{ANSWER}{row}"].value, sheet[f"{DENOMINATOR}{row}"].value) == (960, 1000)
    assert not sheet[f"{DENOMINATOR}{row}"].protection.locked
    codes = [
        c
        for _name, codes in workbook_layout.expected_structure(
            instrument_of(balikpapan.cycle.instrument)
        )
        for c in codes
    ]
    assert len(codes) == 147


def test_round_trip_dry_run_then_apply(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "b", expected_version=0, actor=operator_balikpapan)
    logged_in(client, operator_balikpapan)
    book = open_book(client.get(url("workbook-download", balikpapan)).content)
    fill(book, "1.1", "a")  # b → a
    fill(book, "1.3", "Ya")
    fill(book, "4.1", 45, 50)
    fill(book, "1.4", 4)
    checklist = next(
        q for q in instrument_of(balikpapan.cycle.instrument).questions if q.type == "checklist"
    )
    items = [i.code for i in checklist.items][:2]
    fill(book, checklist.code, ", ".join(items))
    preview = upload(client, balikpapan, save(book))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "b · Peraturan Bupati/Wali Kota tentang KLA" in html
    assert "a · Peraturan Daerah (Perda)" in html
    assert "45 / 50 (90.00%)" in html
    plan = preview.context["plan"]
    assert {c.question for c in plan.changes} == {"1.1", "1.3", "4.1", "1.4", checklist.code}
    assert plan.errors == []
    # The dry run wrote nothing.
    assert Answer.objects.get(submission=balikpapan, question__code="1.1").value == "b"
    assert Answer.objects.filter(submission=balikpapan).count() == 1
    applied = client.post(url("workbook-apply", balikpapan), {"token": preview.context["token"]})
    assert applied.status_code == 302
    stored = {code: a.value for code, a in queries.stored_answers(balikpapan).items()}
    assert stored["1.1"] == "a" and stored["1.3"] is True and stored["4.1"] == ["45", "50"]
    assert stored["1.4"] == 4 and stored[checklist.code] == sorted(items)
    assert (AuditEvent.objects.get(action="workbook.imported").after or {})["changes"] == 5
    # The token was used up: applying again is refused.
    again = client.post(url("workbook-apply", balikpapan), {"token": preview.context["token"]})
    assert again.status_code == 302 and again["Location"].endswith("/lembar-kerja/unggah/")


def test_errors_are_listed_by_sheet_row_and_cell_and_nothing_is_applied(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    book = open_book(client.get(url("workbook-download", balikpapan)).content)
    fill(book, "1.1", "z")
    fill(book, "1.3", "mungkin")
    fill(book, "4.1", 60, 50)
    fill(book, "1.4", 2.5)
    fill(book, "1.2", "a")  # a valid one among the errors
    content = save(book)
    plan = plan_of(balikpapan, content)
    errors = {e.question: e for e in plan.errors}
    assert set(errors) == {"1.1", "1.3", "4.1", "1.4"}
    sheet, row = row_of(book, "1.1")
    assert (errors["1.1"].sheet, errors["1.1"].row, errors["1.1"].cell) == (
        sheet.title,
        row,
        f"{ANSWER}{row}",
    )
    assert "Opsi 'z' tidak ada" in errors["1.1"].message_id
    assert "Ya atau Tidak" in errors["1.3"].message_id
    assert "melebihi penyebut" in errors["4.1"].message_id
    assert "bilangan bulat" in errors["1.4"].message_id
    preview = upload(client, balikpapan, content)
    html = preview.content.decode()
    assert (
        f"{ANSWER}{row}" in html and sheet.title in html and "Opsi &#x27;z&#x27; tidak ada" in html
    )
    assert preview.context["token"] == ""
    assert "workbook-apply" not in html and "/lembar-kerja/terapkan/" not in html
    assert not Answer.objects.filter(submission=balikpapan).exists()
    client.cookies["layakanak_lang"] = "en"
    html = upload(client, balikpapan, content).content.decode()
    assert "Option &#x27;z&#x27; is not part of this question" in html


def test_a_workbook_of_another_region_is_refused(
    client: Client, balikpapan: Submission, samarinda: Submission, operator_balikpapan
) -> None:
    content = workbook_build.build_workbook(samarinda)
    with pytest.raises(WorkbookRefused) as excinfo:
        plan_of(balikpapan, content)
    assert "milik Kota Samarinda (64.72), bukan Kota Balikpapan (64.71)" in excinfo.value.message_id
    logged_in(client, operator_balikpapan)
    html = upload(client, balikpapan, content).content.decode()
    assert "Kota Samarinda (64.72)" in html


def test_a_workbook_of_another_cycle_is_refused(
    balikpapan: Submission, previous_cycle: Cycle
) -> None:
    old = Submission.objects.get(cycle=previous_cycle, region__code="64.71")
    with pytest.raises(WorkbookRefused, match="untuk siklus 2025, bukan siklus 2026"):
        plan_of(balikpapan, workbook_build.build_workbook(old))


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        ("rename_sheet", "ditambahkan atau diganti namanya"),
        ("change_code", "kode pertanyaan diubah"),
        ("insert_row", "kode pertanyaan diubah"),
        ("delete_column", "judul kolom telah diubah"),
        ("extra_row", "baris tambahan"),
        ("edit_region", "Identitas lembar kerja"),
        ("drop_meta", "bukan lembar kerja evaluasi"),
    ],
)
def test_a_tampered_structure_is_refused(balikpapan: Submission, tamper: str, words: str) -> None:
    book = open_book(workbook_build.build_workbook(balikpapan))
    sheet, row = row_of(book, "1.2")
    if tamper == "rename_sheet":
        sheet.title = "Kelembagaan"
    elif tamper == "change_code":
        sheet[f"A{row}"] = "1.9"
    elif tamper == "insert_row":
        sheet.insert_rows(row)
        sheet[f"A{row}"] = "1.2a"
    elif tamper == "delete_column":
        sheet.delete_cols(4)
    elif tamper == "extra_row":
        sheet.cell(sheet.max_row + 1, 1, "9.9")
    elif tamper == "edit_region":
        meta = book["_meta"]
        for cells in meta.iter_rows():
            if cells[0].value == "region":
                cells[1].value = "64.72"
    elif tamper == "drop_meta":
        del book["_meta"]
    with pytest.raises(WorkbookRefused) as excinfo:
        plan_of(balikpapan, save(book))
    assert words in excinfo.value.message_id
    assert excinfo.value.message_en


def test_a_file_that_is_not_a_workbook_is_refused(balikpapan: Submission) -> None:
    with pytest.raises(WorkbookRefused, match="PDF tidak diterima"):
        plan_of(balikpapan, make_pdf())
    with pytest.raises(WorkbookRefused, match="zip bomb"):
        plan_of(balikpapan, make_zip_bomb_xlsx())


def test_answers_changed_after_the_preview_are_not_overwritten_blindly(
    client: Client, balikpapan: Submission, operator_balikpapan, dinkes_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    book = open_book(client.get(url("workbook-download", balikpapan)).content)
    fill(book, "1.1", "a")
    preview = upload(client, balikpapan, save(book))
    change = preview.context["plan"].changes[0]
    assert change.stale is False
    # Someone answers 1.1 online between the preview and the apply.
    do_save_answer(balikpapan, "1.1", "c", expected_version=0, actor=operator_balikpapan)
    applied = client.post(url("workbook-apply", balikpapan), {"token": preview.context["token"]})
    assert applied.status_code == 302
    assert Answer.objects.get(submission=balikpapan, question__code="1.1").value == "c"
    # Uploading again shows that the answer changed online since the download.
    again = upload(client, balikpapan, save(book))
    change = again.context["plan"].changes[0]
    assert change.stale is True and change.old == "c" and change.new == "a"
    assert "Ayu Operator Balikpapan" in again.content.decode()


def test_an_opd_contributor_may_change_only_its_questions(
    balikpapan: Submission, dinkes_balikpapan
) -> None:
    from layakanak.evaluation import access

    instrument = instrument_of(balikpapan.cycle.instrument)
    book = open_book(workbook_build.build_workbook(balikpapan))
    fill(book, "1.1", "a")
    plan = plan_of(
        balikpapan,
        save(book),
        allowed=lambda q: access.can_answer(
            dinkes_balikpapan, balikpapan, q, instrument.indicator_of(q.code).opd
        ),
    )
    assert [e.question for e in plan.errors] == ["1.1"] and "OPD lain" in plan.errors[0].message_id


def test_another_regions_operator_and_anonymous_get_nothing(
    client: Client, balikpapan: Submission, operator_samarinda
) -> None:
    assert client.get(url("workbook-download", balikpapan)).status_code in (302, 404)
    logged_in(client, operator_samarinda)
    assert client.get(url("workbook-download", balikpapan)).status_code == 404
    assert client.get(url("workbook-upload", balikpapan)).status_code == 404
    assert upload(client, balikpapan, workbook_build.build_workbook(balikpapan)).status_code == 404
    assert client.post(url("workbook-apply", balikpapan), {"token": "x"}).status_code == 404


def test_the_upload_page_renders(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    html = client.get(url("workbook-upload", balikpapan)).content.decode()
    assert url("workbook-download", balikpapan) in html and 'enctype="multipart/form-data"' in html


def test_a_text_answer_that_looks_like_a_formula_stays_text_in_the_workbook(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    """Issue 18, item 4: a formula typed as an answer is never a live formula for the operator
    or the verifiers who open the workbook, and reads back exactly as typed."""
    instrument = instrument_of(balikpapan.cycle.instrument)
    text = next(q for q in instrument.questions if q.type.value == "text")
    formula = '=HYPERLINK("http://evil.example","Bukti")'
    do_save_answer(balikpapan, text.code, formula, expected_version=0, actor=operator_balikpapan)
    logged_in(client, operator_balikpapan)
    content = client.get(url("workbook-download", balikpapan)).content
    book = open_book(content)
    sheet, row = row_of(book, text.code)
    cell = sheet[f"{ANSWER}{row}"]
    assert (cell.value, cell.data_type) == (formula, "s")
    formulas = [
        (s.title, c.coordinate)
        for s in book.worksheets
        for line in s.iter_rows()
        for c in line
        if c.data_type == "f"
    ]
    assert formulas == []
    plan = plan_of(balikpapan, content)
    assert not plan.errors and not plan.changes  # the round trip changes nothing
