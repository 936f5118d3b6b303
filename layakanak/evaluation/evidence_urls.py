"""Evidence URLs.

`urlpatterns` is mounted by `evaluation/urls.py` under `/evaluasi/<cycle_slug>/<region_code>/`.
`download_urlpatterns` holds the one URL without a region, `/evaluasi/berkas/<uuid>/`; mount it
directly under `/evaluasi/` (inside the `evaluation` namespace).
"""

from __future__ import annotations

from django.urls import path

from layakanak.evaluation import evidence_views

urlpatterns = [
    path("berkas/unggah/", evidence_views.start, name="evidence-start"),
    path("berkas/unggah/<uuid:upload_id>/", evidence_views.chunk, name="evidence-chunk"),
    path("berkas/unggah/<uuid:upload_id>/status/", evidence_views.status, name="evidence-status"),
    path("berkas/unggah/<uuid:upload_id>/selesai/", evidence_views.finish, name="evidence-finish"),
    path("berkas/lampirkan/", evidence_views.attach_previous, name="evidence-attach-previous"),
    path("berkas/<uuid:evidence_id>/hapus/", evidence_views.remove, name="evidence-remove"),
]

download_urlpatterns = [
    path("berkas/<uuid:evidence_id>/", evidence_views.download, name="evidence-download"),
]
