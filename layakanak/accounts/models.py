"""People, their roles and the scope of each role (regions, indicators, an OPD).

A person logs in with their e-mail address and may hold several role assignments, for example
operator of one kab/kota and kontributor of another. What a role may see or change is decided
only in `layakanak.accounts.access`.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from layakanak.regions.models import Region


def new_session_salt() -> str:
    return secrets.token_hex(16)


class AccountManager(UserManager["User"]):
    """Users are identified by e-mail; there is no separate username."""

    # Migrations keep no reference to application code.
    use_in_migrations = False

    def _create_user_object(self, email: str, password: str | None, **extra_fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        return user

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # Part of the session hash: rotating it (`new_session_salt`) ends every session of the user
    # ("log out everywhere", deactivation, a new password). Empty until the first rotation.
    session_salt = models.CharField(max_length=32, blank=True, default="", editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects: ClassVar[AccountManager] = AccountManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _session_hash(self, secret: str | bytes | None) -> str:
        return salted_hmac(
            "layakanak.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self) -> Any:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback_secret)


class Role(models.TextChoices):
    ADMIN_PUSAT = "admin_pusat", _("Central administrator (admin pusat)")
    VERIFIKATOR_PUSAT = "verifikator_pusat", _("Central verifier (verifikator pusat)")
    VERIFIKATOR_KL = "verifikator_kl", _("Ministry verifier (verifikator K/L)")
    VERIFIKATOR_PROVINSI = "verifikator_provinsi", _("Provincial verifier (verifikator provinsi)")
    TIM_LAPANGAN = "tim_lapangan", _("Field team (tim lapangan)")
    TIM_INDEPENDEN = "tim_independen", _("Independent team (tim independen)")
    OPERATOR_DAERAH = "operator_daerah", _("Regional operator (operator daerah)")
    KONTRIBUTOR_OPD = "kontributor_opd", _("OPD contributor (kontributor OPD)")
    PETUGAS_LAYANAN = "petugas_layanan", _("Child services officer (petugas layanan)")


class RoleAssignment(models.Model):
    """One role held by one person, with its scope.

    - `region`: the province of a verifikator provinsi; the kab/kota of an operator daerah,
      kontributor OPD or petugas layanan; empty for national roles.
    - `assigned_regions`: the kab/kota a tim lapangan / tim independen visits.
    - `indicator_numbers`: the indicators a verifikator K/L verifies (e.g. ["12", "13"]).
    - `opd_name`: the office of a kontributor OPD, or the ministry of a verifikator K/L.
    - `cycle_slug`: the evaluation cycle the assignment is limited to; empty for every cycle.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator_numbers = models.JSONField(_("indicator numbers"), default=list, blank=True)
    opd_name = models.CharField(_("office (OPD) or ministry"), max_length=200, blank=True)
    assigned_regions = models.ManyToManyField(
        Region, verbose_name=_("assigned regions"), blank=True, related_name="+"
    )
    cycle_slug = models.SlugField(_("cycle"), max_length=60, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "role", "id"]
        indexes = [models.Index(fields=["role", "active"], name="role_assignment_role_active")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"
