from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "layakanak.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from layakanak.portal import page_cache

        page_cache.connect_signals()
