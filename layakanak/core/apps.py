from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "layakanak.core"
    label = "core"
    verbose_name = "Layak Anak"

    def ready(self) -> None:
        from django.utils import translation

        from layakanak.core import checks  # noqa: F401  (registers the deploy checks)
        from layakanak.lib import refusals

        # Refusals (`lib.refusals`) are shown in the language active then, from the catalogue:
        # with Django's gettext, also the messages of the framework-free helpers in `lib`.
        refusals.use_translation(translation.gettext, translation.override)
