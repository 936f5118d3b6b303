"""Verification of a region's submission after the self-assessment: per-stage checks of every
question, send-backs for revision, field visits and the predicate decision.

Stages follow the cycle (KLA.md section 4) as the stage table `evaluation.stages` lists them:
VA (verifikasi administrasi, province) → PU (peninjauan ulang, KemenPPPA with K/L verifiers) →
VL (verifikasi lapangan, field team) → VF (verifikasi final) → the decision (penetapan). Each
approved stage freezes its score in `evaluation.StageScore` under the stage code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layakanak.evaluation import stages
from layakanak.evaluation.models import Submission

# The stages and their order, names, windows and people are in `evaluation.stages`; these are
# the choices of the fields that store a stage code.
VERIFICATION_STAGE_CHOICES = stages.choices(stages.Kind.VERIFICATION)
REVIEW_STAGE_CHOICES = stages.choices(stages.Kind.VERIFICATION, stages.Kind.DECISION)


class ReviewState(models.TextChoices):
    IN_REVIEW = "in_review", _("In review")
    SENT_BACK = "sent_back", _("Sent back for revision")
    DECIDED = "decided", _("Decided")


class Review(models.Model):
    """Where a submission stands in verification. Stages before `stage` are approved and locked
    for their (lower-level) verifiers; a central verifier can reopen one with a reason."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="review")
    stage = models.CharField(
        max_length=10, choices=REVIEW_STAGE_CHOICES, default=stages.first_verification().code
    )
    state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.IN_REVIEW
    )
    reopened_reason = models.CharField(max_length=1000, blank=True)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.stage} {self.state}"


class CheckStatus(models.TextChoices):
    PENDING = "pending", _("Not yet checked")
    ACCEPTED = "accepted", _("Accepted")
    ADJUSTED = "adjusted", _("Adjusted")
    EVIDENCE_INSUFFICIENT = "evidence_insufficient", _("Evidence insufficient")


class QuestionCheck(models.Model):
    """A verifier's verdict on one question in one stage. `version` grows with every save so
    that two verifiers changing the same item at once get a conflict, not a silent overwrite."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="checks")
    stage = models.CharField(max_length=2, choices=VERIFICATION_STAGE_CHOICES)
    question_code = models.CharField(max_length=40)
    verified_points = models.DecimalField(max_digits=9, decimal_places=3)
    status = models.CharField(max_length=30, choices=CheckStatus.choices)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "stage", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "stage", "question_code"], name="question_check_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.stage}:{self.question_code}={self.verified_points}"


class RevisionRequest(models.Model):
    """A send-back: the operator may change exactly `questions` (answers and evidence) until
    `deadline`, then resubmits. `before`/`after` keep the answer and evidence snapshots so the
    verifier sees what changed."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="revision_requests"
    )
    stage = models.CharField(max_length=2, choices=VERIFICATION_STAGE_CHOICES)
    round = models.PositiveSmallIntegerField()
    questions = models.JSONField()  # list of question codes
    reason = models.TextField()
    deadline = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    before = models.JSONField(default=dict)  # code -> {"value", "version", "evidence": [sha256]}
    after = models.JSONField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["submission", "round"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "round"], name="revision_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: round {self.round} ({self.stage})"

    def changed_questions(self) -> list[str]:
        """Questions whose answer or evidence differs between the snapshots."""
        if not self.after:
            return []
        return [code for code in self.questions if self.before.get(code) != self.after.get(code)]


class VisitMode(models.TextChoices):
    HYBRID = "hybrid", _("Hybrid (VLH)")
    PHYSICAL = "physical", _("Physical visit")


class FieldVisit(models.Model):
    """The field verification of one region: schedule, team and Forum Anak session notes."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="field_visit"
    )
    visit_date = models.DateField()
    mode = models.CharField(max_length=10, choices=VisitMode.choices)
    # A hybrid visit (VLH) shows the sites on a video call, which may be on another day.
    video_call_date = models.DateField(null=True, blank=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    forum_anak_notes = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    # Grows with every save of the schedule or the notes: the field page's forms carry the
    # version they showed, so that two team members cannot overwrite each other unseen.
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.visit_date} {self.mode}"


class SiteKind(models.Model):
    """A kind of service site shown in a field verification, beyond or instead of the shipped
    defaults (`verification.site_kinds.DEFAULTS`: Puskesmas, school, PISA, Forum Anak…): a row
    adds a kind, or changes or retires (`active`) a default with the same code. Data, not code:
    the ministry edits them in the admin without a release."""

    code = models.SlugField(max_length=30, unique=True)
    name_id = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_id


class Locus(models.Model):
    """A service site shown (live or on site) during the field verification."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="loci")
    kind = models.CharField(max_length=30)  # a SiteKind code
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["visit", "id"]
        verbose_name_plural = "loci"

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


class Decision(models.Model):
    """The predicate given to a region. It may differ from the band the final score implies
    (as in 2022, KLA.md section 3); then `reason` is required."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="decision")
    final_total = models.DecimalField(max_digits=9, decimal_places=3)
    proposed_band = models.CharField(max_length=20)
    decided_band = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.decided_band}"


class UnselectedRoute(models.TextChoices):
    """What happens to a region not selected for the field verification. Not in the public
    record (KLA.md section 11), so a setting of the cycle."""

    DESK_SCORE = "desk_score", _("Decided from its desk score (after the central review)")
    NO_PREDICATE = "no_predicate", _("No predicate in this cycle")


class FieldSelection(models.Model):
    """The selection into the field verification of one cycle: the rule (a minimum score after
    the central review), where the regions not selected go, who set it and when; and, once
    announced, who announced it. The choice per region is a `FieldSelectionEntry`."""

    cycle = models.OneToOneField(
        "evaluation.Cycle", on_delete=models.CASCADE, related_name="field_selection"
    )
    min_score = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    unselected_route = models.CharField(
        max_length=20, choices=UnselectedRoute.choices, default=UnselectedRoute.DESK_SCORE
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    announced_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.cycle_id}: >= {self.min_score}"


class FieldSelectionEntry(models.Model):
    """One region's place in the announced selection: the score it was judged on, what the rule
    proposed, what was chosen, and why when the two differ."""

    selection = models.ForeignKey(FieldSelection, on_delete=models.CASCADE, related_name="entries")
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="field_selection"
    )
    score = models.DecimalField(max_digits=9, decimal_places=3)
    proposed = models.BooleanField()
    selected = models.BooleanField()
    reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.submission_id}: {'selected' if self.selected else 'not selected'}"
