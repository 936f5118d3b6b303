from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "layakanak.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self) -> None:
        # A send-back reopens its questions for the region although the self-assessment is
        # submitted. Evaluation (a layer below) cannot read send-backs, so verification tells it
        # which questions are reopened (layakanak/evaluation/editability.py explains why).
        from layakanak.evaluation.editability import register_reopened_questions
        from layakanak.verification.queries import open_revision_questions

        register_reopened_questions(open_revision_questions)
