"""The self-assessment under /evaluasi/ (namespace `evaluation`): the operator workspace, with the
evidence and workbook URLs of `urls_evidence` and `urls_workbook`. The cycle set-up and the
cockpit under /kelola/siklus/ are `urls_cycle_admin`, included from the root URL module."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path

from layakanak.evaluation import urls_evidence, urls_workbook, views_workspace
from layakanak.lib.codes import CODE_URL_PATTERN

app_name = "evaluation"

_REGION = rf"(?P<cycle_slug>[-a-z0-9]+)/(?P<region_code>{CODE_URL_PATTERN})"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_workspace.my_evaluations, name="mine"),
    re_path(rf"^{_REGION}/$", views_workspace.workspace, name="workspace"),
    re_path(
        rf"^{_REGION}/indikator/(?P<number>[0-9A-Za-z.]+)/$",
        views_workspace.indicator,
        name="indicator",
    ),
    re_path(
        rf"^{_REGION}/jawaban/(?P<code>[0-9A-Za-z._-]+)/$",
        views_workspace.save_answer,
        name="save-answer",
    ),
    re_path(rf"^{_REGION}/kirim/$", views_workspace.submit, name="submit"),
    re_path(rf"^{_REGION}/rencana/$", views_workspace.plan_next, name="plan"),
    # Evidence upload and the Excel round trip live in their own modules.
    re_path(rf"^{_REGION}/", include(urls_evidence.urlpatterns)),
    re_path(rf"^{_REGION}/", include(urls_workbook.urlpatterns)),
    *urls_evidence.download_urlpatterns,
]
