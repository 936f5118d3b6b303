"""Evidence URLs.

`urlpatterns` is mounted by `evaluation/urls.py` under `/evaluasi/<cycle_slug>/<region_code>/`.
`download_urlpatterns` holds the one URL without a region, `/evaluasi/berkas/<uuid>/`; mount it
directly under `/evaluasi/` (inside the `evaluation` namespace).
"""

from __future__ import annotations

from django.urls import path

from layakanak.evaluation import views_evidence

urlpatterns = [
    path("berkas/unggah/", views_evidence.start, name="evidence-start"),
    path("berkas/unggah/<uuid:upload_id>/", views_evidence.chunk, name="evidence-chunk"),
    path("berkas/unggah/<uuid:upload_id>/status/", views_evidence.status, name="evidence-status"),
    path("berkas/unggah/<uuid:upload_id>/selesai/", views_evidence.finish, name="evidence-finish"),
    path("berkas/lampirkan/", views_evidence.attach_previous, name="evidence-attach-previous"),
    path("berkas/<uuid:evidence_id>/hapus/", views_evidence.remove, name="evidence-remove"),
]

download_urlpatterns = [
    path("berkas/<uuid:evidence_id>/", views_evidence.download, name="evidence-download"),
]
