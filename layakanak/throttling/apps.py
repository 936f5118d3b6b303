from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "layakanak.throttling"
    label = "throttling"
    verbose_name = "Abuse limits"
