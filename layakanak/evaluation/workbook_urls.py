"""Excel round trip URLs, mounted by `evaluation/urls.py` under
`/evaluasi/<cycle_slug>/<region_code>/`."""

from __future__ import annotations

from django.urls import path

from layakanak.evaluation import workbook_views

urlpatterns = [
    path("lembar-kerja.xlsx", workbook_views.download, name="workbook-download"),
    path("lembar-kerja/unggah/", workbook_views.upload, name="workbook-upload"),
    path("lembar-kerja/terapkan/", workbook_views.apply, name="workbook-apply"),
]
