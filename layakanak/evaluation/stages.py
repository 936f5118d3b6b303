"""The one table of stages: every stage of an evaluation cycle, what it is called, who works on
it, in which window it runs and what leaving it requires.

Everything else reads this module: the windows' choices (`Stage`), the verification's model
choices, the order and the next stage, the names in refusals, the URL converters of the
verification, its access rules (`verification.access`) and actions (`verification.actions`), the
templates' stage lists, the report stages and the stage scores a publication keeps. Adding a
stage is adding a row (docs/adding-a-stage.md); no other module compares with a stage code.

It lives in `evaluation`, not in `verification`, because `evaluation.models.StageWindow` and
`Extension` need the windows, and evaluation sits below verification in the layers
(lib/scoring/audit → regions/instruments → accounts → evaluation → verification/services →
results → portal/api): verification may read evaluation, never the other way round.

Two tables:

- `Stage`, the **windows**: every period of a cycle that has its own dates per cycle
  (`StageWindow`) and per-region extensions (`Extension`). Its values are stored, so its choices
  are part of the migrations: adding a window is a new member and a choices-only migration.
  The windows' order is the order of the evaluation (Permen PPPA 12/2022), which
  `cycle_rules.check_stage_order` keeps.
- `STAGES`, the **stages**: the self-assessment (EM), the verification stages (VA, PU, VL, VF)
  and the decision. Each runs in one window; several stages may share one (a province's own
  field review could run in the province's window).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from layakanak.accounts.models import Role


class Stage(models.TextChoices):
    """The windows of a cycle, in the order of the evaluation (KLA.md section 4)."""

    EVALUASI_MANDIRI = "evaluasi_mandiri", _("Self-assessment (evaluasi mandiri)")
    VERIFIKASI_ADMINISTRASI = "verifikasi_administrasi", _("Administrative verification")
    PENINJAUAN_ULANG = "peninjauan_ulang", _("Central review")
    VERIFIKASI_LAPANGAN = "verifikasi_lapangan", _("Field verification")
    VERIFIKASI_FINAL = "verifikasi_final", _("Final verification")
    PENETAPAN = "penetapan", _("Decision")
    PUBLIKASI = "publikasi", _("Publication")  # a window only: no stage works in it


class Kind(StrEnum):
    """What a stage does with a submission."""

    SELF_ASSESSMENT = "self_assessment"  # the region answers; its score freezes on submission
    VERIFICATION = "verification"  # verifiers check each question; the score freezes on approval
    DECISION = "decision"  # the predicate is given from the final score


class Reach(StrEnum):
    """How far a role's assignment reaches into a stage (the scopes of `accounts.roles`)."""

    CENTRAL = "central"  # every region: KemenPPPA
    PROVINCE = "province"  # the kab/kota of the province the verifier is assigned to
    INDICATORS = "indicators"  # every region, only the questions of the verifier's indicators
    ASSIGNED = "assigned"  # the kab/kota assigned to the team


class Requirement(StrEnum):
    """What must hold before a stage can be worked on (`entering`) or left (`leaving`);
    `verification.actions._common` checks each."""

    EVERY_ANSWER_CHECKED = "every_answer_checked"  # every answered question has a verdict
    FIELD_VISIT_SCHEDULED = "field_visit_scheduled"  # the field visit has a date
    FINAL_SCORE = "final_score"  # the final verification stage has frozen its score
    # When the cycle has a selection rule: the selection is announced and the region is in it.
    SELECTED_FOR_FIELD = "selected_for_field"


class Sight(StrEnum):
    """When a role that works on a stage may see a region's submission at all (its answers,
    evidence and verification pages). Verifiers never need more than their work: a verifier
    K/L sees a region only during the central review, never a draft (issue 18)."""

    ALWAYS = "always"  # KemenPPPA; the province, which accompanies its regions from the start
    FROM_STAGE = "from_stage"  # once the stage has been reached (the field team, from VL on)
    DURING_STAGE = "during_stage"  # only while the stage is under way (verifikator K/L at PU)


@dataclass(frozen=True)
class RoleRule:
    """A role that works on a stage, how far its assignment reaches, and when it sees a region."""

    role: str  # a `layakanak.accounts.models.Role` value
    reach: Reach
    sight: Sight = Sight.ALWAYS


@dataclass(frozen=True)
class StageRow:
    """One stage. `code` is what is stored (`StageScore.stage`, `Review.stage`,
    `QuestionCheck.stage`) and appears in addresses (`/tahap/VA/`); `name` is the window's label
    unless the row gives its own `label` (several stages in one window); `name_id`/`name_en`
    are the lower-case forms used inside running text (the hand-written refusal messages)."""

    code: str
    window: Stage
    name_id: str
    name_en: str
    order: int  # stages run in this order; leave gaps so that a stage can go between two
    kind: Kind
    workers: tuple[RoleRule, ...] = ()  # the self-assessment's people are evaluation.access's
    leaving: tuple[Requirement, ...] = ()
    entering: tuple[Requirement, ...] = ()  # what working on the stage at all requires
    optional: bool = False  # whether a region may skip it (none may today)
    label: str | Promise | None = None

    @property
    def name(self) -> str | Promise:
        return self.label if self.label is not None else self.window.label

    @property
    def checks(self) -> bool:
        """A verification stage: per-question checks, send-backs, approval, a frozen score."""
        return self.kind is Kind.VERIFICATION

    @property
    def scored(self) -> bool:
        """The stage freezes a `StageScore` under its code (reports, publications)."""
        return self.kind in (Kind.SELF_ASSESSMENT, Kind.VERIFICATION)

    @property
    def reviewed(self) -> bool:
        """A value of `Review.stage`: where a submitted region waits in verification."""
        return self.kind in (Kind.VERIFICATION, Kind.DECISION)


_CENTRAL_VERIFIER = RoleRule(Role.VERIFIKATOR_PUSAT, Reach.CENTRAL)

# Who works on which stage: KLA.md section 5.
STAGES: tuple[StageRow, ...] = (
    StageRow(
        "EM",
        Stage.EVALUASI_MANDIRI,
        "evaluasi mandiri",
        "self-assessment",
        order=10,
        kind=Kind.SELF_ASSESSMENT,
    ),
    StageRow(
        "VA",
        Stage.VERIFIKASI_ADMINISTRASI,
        "verifikasi administrasi",
        "administrative verification",
        order=20,
        kind=Kind.VERIFICATION,
        workers=(RoleRule(Role.VERIFIKATOR_PROVINSI, Reach.PROVINCE),),
        leaving=(Requirement.EVERY_ANSWER_CHECKED,),
    ),
    StageRow(
        "PU",
        Stage.PENINJAUAN_ULANG,
        "peninjauan ulang",
        "central review",
        order=30,
        kind=Kind.VERIFICATION,
        workers=(
            _CENTRAL_VERIFIER,
            RoleRule(Role.VERIFIKATOR_KL, Reach.INDICATORS, Sight.DURING_STAGE),
        ),
        leaving=(Requirement.EVERY_ANSWER_CHECKED,),
    ),
    StageRow(
        "VL",
        Stage.VERIFIKASI_LAPANGAN,
        "verifikasi lapangan",
        "field verification",
        order=40,
        kind=Kind.VERIFICATION,
        workers=(
            _CENTRAL_VERIFIER,
            RoleRule(Role.TIM_LAPANGAN, Reach.ASSIGNED, Sight.FROM_STAGE),
            RoleRule(Role.TIM_INDEPENDEN, Reach.ASSIGNED, Sight.FROM_STAGE),
        ),
        leaving=(Requirement.FIELD_VISIT_SCHEDULED,),
        # Only the regions selected after the desk stages get a field verification (KLA.md
        # section 11), when the cycle has a selection rule (`verification.FieldSelection`).
        entering=(Requirement.SELECTED_FOR_FIELD,),
    ),
    StageRow(
        "VF",
        Stage.VERIFIKASI_FINAL,
        "verifikasi final",
        "final verification",
        order=50,
        kind=Kind.VERIFICATION,
        workers=(_CENTRAL_VERIFIER,),
    ),
    StageRow(
        "decision",
        Stage.PENETAPAN,
        "penetapan",
        "decision",
        order=60,
        kind=Kind.DECISION,
        workers=(_CENTRAL_VERIFIER, RoleRule(Role.ADMIN_PUSAT, Reach.CENTRAL)),
        leaving=(Requirement.FINAL_SCORE,),
    ),
)


def _checked(rows: tuple[StageRow, ...]) -> tuple[StageRow, ...]:
    """The rows in their order, after the checks that keep the table usable."""
    ordered = tuple(sorted(rows, key=lambda row: row.order))
    codes = [row.code for row in ordered]
    problems = []
    if len(set(codes)) != len(codes):
        problems.append("stage codes repeat")
    if len({row.order for row in ordered}) != len(ordered):
        problems.append("two stages have the same order")
    kinds = [row.kind for row in ordered]
    if kinds.count(Kind.SELF_ASSESSMENT) != 1 or kinds[0] is not Kind.SELF_ASSESSMENT:
        problems.append("exactly one self-assessment, first")
    if kinds.count(Kind.DECISION) != 1 or kinds[-1] is not Kind.DECISION:
        problems.append("exactly one decision, last")
    if Kind.VERIFICATION not in kinds:
        problems.append("at least one verification stage")
    field_stages = [r for r in ordered if Requirement.FIELD_VISIT_SCHEDULED in r.leaving]
    if len(field_stages) > 1:
        problems.append("at most one stage requires the field visit")
    if problems:
        raise ValueError(f"stage table: {'; '.join(problems)}")
    return ordered


_rows: tuple[StageRow, ...] = _checked(STAGES)


@contextmanager
def extended(*rows: StageRow) -> Iterator[None]:
    """The table with `rows` added until the block ends. For tests that prove a new stage works
    end to end with the same actions and addresses; a real stage is a row of `STAGES`."""
    global _rows
    saved = _rows
    _rows = _checked(saved + rows)
    try:
        yield
    finally:
        _rows = saved


def all_stages() -> tuple[StageRow, ...]:
    return _rows


def find(code: str) -> StageRow | None:
    return next((row for row in _rows if row.code == code), None)


def get(code: str) -> StageRow:
    row = find(code)
    if row is None:
        raise KeyError(code)
    return row


def verification_stages() -> tuple[StageRow, ...]:
    """The stages with per-question checks (VA, PU, VL, VF), in order."""
    return tuple(row for row in _rows if row.checks)


def reviewed_stages() -> tuple[StageRow, ...]:
    """The values `Review.stage` takes: the verification stages and the decision."""
    return tuple(row for row in _rows if row.reviewed)


def scored_stages() -> tuple[StageRow, ...]:
    """The stages that freeze a score (EM and the verification stages): reports, publications."""
    return tuple(row for row in _rows if row.scored)


def _one(kind: Kind) -> StageRow:
    return next(row for row in _rows if row.kind is kind)


def self_assessment() -> StageRow:
    return _one(Kind.SELF_ASSESSMENT)


def decision() -> StageRow:
    return _one(Kind.DECISION)


def first_verification() -> StageRow:
    """Where verification starts (its review is created by the first write there)."""
    return verification_stages()[0]


def final_verification() -> StageRow:
    """The last verification stage: its score is the final score the decision starts from."""
    return verification_stages()[-1]


def field_stage() -> StageRow | None:
    """The stage in which the field visit is scheduled and its sites and notes are kept."""
    return next((r for r in _rows if Requirement.FIELD_VISIT_SCHEDULED in r.leaving), None)


def next_stage(code: str) -> StageRow | None:
    """The reviewed stage after `code` (the decision after the last verification stage)."""
    reviewed = reviewed_stages()
    codes = [row.code for row in reviewed]
    index = codes.index(code)
    return reviewed[index + 1] if index + 1 < len(reviewed) else None


def previous_verification(code: str) -> StageRow | None:
    """The verification stage before `code`, whose frozen points `code` starts from."""
    codes = [row.code for row in verification_stages()]
    index = codes.index(code)
    return verification_stages()[index - 1] if index else None


def is_before(code: str, other: str) -> bool:
    """Whether the stage `code` comes before the stage `other`."""
    return get(code).order < get(other).order


def name_id(code: str) -> str:
    """The stage's name in Indonesian running text; the code itself for an unknown stage."""
    row = find(code)
    return row.name_id if row else code


def name_en(code: str) -> str:
    row = find(code)
    return row.name_en if row else code


def choices(kind: Kind, *more: Kind) -> list[tuple[str, str | Promise]]:
    """(code, name) of the stages of these kinds, for a model field's or a form's choices."""
    wanted = {kind, *more}
    return [(row.code, row.name) for row in _rows if row.kind in wanted]


def verifier_roles() -> frozenset[str]:
    """Every role that works on a stage of the verification (the queue's audience)."""
    return frozenset(rule.role for row in reviewed_stages() for rule in row.workers)
