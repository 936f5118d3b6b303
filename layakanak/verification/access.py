"""Every permission check of the verification. Forbidden answers like missing (404).

Who works on which stage (KLA.md section 5):
- VA: the verifikator provinsi of the region's province;
- PU: the verifikator pusat; a verifikator K/L on the questions of their indicators;
- VL: the tim lapangan / tim independen assigned to the region, and the verifikator pusat;
- VF and reopening an approved stage: the verifikator pusat;
- the decision: the admin pusat and the verifikator pusat.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from layakanak.accounts import access as roles
from layakanak.accounts.models import Role
from layakanak.evaluation import access as evaluation_access
from layakanak.evaluation.models import Cycle, Submission
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region
from layakanak.verification.models import DECISION


def _not_found() -> Http404:
    return Http404("Tidak ditemukan / Not found")


def _central(user: Any) -> bool:
    return roles.is_central_verifier(user)


def can_work_on_stage(user: Any, submission: Submission, stage: str) -> bool:
    """Whether the user verifies at least some questions of this stage for this region."""
    if not user.is_authenticated:
        return False
    region = submission.region
    if stage == "VA":
        return roles.has_role(user, Role.VERIFIKATOR_PROVINSI, region=region)
    if stage == "PU":
        return _central(user) or bool(roles.kl_indicator_numbers(user))
    if stage == "VL":
        return _central(user) or submission.region_id in roles.field_team_region_ids(user)
    if stage == "VF":
        return _central(user)
    if stage == DECISION:
        return _central(user) or roles.is_central_admin(user)
    return False


def can_check_question(user: Any, submission: Submission, stage: str, code: str) -> bool:
    """A verifikator K/L checks only the questions of their indicators; others all of them."""
    if not can_work_on_stage(user, submission, stage):
        return False
    if stage == "PU" and not _central(user):
        instrument = instrument_of(submission.cycle.instrument)
        if not instrument.has_question(code):
            return False
        return instrument.indicator_of(code).number in roles.kl_indicator_numbers(user)
    return True


def can_approve(user: Any, submission: Submission, stage: str) -> bool:
    """Approving a stage closes it for everyone: a K/L verifier only checks their items."""
    if stage == "PU":
        return _central(user)
    return can_work_on_stage(user, submission, stage)


def can_reopen(user: Any) -> bool:
    """Reopening an approved stage is for a higher level: KemenPPPA."""
    return _central(user) or roles.is_central_admin(user)


def can_see_verification(user: Any, submission: Submission) -> bool:
    """Verifiers of any stage of this region, and the central admin (read-only)."""
    if not user.is_authenticated:
        return False
    if roles.is_central_admin(user):
        return True
    return any(can_work_on_stage(user, submission, s) for s in ("VA", "PU", "VL", "VF"))


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
    if not (can_work_on_stage(user, submission, stage) or can_reopen(user)):
        raise _not_found()
    return submission


def access_submission_for_field(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = access_submission_for_verification(user, cycle_slug, region_code)
    if not (can_work_on_stage(user, submission, "VL") or roles.is_central_admin(user)):
        raise _not_found()
    return submission


def access_submission_for_decision(user: Any, cycle_slug: str, region_code: str) -> Submission:
    submission = access_submission_for_verification(user, cycle_slug, region_code)
    if not can_work_on_stage(user, submission, DECISION):
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
    """Whether the user holds any verification role (for the queue)."""
    return bool(
        roles.roles_of(user)
        & {
            Role.VERIFIKATOR_PROVINSI,
            Role.VERIFIKATOR_PUSAT,
            Role.VERIFIKATOR_KL,
            Role.TIM_LAPANGAN,
            Role.TIM_INDEPENDEN,
            Role.ADMIN_PUSAT,
        }
    )
