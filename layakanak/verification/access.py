"""Every permission check of the verification. Forbidden answers like missing (404).

Who works on which stage is the stage table's (`evaluation.stages`, each row's `workers`, KLA.md
section 5); here each rule is read against the user's role assignments:
- VA: the verifikator provinsi of the region's province;
- PU: the verifikator pusat; a verifikator K/L on the questions of their indicators;
- VL: the tim lapangan / tim independen assigned to the region, and the verifikator pusat;
- VF: the verifikator pusat;
- the decision: the admin pusat and the verifikator pusat.
Reopening an approved stage is for KemenPPPA (verifikator and admin pusat) in every stage.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from layakanak.accounts import access as roles
from layakanak.evaluation import access as evaluation_access
from layakanak.evaluation import stages
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region


def _not_found() -> Http404:
    return Http404("Tidak ditemukan / Not found")


def _central(user: Any) -> bool:
    return roles.is_central_verifier(user)


def _rules_held(user: Any, submission: Submission, stage: str) -> list[stages.RoleRule]:
    row = stages.find(stage)
    if row is None or not row.reviewed or not user.is_authenticated:
        return []
    return [rule for rule in row.workers if evaluation_access.holds_rule(user, rule, submission)]


def can_work_on_stage(user: Any, submission: Submission, stage: str) -> bool:
    """Whether the user verifies at least some questions of this stage for this region."""
    return bool(_rules_held(user, submission, stage))


def _whole_region(rules: list[stages.RoleRule]) -> bool:
    """A rule that covers every question of the region (not only some indicators')."""
    return any(rule.reach is not stages.Reach.INDICATORS for rule in rules)


def can_check_question(user: Any, submission: Submission, stage: str, code: str) -> bool:
    """A verifikator K/L checks only the questions of their indicators; others all of them."""
    held = _rules_held(user, submission, stage)
    if not held:
        return False
    if _whole_region(held):
        return True
    instrument = instrument_of(submission.cycle.instrument)
    if not instrument.has_question(code):
        return False
    return instrument.indicator_of(code).number in roles.kl_indicator_numbers(user)


def can_approve(user: Any, submission: Submission, stage: str) -> bool:
    """Approving a stage closes it for everyone: a K/L verifier only checks their items."""
    return _whole_region(_rules_held(user, submission, stage))


def can_reopen(user: Any) -> bool:
    """Reopening an approved stage is for a higher level: KemenPPPA."""
    return _central(user) or roles.is_central_admin(user)


def can_see_verification(user: Any, submission: Submission) -> bool:
    """Verifiers of any stage of this region while the stage table lets them see it (a
    verifikator K/L only during the central review, never a draft), and the central admin
    (read-only)."""
    if not user.is_authenticated:
        return False
    if roles.is_central_admin(user):
        return True
    return bool(evaluation_access.stage_rules_in_sight(user, submission))


def indicator_limit(user: Any, submission: Submission, stage: str) -> set[str] | None:
    """None when the user's work on this stage covers every question of the region; otherwise
    the indicator numbers they see and check (a verifikator K/L sees nothing else)."""
    held = _rules_held(user, submission, stage)
    if _whole_region(held) or can_reopen(user):
        return None
    return roles.kl_indicator_numbers(user)


def _submission(cycle_slug: str, region_code: str) -> Submission | None:
    return (
        Submission.objects.select_related("cycle__instrument", "region__parent")
        .defer("cycle__instrument__document")
        .filter(cycle__slug=cycle_slug, region__code=region_code)
        .first()
    )


def access_submission_for_verification(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = _submission(cycle_slug, region_code)
    if submission is None or not can_see_verification(user, submission):
        raise _not_found()
    return submission


def access_submission_for_stage(
    user: Any, cycle_slug: str, region_code: str, stage: str
) -> Submission:
    """The workbench of one stage: its verifiers, higher levels and the central admin."""
    submission = access_submission_for_verification(user, cycle_slug, region_code)
    in_sight = evaluation_access.stage_rules_in_sight(user, submission, stage=stage)
    if not (in_sight or can_reopen(user)):
        raise _not_found()
    return submission


def access_submission_for_field(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = access_submission_for_verification(user, cycle_slug, region_code)
    if not (can_work_on_field_visit(user, submission) or roles.is_central_admin(user)):
        raise _not_found()
    return submission


def can_work_on_field_visit(user: Any, submission: Submission) -> bool:
    """The field visit belongs to the stage whose leaving requires it (VL): its workers."""
    field_stage = stages.field_stage()
    return field_stage is not None and can_work_on_stage(user, submission, field_stage.code)


def access_submission_for_decision(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = access_submission_for_verification(user, cycle_slug, region_code)
    if not can_work_on_stage(user, submission, stages.decision().code):
        raise _not_found()
    return submission


def access_submission_for_revision(user: Any, cycle_slug: str, region_code: str) -> Submission:
    """The operator's view of the sent-back items: whoever may fill the self-assessment."""
    return evaluation_access.access_submission_for_edit(user, cycle_slug, region_code)


def can_resubmit(user: Any, submission: Submission) -> bool:
    return evaluation_access.can_submit(user, submission)


def access_submission_for_report(user: Any, cycle_slug: str, region_code: str) -> Submission:
    """The region's feedback report: the region itself and everyone who may see it."""
    return evaluation_access.access_submission_for_view(user, cycle_slug, region_code)


def access_cycle(user: Any, cycle_slug: str) -> Cycle:
    cycle = (
        Cycle.objects.select_related("instrument")
        .defer("instrument__document")
        .filter(slug=cycle_slug)
        .first()
    )
    if cycle is None or not user.is_authenticated:
        raise _not_found()
    return cycle


def access_cycle_for_variance(user: Any, cycle_slug: str) -> Cycle:
    """Claimed against verified across regions: KemenPPPA only."""
    cycle = access_cycle(user, cycle_slug)
    if not (_central(user) or roles.is_central_admin(user)):
        raise _not_found()
    return cycle


def access_cycle_for_selection(user: Any, cycle_slug: str) -> Cycle:
    """The selection into the field verification: KemenPPPA only (central verifiers and the
    central admin)."""
    cycle = access_cycle(user, cycle_slug)
    if not (_central(user) or roles.is_central_admin(user)):
        raise _not_found()
    return cycle


def access_province(user: Any, cycle_slug: str, province_code: str) -> tuple[Cycle, Region]:
    """A province's kab/kota and the Provinsi Layak Anak proposal: its verifikator provinsi
    and KemenPPPA."""
    cycle = access_cycle(user, cycle_slug)
    province = Region.objects.filter(code=province_code, level="province").first()
    if province is None:
        raise _not_found()
    if not (
        _central(user)
        or roles.is_central_admin(user)
        or province.pk in roles.verifier_province_ids(user)
    ):
        raise _not_found()
    return cycle, province


def is_verifier(user: Any) -> bool:
    """Whether the user holds any role that works on a verification stage (for the queue)."""
    return bool(roles.roles_of(user) & stages.verifier_roles())
