from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "layakanak.core"
    label = "core"
    verbose_name = "Layak Anak"

    def ready(self) -> None:
        from layakanak.core import checks  # noqa: F401  (registers the deploy checks)
