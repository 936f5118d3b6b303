from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration commands (`layakanak demo`, `demo_accounts`, …); no models."""

    name = "layakanak.demo"
    label = "demo"
    verbose_name = "Layak Anak demo"
