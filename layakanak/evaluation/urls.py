from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from layakanak.evaluation import evidence_urls, views, workbook_urls
from layakanak.lib.codes import CODE_URL_PATTERN

app_name = "evaluation"

_REGION = rf"(?P<cycle_slug>[-a-z0-9]+)/(?P<region_code>{CODE_URL_PATTERN})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.my_evaluations, name="mine"),
    re_path(rf"^{_REGION}/$", views.workspace, name="workspace"),
    re_path(
        rf"^{_REGION}/indikator/(?P<number>[0-9A-Za-z.]+)/$", views.indicator, name="indicator"
    ),
    re_path(
        rf"^{_REGION}/jawaban/(?P<code>[0-9A-Za-z._-]+)/$", views.save_answer, name="save-answer"
    ),
    re_path(rf"^{_REGION}/kirim/$", views.submit, name="submit"),
    re_path(rf"^{_REGION}/rencana/$", views.plan_next, name="plan"),
    # Evidence upload and the Excel round trip live in their own modules.
    re_path(rf"^{_REGION}/", include(evidence_urls.urlpatterns)),
    re_path(rf"^{_REGION}/", include(workbook_urls.urlpatterns)),
    *evidence_urls.download_urlpatterns,
]
