from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "layakanak.core"
    label = "core"
    verbose_name = "Layak Anak"
