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

        # The header's "Verification queue" link goes to whoever may open the queue; accounts
        # (a layer below) asks this check (layakanak/accounts/navigation.py).
        from layakanak.accounts.navigation import register_page_check
        from layakanak.verification.access import is_verifier

        register_page_check("verification:queue", is_verifier)
