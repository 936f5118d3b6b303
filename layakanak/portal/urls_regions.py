"""Public region pages under /wilayah/ (namespace "regions", as before they moved to the
portal)."""

from django.urls import URLPattern, URLResolver

from layakanak.lib.codes import CODE_URL_PATTERN
from layakanak.portal import views_regions
from layakanak.portal.public import Route, Start, public_page

app_name = "regions"

urlpatterns: list[URLPattern | URLResolver] = [
    public_page("", views_regions.index, name="index", export=True),
    public_page(
        rf"^(?P<code>{CODE_URL_PATTERN})/$",
        views_regions.detail,
        name="detail",
        cache=Route(),
        start=Start.REGIONS,
    ),
]
