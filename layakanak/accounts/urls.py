from django.urls import path

from layakanak.accounts import views_account, views_auth, views_manage

app_name = "accounts"

urlpatterns = [
    path("masuk/", views_auth.login_view, name="login"),
    path("masuk/verifikasi/", views_auth.verify_view, name="verify"),
    path("masuk/lupa-sandi/", views_auth.password_reset_request_view, name="password-reset"),
    path(
        "masuk/sandi/<str:uidb64>/<str:token>/",
        views_auth.set_password_view,
        name="set-password",
    ),
    path("keluar/", views_auth.logout_view, name="logout"),
    path("akun/", views_account.account_view, name="account"),
    path("akun/2fa/", views_account.enrol_view, name="enrol"),
    path("akun/keluar-semua/", views_account.logout_everywhere_view, name="logout-everywhere"),
    path("kelola/akun/", views_manage.account_list_view, name="manage-list"),
    path("kelola/akun/baru/", views_manage.account_create_view, name="manage-create"),
    path("kelola/akun/impor/", views_manage.bulk_create_view, name="manage-bulk"),
    path("kelola/akun/<int:user_id>/", views_manage.account_detail_view, name="manage-detail"),
    path(
        "kelola/akun/<int:user_id>/peran/",
        views_manage.assign_role_view,
        name="manage-assign-role",
    ),
    path(
        "kelola/akun/<int:user_id>/peran/<int:assignment_id>/cabut/",
        views_manage.revoke_role_view,
        name="manage-revoke-role",
    ),
    path(
        "kelola/akun/<int:user_id>/nonaktifkan/",
        views_manage.deactivate_view,
        name="manage-deactivate",
    ),
    path(
        "kelola/akun/<int:user_id>/kirim-tautan/",
        views_manage.send_password_link_view,
        name="manage-send-link",
    ),
    path(
        "kelola/akun/<int:user_id>/reset-2fa/",
        views_manage.reset_two_factor_view,
        name="manage-reset-two-factor",
    ),
]
