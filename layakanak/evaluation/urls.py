from __future__ import annotations

from django.urls import include, path, re_path

from layakanak.evaluation import views
from layakanak.lib.codes import CODE_URL_PATTERN

app_name = "evaluation"

_REGION = rf"(?P<cycle_slug>[-a-z0-9]+)/(?P<region_code>{CODE_URL_PATTERN})"

urlpatterns = [
    path("", views.my_evaluations, name="mine"),
    re_path(rf"^{_REGION}/$", views.workspace, name="workspace"),
    re_path(rf"^{_REGION}/indikator/(?P<number>[0-9A-Za-z.]+)/$", views.indicator, name="indicator"),
    re_path(rf"^{_REGION}/jawaban/(?P<code>[0-9A-Za-z._-]+)/$", views.save_answer, name="save-answer"),
    re_path(rf"^{_REGION}/kirim/$", views.submit, name="submit"),
    re_path(rf"^{_REGION}/rencana/$", views.plan_next, name="plan"),
]

try:  # evidence upload and the Excel round trip (their own modules)
    from layakanak.evaluation import evidence_urls

    urlpatterns.append(re_path(rf"^{_REGION}/", include(evidence_urls.urlpatterns)))
    urlpatterns += evidence_urls.download_urlpatterns
except ImportError:  # pragma: no cover
    pass
try:
    from layakanak.evaluation import workbook_urls

    urlpatterns.append(re_path(rf"^{_REGION}/", include(workbook_urls.urlpatterns)))
except ImportError:  # pragma: no cover
    pass
