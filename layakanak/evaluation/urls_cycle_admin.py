"""Setting up cycles (windows, participants, extensions; `views_cycle_admin`) and the ministry
cockpit (`views_cockpit`), for the central admin under /kelola/siklus/. Included from the root
URL module without a namespace: the URL names (`cycle-admin-list`, `cockpit` …) are global."""

from __future__ import annotations

from django.urls import path

from layakanak.evaluation import views_cockpit, views_cycle_admin

urlpatterns = [
    path("", views_cycle_admin.cycle_list, name="cycle-admin-list"),
    path(
        "<slug:cycle_slug>/pengaturan/",
        views_cycle_admin.cycle_settings,
        name="cycle-admin-settings",
    ),
    path(
        "<slug:cycle_slug>/pengaturan/jadwal/",
        views_cycle_admin.cycle_windows,
        name="cycle-admin-windows",
    ),
    path(
        "<slug:cycle_slug>/pengaturan/peserta/",
        views_cycle_admin.cycle_participants,
        name="cycle-admin-participants",
    ),
    path(
        "<slug:cycle_slug>/peserta/<str:region_code>/hapus/",
        views_cycle_admin.participant_remove,
        name="cycle-admin-remove",
    ),
    path(
        "<slug:cycle_slug>/perpanjangan/<str:region_code>/",
        views_cycle_admin.extension,
        name="cycle-admin-extension",
    ),
    path("<slug:cycle_slug>/", views_cockpit.cockpit, name="cockpit"),
    path("<slug:cycle_slug>/status.xlsx", views_cockpit.cockpit_export, name="cockpit-export"),
]
