from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "layakanak.services"
    label = "services"
    verbose_name = _("Child services")
