"""Issue 19, items 3 and 7: a verifier never meets an edit conflict with their own repeated check,
and the send-back starts at the top of the workbench from the items marked "evidence
insufficient", preselected with their comments, grouped by indicator."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.evaluation.models import Submission
from layakanak.instruments.queries import instrument_of
from layakanak.verification import queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.errors import CheckConflict
from layakanak.verification.models import QuestionCheck, RevisionRequest
from tests.verification.conftest import logged_in
from tests.verification.helpers import first_scoring_question, through

pytestmark = pytest.mark.django_db

WB = "/verifikasi-evaluasi/2026/64.71/tahap/VA/"
SEND_BACK = f"{WB}kembalikan/"


def _mark_insufficient(submission: Submission, actor: Any, codes: dict[str, str]) -> None:
    start = queries.base_points(submission, "VA")
    for code, comment in codes.items():
        do_save_check(
            submission,
            "VA",
            code,
            verified_points=start[code],
            status="evidence_insufficient",
            comment=comment,
            expected_version=0,
            actor=actor,
        )


def _codes_of_two_indicators(submission: Submission) -> list[str]:
    """Two questions to check of one indicator and one of another."""
    instrument = instrument_of(submission.cycle.instrument)
    codes = queries.questions_to_check(instrument, submission)
    by_indicator: dict[str, list[str]] = {}
    for code in codes:
        by_indicator.setdefault(instrument.indicator_of(code).number, []).append(code)
    pair = next(found for found in by_indicator.values() if len(found) >= 2)
    other = next(found for found in by_indicator.values() if found[0] not in pair)
    return [pair[0], pair[1], other[0]]


def _page(client: Client, url: str) -> tuple[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.context


def _checked(body: str) -> list[str]:
    return re.findall(r'name="questions" value="([^"]+)" checked', body)


# Item 3: the same verifier's identical change sent twice is no conflict.


def test_a_repeat_of_the_verifiers_own_identical_check_is_no_conflict(
    submitted: Submission, verifier_kaltim: User
) -> None:
    code, start = first_scoring_question(submitted)
    first = do_save_check(
        submitted,
        "VA",
        code,
        verified_points=start,
        status="accepted",
        expected_version=0,
        actor=verifier_kaltim,
    )
    # The form's Save pressed while the autosave was on its way: the same verdict, version 0.
    again = do_save_check(
        submitted,
        "VA",
        code,
        verified_points=format(start, "f"),
        status="accepted",
        expected_version=0,
        actor=verifier_kaltim,
    )
    assert again.pk == first.pk and again.version == 1
    assert AuditEvent.objects.filter(action="verification.check_saved").count() == 1


def test_a_different_change_on_a_stale_version_is_still_a_conflict(
    submitted: Submission, verifier_kaltim: User
) -> None:
    code, start = first_scoring_question(submitted)
    do_save_check(
        submitted,
        "VA",
        code,
        verified_points=start,
        status="evidence_insufficient",
        comment="SK belum ditandatangani",
        expected_version=0,
        actor=verifier_kaltim,
    )
    with pytest.raises(CheckConflict):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points=start,
            status="evidence_insufficient",
            comment="SK belum ditandatangani; unggah salinan",
            expected_version=0,
            actor=verifier_kaltim,
        )


def test_another_verifiers_identical_check_on_a_stale_version_is_still_a_conflict(
    submitted: Submission, verifier_kaltim: User, verifier_pusat: User
) -> None:
    code, start = first_scoring_question(submitted)
    kwargs: dict[str, Any] = {
        "verified_points": start,
        "status": "accepted",
        "expected_version": 0,
    }
    do_save_check(submitted, "VA", code, actor=verifier_kaltim, **kwargs)
    with pytest.raises(CheckConflict):
        do_save_check(submitted, "VA", code, actor=verifier_pusat, **kwargs)


def test_the_autosave_answers_a_repeated_identical_check_with_200(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    logged_in(client, verifier_kaltim)
    code, _ = first_scoring_question(submitted)
    body = json.dumps({"points": "0", "status": "adjusted", "comment": "x", "version": 0})
    url = f"{WB}cek/{code}/"
    assert client.post(url, body, content_type="application/json").status_code == 200
    repeated = client.post(url, body, content_type="application/json")
    assert repeated.status_code == 200 and repeated.json()["version"] == 1


# Item 7: the send-back at the top, and the form starting from the marked items.


def test_the_send_back_is_at_the_top_of_the_workbench_with_the_count_of_insufficient_items(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    codes = _codes_of_two_indicators(submitted)
    _mark_insufficient(submitted, verifier_kaltim, {codes[0]: "a", codes[2]: "b"})
    logged_in(client, verifier_kaltim)
    body, _ = _page(client, WB)
    assert body.count(f'href="{SEND_BACK}"') == 1
    # The link comes before the first of the 100-odd items, with the count beside it.
    bar = body[body.index('class="send-back-bar"') : body.index('class="check-list"')]
    assert SEND_BACK in bar and "Bukti kurang" in bar
    assert re.search(r"<strong data-insufficient-count>2</strong>", bar)


def test_a_saved_check_answers_the_new_count_of_insufficient_items(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    logged_in(client, verifier_kaltim)
    code, start = first_scoring_question(submitted)
    body = {"points": format(start, "f"), "status": "evidence_insufficient", "version": 0}
    response = client.post(
        f"{WB}cek/{code}/", json.dumps({**body, "comment": "x"}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["insufficient"] == 1


def test_the_send_back_form_preselects_the_insufficient_items_with_their_comments(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    codes = _codes_of_two_indicators(submitted)
    comments = {codes[0]: "SK belum ditandatangani", codes[2]: "Foto kegiatan tidak terbaca"}
    _mark_insufficient(submitted, verifier_kaltim, comments)
    logged_in(client, verifier_kaltim)
    body, context = _page(client, SEND_BACK)
    assert _checked(body) == [codes[0], codes[2]]
    # Grouped by indicator: the marked part has one group per indicator, each with its legend.
    choices = context["choices"]
    assert [len(group.items) for group in choices.marked] == [1, 1]
    marked = body[: body.index("question-picker-more")]
    assert marked.count('<fieldset class="indicator-group">') == 2
    assert marked.count("<legend>") == 2 + 1
    for code, comment in comments.items():
        note = f'aria-describedby="sb-note-{code}"'
        assert note in marked
        found = re.search(
            rf'<p class="send-back-comment" id="sb-note-{re.escape(code)}">([^<]*)', body
        )
        assert found and comment in found.group(1) and "Eko Verifikator Kaltim" in found.group(1)
    # The other questions are there to add, folded away.
    others = body[body.index("question-picker-more") :]
    assert f'value="{codes[1]}"' in others
    assert '<details class="question-picker-more">' in body
    # The reason starts from the comments; the verifier may change it.
    reason = re.search(r'<textarea id="reason"[^>]*>([^<]*)</textarea>', body)
    assert reason and not re.search(r'<textarea id="reason"[^>]*readonly', body)
    assert f"{codes[0]}: SK belum ditandatangani" in reason.group(1)
    assert f"{codes[2]}: Foto kegiatan tidak terbaca" in reason.group(1)


def test_the_reason_sent_is_the_one_the_verifier_edited(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    codes = _codes_of_two_indicators(submitted)
    _mark_insufficient(submitted, verifier_kaltim, {codes[0]: "SK belum ditandatangani"})
    logged_in(client, verifier_kaltim)
    response = client.post(
        SEND_BACK,
        {
            "questions": [codes[0], codes[1]],
            "reason": "Unggah SK yang sudah ditandatangani.",
            "deadline": "2099-01-01T12:00",
        },
    )
    assert response.status_code == 302
    request = RevisionRequest.objects.get(submission=submitted)
    assert request.questions == [codes[0], codes[1]]
    assert request.reason == "Unggah SK yang sudah ditandatangani."


def test_without_marked_items_every_question_is_shown_unfolded(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    logged_in(client, verifier_kaltim)
    body, _ = _page(client, SEND_BACK)
    assert '<details class="question-picker-more" open>' in body
    assert _checked(body) == []
    assert re.search(r'<textarea id="reason"[^>]*></textarea>', body)
    assert not QuestionCheck.objects.exists()


def test_a_kl_verifier_sends_back_only_the_questions_of_their_indicators(
    client: Client, submitted: Submission, verifier_pusat: User, verifier_kemenkes: User
) -> None:
    through(submitted, "VA", verifier_pusat)
    logged_in(client, verifier_kemenkes)
    url = "/verifikasi-evaluasi/2026/64.71/tahap/PU/kembalikan/"
    body, _ = _page(client, url)
    offered = re.findall(r'name="questions" value="([^"]+)"', body)
    assert offered and all(code.startswith("1.") for code in offered), offered
    refused = client.post(
        url, {"questions": ["4.1"], "reason": "x", "deadline": "2099-01-01T12:00"}
    )
    assert refused.status_code == 404
    assert not RevisionRequest.objects.exists()


def test_a_kl_verifier_counts_only_the_marked_items_of_their_indicators(
    client: Client, submitted: Submission, verifier_pusat: User, verifier_kemenkes: User
) -> None:
    through(submitted, "VA", verifier_pusat)
    start = queries.base_points(submitted, "PU")
    instrument = instrument_of(submitted.cycle.instrument)
    to_check = queries.questions_to_check(instrument, submitted)
    theirs = next(code for code in to_check if instrument.indicator_of(code).number == "1")
    others = next(code for code in to_check if instrument.indicator_of(code).number == "4")
    for code in (theirs, others):
        do_save_check(
            submitted,
            "PU",
            code,
            verified_points=start[code],
            status="evidence_insufficient",
            comment="x",
            expected_version=0,
            actor=verifier_pusat,
        )
    logged_in(client, verifier_kemenkes)
    body, context = _page(client, "/verifikasi-evaluasi/2026/64.71/tahap/PU/")
    assert context["running"].insufficient == 1
    assert "<strong data-insufficient-count>1</strong>" in body
    logged_in(client, verifier_pusat)
    _, context = _page(client, "/verifikasi-evaluasi/2026/64.71/tahap/PU/")
    assert context["running"].insufficient == 2


def test_the_reason_prefilled_from_many_long_comments_stays_within_the_limit() -> None:
    from layakanak.lib import limits
    from layakanak.verification.presenters import reason_from_comments

    marked = {f"{n}.1": QuestionCheck(comment="x" * 300) for n in range(1, 6)}
    reason = reason_from_comments(marked)
    assert len(reason) == limits.REASON and reason.endswith("…")
    assert reason_from_comments({"1.1": QuestionCheck(comment="SK")}) == "1.1: SK"
