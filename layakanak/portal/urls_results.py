"""Public results pages and open data (issue 7): /hasil/ and /data/."""

from django.urls import URLPattern, URLResolver, path, re_path

from layakanak.portal import opendata_views, results_views

app_name = "public_results"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hasil/", results_views.results_index, name="index"),
    path("hasil/<slug:cycle>/", results_views.cycle_page, name="cycle"),
    path("hasil/<slug:cycle>/v<int:version>/", results_views.version_page, name="version"),
    path("data/", opendata_views.data_index, name="data"),
    re_path(
        r"^data/(?P<cycle>[-a-zA-Z0-9_]+)/(?P<name>[-a-z0-9_.]+\.(?:csv|xlsx|json|zip))$",
        opendata_views.data_file,
        name="data-file",
    ),
]
