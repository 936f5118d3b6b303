"""Who may see and change which submission. Every check of the evaluation lives here.

A forbidden submission answers exactly like a missing one (404), so that region codes cannot be
probed. Roles come from `layakanak.accounts.access`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from layakanak.accounts import access as roles
from layakanak.evaluation import stages
from layakanak.evaluation.models import (
    Cycle,
    EvidenceFile,
    StageScore,
    Submission,
    SubmissionStatus,
)
from layakanak.evaluation.models_upload import UploadSession
from layakanak.scoring.model import Question


def _submission(cycle_slug: str, region_code: str) -> Submission | None:
    return (
        Submission.objects.select_related("cycle__instrument", "region__parent")
        .defer("cycle__instrument__document")
        .filter(cycle__slug=cycle_slug, region__code=region_code)
        .order_by()  # one submission per cycle and region: no ordering (and no join for it)
        .first()
    )


def _not_found() -> Http404:
    return Http404("Evaluasi tidak ditemukan / Evaluation not found")


def can_edit(user: Any, submission: Submission) -> bool:
    """Operators of the region and its OPD contributors may fill the self-assessment."""
    if not user.is_authenticated:
        return False
    if submission.region_id in roles.operator_region_ids(user):
        return True
    return any(region_id == submission.region_id for region_id, _ in roles.opd_scopes(user))


# --- Verifiers: who works on which stage, and when they see a region (the stage table) ---------


def holds_rule(user: Any, rule: stages.RoleRule, submission: Submission) -> bool:
    """Whether the user's assignments give them this stage rule for this submission's region."""
    if rule.reach is stages.Reach.CENTRAL:
        return rule.role in roles.roles_of(user)
    if rule.reach is stages.Reach.INDICATORS:
        # A verifikator K/L without indicators verifies nothing.
        return rule.role in roles.roles_of(user) and bool(roles.kl_indicator_numbers(user))
    # PROVINCE and ASSIGNED: the assignment's region (a province, the team's kab/kota).
    return roles.has_role(user, rule.role, region=submission.region)


def frozen_stages(submission: Submission) -> set[str]:
    """The stages whose score is frozen: the self-assessment once submitted, each verification
    stage once approved (a reopened stage's score and the later ones are withdrawn)."""
    return set(
        StageScore.objects.filter(submission_id=submission.pk).values_list("stage", flat=True)
    )


def in_sight(
    rule: stages.RoleRule, row: stages.StageRow, submission: Submission, frozen: set[str]
) -> bool:
    """Whether a rule of stage `row` lets its holder see the submission now: a stage has been
    reached when the scored stage before it has frozen its score (the self-assessment's on
    submission), and is under way until its own score is frozen."""
    if rule.sight is stages.Sight.ALWAYS:
        return True
    earlier = [r for r in stages.scored_stages() if r.order < row.order]
    reached = submission.status == SubmissionStatus.SUBMITTED and (
        not earlier or earlier[-1].code in frozen
    )
    if rule.sight is stages.Sight.FROM_STAGE:
        return reached
    return reached and row.code not in frozen


def stage_rules_in_sight(
    user: Any, submission: Submission, *, stage: str | None = None
) -> list[tuple[stages.StageRow, stages.RoleRule]]:
    """The (stage, rule) pairs of the verification and the decision that the user holds for
    this region and that let them see it now; only those of `stage` when it is given."""
    if not user.is_authenticated:
        return []
    held = [
        (row, rule)
        for row in stages.reviewed_stages()
        if stage is None or row.code == stage
        for rule in row.workers
        if holds_rule(user, rule, submission)
    ]
    if not held:
        return []
    frozen = frozen_stages(submission)
    return [(row, rule) for row, rule in held if in_sight(rule, row, submission, frozen)]


def can_view(user: Any, submission: Submission) -> bool:
    """The region's self-assessment pages (read-only for all but its editors): the region,
    KemenPPPA, and the verifiers whose work covers the whole region while they see it. A
    verifikator K/L sees only the evidence of their indicators (`access_evidence_for_download`),
    never these pages."""
    if not user.is_authenticated:
        return False
    if (
        can_edit(user, submission)
        or roles.is_central_admin(user)
        or roles.is_central_verifier(user)
    ):
        return True
    return any(
        rule.reach is not stages.Reach.INDICATORS
        for _row, rule in stage_rules_in_sight(user, submission)
    )


def indicators_in_sight(user: Any, submission: Submission) -> set[str]:
    """The indicator numbers whose questions and evidence a verifikator K/L may see in this
    submission now (empty for everybody else, and outside the stages where K/L work)."""
    if any(
        rule.reach is stages.Reach.INDICATORS
        for _row, rule in stage_rules_in_sight(user, submission)
    ):
        return roles.kl_indicator_numbers(user)
    return set()


def access_submission_for_edit(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = _submission(cycle_slug, region_code)
    if submission is None or not can_edit(user, submission):
        raise _not_found()
    return submission


def access_submission_for_view(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = _submission(cycle_slug, region_code)
    if submission is None or not can_view(user, submission):
        raise _not_found()
    return submission


def opd_limit(user: Any, submission: Submission) -> set[str] | None:
    """None when the user may answer every question of the region; otherwise the OPD names
    whose questions a kontributor OPD may answer."""
    if submission.region_id in roles.operator_region_ids(user):
        return None
    return {opd for region_id, opd in roles.opd_scopes(user) if region_id == submission.region_id}


def can_answer(
    user: Any, submission: Submission, question: Question, indicator_opd: tuple[str, ...]
) -> bool:
    limit = opd_limit(user, submission)
    if limit is None:
        return can_edit(user, submission)
    offices = set(question.opd or indicator_opd)
    return bool(limit & offices)


def submissions_for(user: Any) -> QuerySet[Submission]:
    """Every submission the user may open, newest cycle first."""
    queryset = Submission.objects.select_related("cycle", "region").order_by(
        "-cycle__slug", "region__code"
    )
    if not user.is_authenticated:
        return queryset.none()
    if roles.is_central_admin(user) or roles.is_central_verifier(user):
        return queryset
    region_ids = (
        roles.operator_region_ids(user)
        | {region_id for region_id, _ in roles.opd_scopes(user)}
        | roles.field_team_region_ids(user)
    )
    candidates = queryset.filter(
        Q(region_id__in=region_ids) | Q(region__parent_id__in=roles.verifier_province_ids(user))
    )
    if not roles.field_team_region_ids(user):
        return candidates
    # A field team sees its regions only from its stage on (the stage table's sight).
    return candidates.filter(pk__in=[s.pk for s in candidates if can_view(user, s)])


def access_cycle_for_cockpit(user: Any, slug: str) -> Cycle:
    """The ministry cockpit: central admins and central verifiers."""
    cycle = (
        Cycle.objects.select_related("instrument")
        .defer("instrument__document")
        .filter(slug=slug)
        .first()
    )
    if cycle is None or not user.is_authenticated:
        raise _not_found()
    if not (roles.is_central_admin(user) or roles.is_central_verifier(user)):
        raise _not_found()
    return cycle


def can_submit(user: Any, submission: Submission) -> bool:
    """Only the region's operator (on behalf of the Gugus Tugas) submits the self-assessment."""
    return user.is_authenticated and submission.region_id in roles.operator_region_ids(user)


# --- Evidence files (data dukung) ----------------------------------------------------------------


def can_attach_evidence(user: Any, submission: Submission, question_code: str) -> bool:
    """Whoever may answer a question may upload, reuse and remove its evidence."""
    from layakanak.instruments.queries import instrument_of

    instrument = instrument_of(submission.cycle.instrument)
    if not instrument.has_question(question_code):
        return False
    question = instrument.question(question_code)
    return can_answer(user, submission, question, instrument.indicator_of(question_code).opd)


def access_evidence_for_download(user: Any, evidence_id: Any) -> EvidenceFile:
    """A current evidence file whose submission the user may see, or, for a verifikator K/L,
    a file of a question of their indicators while they work on the region; 404 otherwise."""
    evidence = (
        EvidenceFile.objects.select_related(
            "submission__region__parent",
            "submission__cycle",
            "requirement__question__indicator",
        )
        .filter(pk=evidence_id, removed_at__isnull=True)
        .first()
    )
    if evidence is None:
        raise _not_found()
    submission = evidence.submission
    if can_view(user, submission):
        return evidence
    if evidence.requirement.question.indicator.number in indicators_in_sight(user, submission):
        return evidence
    raise _not_found()


def access_evidence_for_edit(user: Any, submission: Submission, evidence_id: Any) -> EvidenceFile:
    """A current evidence file of this submission whose question the user may answer."""
    evidence = (
        EvidenceFile.objects.select_related("requirement__question")
        .filter(pk=evidence_id, submission=submission, removed_at__isnull=True)
        .first()
    )
    if evidence is None or not can_attach_evidence(
        user, submission, evidence.requirement.question.code
    ):
        raise _not_found()
    return evidence


def access_upload_for_edit(user: Any, submission: Submission, upload_id: Any) -> UploadSession:
    """An upload of this submission whose question the user may answer."""
    upload = (
        UploadSession.objects.select_related("requirement__question")
        .filter(pk=upload_id, submission=submission)
        .first()
    )
    if upload is None or not can_attach_evidence(
        user, submission, upload.requirement.question.code
    ):
        raise _not_found()
    return upload


def access_previous_evidence(user: Any, submission: Submission, evidence_id: Any) -> EvidenceFile:
    """A file of the same region from another cycle, to attach again; 404 otherwise."""
    evidence = (
        EvidenceFile.objects.filter(
            pk=evidence_id, submission__region_id=submission.region_id, removed_at__isnull=True
        )
        .exclude(submission__cycle_id=submission.cycle_id)
        .first()
    )
    if evidence is None or not can_edit(user, submission):
        raise _not_found()
    return evidence


# --- Setting up cycles (the central admin only) --------------------------------------------------


def require_cycle_admin(user: Any) -> None:
    """Creating cycles, changing their windows and participants, granting extensions: the
    central admin (admin pusat) only; everyone else gets the 404 of a missing page."""
    if not (user.is_authenticated and roles.is_central_admin(user)):
        raise _not_found()


def access_cycle_for_setup(user: Any, slug: str) -> Cycle:
    require_cycle_admin(user)
    cycle = (
        Cycle.objects.select_related("instrument")
        .defer("instrument__document")
        .filter(slug=slug)
        .first()
    )
    if cycle is None:
        raise _not_found()
    return cycle


def access_submission_for_setup(user: Any, cycle_slug: str, region_code: str) -> Submission:
    """A participating region of a cycle, for an extension or its removal from the cycle."""
    require_cycle_admin(user)
    submission = _submission(cycle_slug, region_code)
    if submission is None:
        raise _not_found()
    return submission
