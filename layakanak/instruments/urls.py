from django.urls import path

from layakanak.instruments import views

app_name = "instruments"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/unduh.yaml", views.download_yaml, name="download-yaml"),
    path("<slug:slug>/unduh.xlsx", views.download_xlsx, name="download-xlsx"),
]
