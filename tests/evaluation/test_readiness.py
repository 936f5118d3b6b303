"""One definition of "ready to submit" (evaluation/readiness.py, issue 19): the answers of
visible required questions and their required documents, counted the same way by the
operator's list, the workspace, the submit page, the autosave and the ministry cockpit; the
submit page groups what is missing by indicator and by office and exports it."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from django.test import Client

from layakanak.evaluation import queries, readiness
from layakanak.evaluation.actions.answers import do_save_answer
from layakanak.evaluation.models import Submission
from layakanak.evaluation.readiness import ANSWER, EVIDENCE, Tally
from layakanak.instruments.queries import instrument_of
from tests.evaluation.conftest import logged_in
from tests.evaluation.fixtures_evidence import make_pdf, upload_whole

pytestmark = pytest.mark.django_db

WORKSPACE = "/evaluasi/2026/64.71/"


def _items(submission: Submission) -> dict[tuple[str, str, str], bool]:
    """(question, kind, requirement) -> done."""
    return {
        (item.question, item.kind, item.requirement): item.done
        for item in readiness.of_submission(submission).items
    }


# --- The definition ------------------------------------------------------------------------------


def test_a_required_question_asks_for_its_answer_and_its_required_documents_from_the_start(
    balikpapan: Submission,
) -> None:
    items = _items(balikpapan)
    assert items[("1.1", ANSWER, "")] is False
    assert items[("1.1", EVIDENCE, "regulasi")] is False  # required, counted before any answer
    assert ("1.1", EVIDENCE, "propemperda") not in items  # an optional document never counts


def test_an_answer_and_an_upload_each_tick_one_item(
    balikpapan: Submission, operator_balikpapan, evidence_storage
) -> None:
    before = readiness.of_submission(balikpapan).tally
    do_save_answer(balikpapan, "1.1", "d", expected_version=0, actor=operator_balikpapan)
    answered = readiness.of_submission(balikpapan).tally
    assert answered == Tally(before.done + 1, before.total)
    upload_whole(balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan)
    uploaded = readiness.of_submission(balikpapan)
    assert uploaded.tally == Tally(before.done + 2, before.total)
    assert uploaded.indicators["1"].done == 2


def test_a_conditional_question_counts_only_once_it_appears(
    balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "d", expected_version=0, actor=operator_balikpapan)
    hidden = _items(balikpapan)
    assert not any(question == "1.2" for question, _kind, _req in hidden)
    do_save_answer(balikpapan, "1.1", "a", expected_version=1, actor=operator_balikpapan)
    shown = _items(balikpapan)
    assert shown[("1.2", ANSWER, "")] is False and shown[("1.2", EVIDENCE, "matriks")] is False
    # 1.2 and 1.3 and 1.7 appear with their required documents; nothing else changes.
    assert set(hidden) < set(shown)


def test_the_submission_action_refuses_exactly_what_readiness_lists_as_missing(
    balikpapan: Submission, operator_balikpapan
) -> None:
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    missing = queries.missing_for_submission(balikpapan)
    ready = readiness.of_submission(balikpapan)
    assert len(missing) == ready.tally.missing == len(ready.missing)
    assert {(m["question"], m["kind"]) for m in missing} == {
        (i.question, i.kind) for i in ready.missing
    }


# --- Every counter agrees ----------------------------------------------------------------------


def _four_counters(operator: Client, admin: Client, submission: Submission) -> dict[str, Tally]:
    """The readiness counter of one submission as each page shows it."""
    mine = operator.get("/evaluasi/")
    in_list = next(o for s, o in mine.context["rows"] if s.pk == submission.pk).tally
    workspace = operator.get(WORKSPACE)
    in_workspace = workspace.context["ready"].tally
    # The scorebox and the indicator counters say the same in the page itself.
    html = workspace.content.decode()
    assert f"data-live-ready>{in_workspace.text}</span>" in html
    summed = Tally(
        sum(r.ready.done for c in workspace.context["components"] for r in c.indicators),
        sum(r.ready.total for c in workspace.context["components"] for r in c.indicators),
    )
    assert summed == in_workspace
    on_submit = operator.get(f"{WORKSPACE}kirim/").context["ready"].tally
    cockpit = admin.get("/kelola/siklus/2026/", {"q": submission.region.code})
    in_cockpit = next(r for r in cockpit.context["rows"] if r.submission.pk == submission.pk)
    assert f"{in_list.text}" in mine.content.decode()
    assert f"{in_cockpit.ready.text}" in cockpit.content.decode()
    return {
        "list": in_list,
        "workspace": in_workspace,
        "submit": on_submit,
        "cockpit": in_cockpit.ready,
    }


def test_the_list_the_workspace_the_submit_page_and_the_cockpit_show_the_same_counter(
    client: Client,
    balikpapan: Submission,
    operator_balikpapan,
    central_admin,
    evidence_storage,
) -> None:
    operator = logged_in(client, operator_balikpapan)
    admin = logged_in(Client(), central_admin)
    do_save_answer(balikpapan, "1.1", "d", expected_version=0, actor=operator_balikpapan)
    do_save_answer(balikpapan, "2.1", "a", expected_version=0, actor=operator_balikpapan)
    upload_whole(balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan)
    first = _four_counters(operator, admin, balikpapan)
    assert len(set(first.values())) == 1, first
    expected = readiness.of_submission(balikpapan).tally
    assert first["list"] == expected and expected.done == 3  # two answers and a document

    # An answer that reveals conditional questions (1.2, 1.3, 1.7), saved by the autosave: its
    # response carries the new counter, and every page shows the same grown total.
    response = operator.post(
        f"{WORKSPACE}jawaban/1.1/",
        json.dumps({"value": "a", "version": 1}),
        content_type="application/json",
    )
    assert response.status_code == 200
    saved = response.json()["ready"]
    after = _four_counters(operator, admin, balikpapan)
    assert len(set(after.values())) == 1, after
    assert saved == {"done": after["list"].done, "total": after["list"].total}
    assert after["list"].total > first["list"].total
    assert after["list"].done == first["list"].done


# --- The submit page -----------------------------------------------------------------------------


def test_the_submit_page_says_why_it_cannot_submit_and_groups_what_is_missing(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    response = logged_in(client, operator_balikpapan).get(f"{WORKSPACE}kirim/")
    html = response.content.decode()
    assert "Mengapa evaluasi mandiri belum dapat dikirim" in html
    assert "Kirim evaluasi mandiri</button>" not in html
    groups = response.context["groups"]
    assert groups[0].title.startswith("1 · ") and "Indikator" in html
    assert sum(len(g.items) for g in groups) == len(response.context["missing"])
    by_opd = client.get(f"{WORKSPACE}kirim/", {"kelompok": "opd"})
    offices = [g.title for g in by_opd.context["groups"]]
    assert offices == sorted(offices) and "Dinas Kesehatan" in offices
    assert "?unduh=xlsx&amp;opd=Dinas%20Kesehatan" in by_opd.content.decode()


def test_an_opd_contributor_is_told_that_only_the_operator_submits(
    client: Client, balikpapan: Submission, dinkes_balikpapan
) -> None:
    html = logged_in(client, dinkes_balikpapan).get(f"{WORKSPACE}kirim/").content.decode()
    assert "Hanya operator daerah yang mengirim evaluasi mandiri" in html


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 with a BOM
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_missing_items_download_as_csv_and_excel_for_every_office_or_one(
    client: Client, balikpapan: Submission, operator_balikpapan
) -> None:
    logged_in(client, operator_balikpapan)
    whole = client.get(f"{WORKSPACE}kirim/", {"unduh": "csv"})
    assert whole["Content-Disposition"] == 'attachment; filename="kekurangan-2026-64.71.csv"'
    rows = _csv_rows(whole)
    assert rows[0][:3] == ["Perangkat daerah (OPD)", "Indikator", "Nama indikator"]
    ready = readiness.of_submission(balikpapan)
    offices_per_item = sum(len(item.opd) or 1 for item in ready.missing)
    assert len(rows) - 1 == offices_per_item
    assert rows[1][-1].startswith("http://testserver/evaluasi/2026/64.71/indikator/")

    one = client.get(f"{WORKSPACE}kirim/", {"unduh": "xlsx", "opd": "Dinas Kesehatan"})
    assert one["Content-Disposition"].endswith('kekurangan-2026-64.71-dinas-kesehatan.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(one.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values and {row[0] for row in values} == {"Dinas Kesehatan"}
    instrument = instrument_of(balikpapan.cycle.instrument)
    for row in values:
        question = instrument.question(str(row[3]))
        assert "Dinas Kesehatan" in (question.opd or instrument.indicator_of(question.code).opd)


def test_another_region_cannot_download_the_list(
    client: Client, balikpapan: Submission, operator_samarinda
) -> None:
    response = logged_in(client, operator_samarinda).get(f"{WORKSPACE}kirim/", {"unduh": "csv"})
    assert response.status_code == 404


# --- The cockpit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("balikpapan", ["64.71"]),
        ("Kota Samarinda", ["64.72"]),
        ("64.7", ["64.71", "64.72"]),
        ("jakarta pusat", ["31.71"]),
        ("surabaya", []),
    ],
)
def test_the_cockpit_finds_a_region_by_name_or_code(
    client: Client, cycle, central_admin, search: str, found: list[str]
) -> None:
    response = logged_in(client, central_admin).get("/kelola/siklus/2026/", {"q": search})
    assert [row.region.code for row in response.context["rows"]] == found
    assert f'value="{search}"' in response.content.decode()


def test_the_cockpit_and_the_list_read_every_region_in_a_fixed_number_of_queries(
    client: Client,
    balikpapan: Submission,
    samarinda: Submission,
    operator_balikpapan,
    operator_samarinda,
    central_admin,
    evidence_storage,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logged_in(client, central_admin)

    def queries_of(path: str) -> int:
        client.get(path)  # sessions, caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    before = (queries_of("/kelola/siklus/2026/"), queries_of("/evaluasi/"))
    do_save_answer(balikpapan, "1.1", "a", expected_version=0, actor=operator_balikpapan)
    do_save_answer(samarinda, "1.1", "b", expected_version=0, actor=operator_samarinda)
    upload_whole(balikpapan, "1.1", "regulasi", "perda.pdf", make_pdf(), actor=operator_balikpapan)
    upload_whole(samarinda, "1.1", "regulasi", "perwal.pdf", make_pdf(), actor=operator_samarinda)
    assert (queries_of("/kelola/siklus/2026/"), queries_of("/evaluasi/")) == before
