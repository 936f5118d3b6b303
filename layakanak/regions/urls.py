from django.urls import path, re_path

from layakanak.lib.codes import CODE_URL_PATTERN
from layakanak.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^(?P<code>{CODE_URL_PATTERN})/$", views.detail, name="detail"),
]
