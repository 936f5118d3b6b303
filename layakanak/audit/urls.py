from django.urls import path

from layakanak.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list_view, name="list"),
    path("unduh.csv", views.event_csv_view, name="csv"),
]
