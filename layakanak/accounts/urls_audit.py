"""The audit page under /kelola/audit/ (namespace "audit", as before it moved to accounts)."""

from django.urls import URLPattern, URLResolver, path

from layakanak.accounts import views_audit

app_name = "audit"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_audit.event_list_view, name="list"),
    path("unduh.csv", views_audit.event_csv_view, name="csv"),
]
