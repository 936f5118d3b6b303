"""Excel round trip URLs, mounted by `evaluation/urls.py` under
`/evaluasi/<cycle_slug>/<region_code>/`."""

from __future__ import annotations

from django.urls import path

from layakanak.evaluation import views_workbook

urlpatterns = [
    path("lembar-kerja.xlsx", views_workbook.download, name="workbook-download"),
    path("lembar-kerja/unggah/", views_workbook.upload, name="workbook-upload"),
    path("lembar-kerja/terapkan/", views_workbook.apply, name="workbook-apply"),
]
