"""Forms of login, two-factor, password links and account management."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from layakanak.accounts.models import Role, User
from layakanak.accounts.roles import (
    ROLE_SCOPES,
    AssignmentSpec,
    Scope,
    assignment_errors,
    split_list,
)
from layakanak.lib import limits
from layakanak.regions.models import Region

MAX_CSV_BYTES = 1024 * 1024


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "maxlength": "6",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class RoleFieldsForm(forms.Form):
    """A role and its scope, checked by the same rules as the CSV import and the actions."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region_codes = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=500,
        help_text=_(
            "Kemendagri code, e.g. 64 for a province or 64.71 for a regency/city; for field and "
            "independent teams several codes separated by semicolons."
        ),
    )
    opd_name = forms.CharField(
        label=_("Office (OPD) or ministry"),
        required=False,
        max_length=limits.NAME,
        help_text=_("For OPD contributors their office; for ministry verifiers their ministry."),
    )
    indicator_numbers = forms.CharField(
        label=_("Indicator numbers"),
        required=False,
        max_length=300,
        help_text=_("For ministry verifiers, separated by semicolons, e.g. 12;13;14."),
    )

    spec: AssignmentSpec

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if not role:
            return cleaned
        codes = split_list(cleaned.get("region_codes", ""))
        regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in regions]
        if unknown:
            self.add_error(
                "region_codes",
                _("Unknown region code: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
            return cleaned
        team = ROLE_SCOPES[role] is Scope.ASSIGNED_REGIONS
        if not team and len(codes) > 1:
            self.add_error("region_codes", _("This role takes one region code."))
            return cleaned
        found = tuple(regions[code] for code in codes)
        self.spec = AssignmentSpec(
            role=role,
            region=None if team or not found else found[0],
            assigned_regions=found if team else (),
            indicator_numbers=split_list(cleaned.get("indicator_numbers", "")),
            opd_name=cleaned.get("opd_name", "").strip(),
        )
        for error in assignment_errors(self.spec):
            self.add_error(None, error)
        return cleaned


class CreateUserForm(RoleFieldsForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=limits.EMAIL)
    full_name = forms.CharField(label=_("Full name"), max_length=limits.FULL_NAME)
    field_order = ["email", "full_name", "role", "region_codes", "opd_name", "indicator_numbers"]

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma-separated, with the header row described below (at most 1 MB)."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run); create nothing"), required=False, initial=True
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”.")
            ) from None


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    region = forms.CharField(label=_("Region code"), required=False, max_length=20)
