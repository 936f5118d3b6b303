from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "layakanak.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # Login successes and failures reach the audit trail through Django's auth signals.
        from layakanak.accounts import signals  # noqa: F401
