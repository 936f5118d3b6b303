"""Forms of the staff results pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    """The decree of a publication. A correction (a new version) needs a reason; the second
    step (`confirmed`) is the admin's explicit confirmation, since publishing is public and
    cannot be undone."""

    decree_number = forms.CharField(
        label=_("Decree number"),
        max_length=200,
        help_text=_("The number of the Minister's decree, e.g. 85 Tahun 2025."),
    )
    decree_date = forms.DateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the cycle is already published: it is shown with the new version."
        ),
    )

    def __init__(self, *args: Any, correction: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correction = correction
        if correction:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def clean_decree_number(self) -> str:
        return str(self.cleaned_data["decree_number"]).strip()

    def clean_reason(self) -> str:
        return str(self.cleaned_data.get("reason", "")).strip()


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the reissue"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the printed copy was damaged, or a name was misprinted."),
    )
