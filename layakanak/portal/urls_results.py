"""Public results pages and open data (issue 7): /hasil/ and /data/."""

from django.urls import URLPattern, URLResolver

from layakanak.portal import opendata_views, results_views
from layakanak.portal.public import Route, Start, public_page

app_name = "public_results"

# The results page's filters (and htmx answers them with the table alone).
_RESULTS = Route(frozenset({"provinsi", "predikat", "q", "urut"}), htmx=True)

urlpatterns: list[URLPattern | URLResolver] = [
    public_page(
        "hasil/", results_views.results_index, name="index", cache=Route(), start=Start.PAGE
    ),
    public_page(
        "hasil/<slug:cycle>/",
        results_views.cycle_page,
        name="cycle",
        cache=_RESULTS,
        start=Start.CYCLE,
    ),
    public_page(
        "hasil/<slug:cycle>/v<int:version>/",
        results_views.version_page,
        name="version",
        cache=_RESULTS,
        export=True,
    ),
    public_page("data/", opendata_views.data_index, name="data", start=Start.PAGE),
    public_page(
        r"^data/(?P<cycle>[-a-zA-Z0-9_]+)/(?P<name>[-a-z0-9_.]+\.(?:csv|xlsx|json|zip))$",
        opendata_views.data_file,
        name="data-file",
        start=Start.FILES,
    ),
]
