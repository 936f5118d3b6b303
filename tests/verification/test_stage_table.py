"""The stage table (`layakanak.evaluation.stages`): the models' choices are the table's, and a
stage added to the table (here, in this test only) works with the same actions and addresses as
the stages that ship (docs/adding-a-stage.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from layakanak.accounts.models import Role, User
from layakanak.evaluation import stages
from layakanak.evaluation.models import Extension, StageScore, StageWindow, Submission
from layakanak.evaluation.stages import Kind, Reach, Requirement, RoleRule, Stage, StageRow
from layakanak.verification import access, queries
from layakanak.verification.actions.checks import do_save_check
from layakanak.verification.actions.decisions import do_decide_predicate
from layakanak.verification.actions.stages import do_approve_stage, do_reopen_stage
from layakanak.verification.errors import StageLocked, VerificationRefused
from layakanak.verification.models import QuestionCheck, Review, RevisionRequest
from tests.verification.conftest import logged_in
from tests.verification.helpers import accept_all, first_scoring_question, through

# The province's own field review after its administrative verification (KLA.md section 11,
# "the province's leg"), in the province's window, between VA and PU.
PROVINCIAL_REVIEW = StageRow(
    "PV",
    Stage.VERIFIKASI_ADMINISTRASI,
    "peninjauan lapangan provinsi",
    "provincial field review",
    order=25,
    kind=Kind.VERIFICATION,
    workers=(RoleRule(Role.VERIFIKATOR_PROVINSI, Reach.PROVINCE),),
    leaving=(Requirement.EVERY_ANSWER_CHECKED,),
    optional=True,
    label="Provincial field review",
)


def codes(rows: tuple[StageRow, ...]) -> list[str]:
    return [row.code for row in rows]


def test_the_table_lists_the_stages_in_the_order_of_the_cycle() -> None:
    assert codes(stages.all_stages()) == ["EM", "VA", "PU", "VL", "VF", "decision"]
    assert codes(stages.verification_stages()) == ["VA", "PU", "VL", "VF"]
    assert codes(stages.scored_stages()) == ["EM", "VA", "PU", "VL", "VF"]
    assert stages.next_stage("VF") == stages.decision()
    assert stages.previous_verification("VA") is None
    field_stage = stages.field_stage()
    assert field_stage is not None and field_stage.code == "VL"
    assert stages.final_verification().code == "VF"
    assert stages.name_id("PU") == "peninjauan ulang" and stages.name_en("XX") == "XX"


def test_the_model_fields_choices_are_the_tables() -> None:
    verification = [(row.code, str(row.name)) for row in stages.verification_stages()]
    reviewed = [(row.code, str(row.name)) for row in stages.reviewed_stages()]

    def choices(model: type, name: str = "stage") -> list[tuple[str, str]]:
        field = model._meta.get_field(name)  # type: ignore[attr-defined]
        return [(value, str(label)) for value, label in field.choices]

    assert choices(QuestionCheck) == verification
    assert choices(RevisionRequest) == verification
    assert choices(Review) == reviewed
    assert Review._meta.get_field("stage").default == stages.first_verification().code
    windows = [(value, str(label)) for value, label in Stage.choices]
    assert choices(StageWindow) == windows and choices(Extension) == windows
    # Each stage runs in a window; the table names roles that exist.
    assert {row.window for row in stages.all_stages()} <= set(Stage)
    assert {rule.role for row in stages.all_stages() for rule in row.workers} <= set(Role.values)


def test_every_stage_code_fits_the_fields_that_store_it() -> None:
    def fits(model: type, rows: tuple[StageRow, ...]) -> bool:
        length = model._meta.get_field("stage").max_length  # type: ignore[attr-defined]
        return all(len(row.code) <= length for row in rows)

    assert fits(QuestionCheck, stages.verification_stages())
    assert fits(RevisionRequest, stages.verification_stages())
    assert fits(Review, stages.reviewed_stages())
    assert fits(StageScore, stages.scored_stages())
    assert fits(QuestionCheck, (PROVINCIAL_REVIEW,))


def test_a_table_that_breaks_the_rules_is_refused() -> None:
    twice = StageRow(
        "VA", Stage.VERIFIKASI_ADMINISTRASI, "x", "x", order=26, kind=Kind.VERIFICATION
    )
    with pytest.raises(ValueError, match="codes repeat"), stages.extended(twice):
        pass
    after_decision = StageRow("ZZ", Stage.PUBLIKASI, "z", "z", order=99, kind=Kind.VERIFICATION)
    with pytest.raises(ValueError, match="decision, last"), stages.extended(after_decision):
        pass
    assert codes(stages.all_stages()) == ["EM", "VA", "PU", "VL", "VF", "decision"]


@pytest.fixture
def with_provincial_review() -> Iterator[StageRow]:
    with stages.extended(PROVINCIAL_REVIEW):
        yield PROVINCIAL_REVIEW
    # Back to the shipped table: the stage, its addresses and its access are gone.
    assert stages.find("PV") is None
    with pytest.raises(NoReverseMatch):
        reverse("verification:workbench", args=["2026", "64.71", "PV"])


def test_a_stage_added_to_the_table_is_walked_with_the_same_actions_and_addresses(
    client: Client,
    submitted: Submission,
    verifier_kaltim: User,
    verifier_pusat: User,
    with_provincial_review: StageRow,
) -> None:
    assert codes(stages.verification_stages()) == ["VA", "PV", "PU", "VL", "VF"]
    through(submitted, "VA", verifier_kaltim)
    review = Review.objects.get(submission=submitted)
    assert review.stage == "PV"  # approving VA leads to the new stage
    assert queries.base_points(submitted, "PV") == queries.stored_points(submitted, "VA")
    assert access.can_work_on_stage(verifier_kaltim, submitted, "PV")
    assert not access.can_work_on_stage(verifier_pusat, submitted, "PV")
    # A stage before it is locked, naming both stages from the table.
    code, start = first_scoring_question(submitted, "PV")
    with pytest.raises(StageLocked, match="peninjauan lapangan provinsi"):
        do_save_check(
            submitted,
            "VA",
            code,
            verified_points=start,
            status="accepted",
            expected_version=0,
            actor=verifier_kaltim,
        )

    # The same pages and the same autosave, at the stage's own address.
    logged_in(client, verifier_kaltim)
    workbench = reverse("verification:workbench", args=["2026", "64.71", "PV"])
    assert workbench == "/verifikasi-evaluasi/2026/64.71/tahap/PV/"
    page = client.get(workbench)
    assert page.status_code == 200 and "Provincial field review" in page.content.decode()
    saved = client.post(
        f"{workbench}cek/{code}/",
        json.dumps({"points": "0", "status": "evidence_insufficient", "comment": "Foto lokus"}),
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    # Leaving needs every answered question checked, as its row says.
    with pytest.raises(VerificationRefused, match="belum diperiksa"):
        do_approve_stage(submitted, "PV", actor=verifier_kaltim)
    accept_all(submitted, "PV", verifier_kaltim)
    approved = client.post(f"{workbench}setujui/")
    assert approved.status_code == 302
    score = StageScore.objects.get(submission=submitted, stage="PV")
    assert Decimal(score.points[code]) == 0
    assert Review.objects.get(submission=submitted).stage == "PU"
    assert queries.base_points(submitted, "PU")[code] == 0
    report = reverse("verification:report", args=["2026", "64.71", "PV"])
    assert client.get(report).status_code == 200

    # A central verifier reopens it like any approved stage; later scores are withdrawn.
    through(submitted, "PU", verifier_pusat, first="PU")
    do_reopen_stage(submitted, "PV", reason="Foto lokus perlu diperiksa lagi", actor=verifier_pusat)
    assert Review.objects.get(submission=submitted).stage == "PV"
    remaining = StageScore.objects.filter(submission=submitted).values_list("stage", flat=True)
    assert sorted(remaining) == ["EM", "VA"]

    # And on through the shipped stages to the decision.
    do_approve_stage(submitted, "PV", actor=verifier_kaltim)
    through(submitted, "VF", verifier_pusat, first="PU")
    final = StageScore.objects.get(submission=submitted, stage="VF")
    decision = do_decide_predicate(submitted, final.band_code, actor=verifier_pusat)
    assert decision.final_total == final.total


def test_a_code_that_is_not_a_stage_of_the_right_kind_has_no_address(
    client: Client, submitted: Submission, verifier_kaltim: User
) -> None:
    logged_in(client, verifier_kaltim)
    assert client.get("/verifikasi-evaluasi/2026/64.71/tahap/PV/").status_code == 404
    assert client.get("/verifikasi-evaluasi/2026/64.71/tahap/EM/").status_code == 404
    assert client.get("/verifikasi-evaluasi/2026/64.71/laporan/decision/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("verification:workbench", args=["2026", "64.71", "EM"])
