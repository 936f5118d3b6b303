"""Forms of the public pages and the staff pages of the child-services module."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from layakanak.lib import limits
from layakanak.regions.models import Region, RegionLevel
from layakanak.services import photos, throttle
from layakanak.services.actions import registries
from layakanak.services.models import (
    ChildForum,
    CounsellingService,
    ForumActivity,
    Playground,
    ReporterKind,
    ReportStatus,
    ServiceContact,
)
from layakanak.services.queries import regencies
from layakanak.services.rbra import REQUIREMENTS


def regency_choices() -> list[tuple[str, Any]]:
    """Kab/kota grouped by province, for a plain <select> that works without JavaScript."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in regencies().order_by("code"):
        province = region.parent.name if region.parent else ""
        groups.setdefault(province, []).append((region.code, region.name))
    return [("", _("Choose a city or regency")), *groups.items()]


class SpamGuardForm(forms.Form):
    """A honeypot field that people never see, and the signed time the form was opened."""

    website = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["started"] = throttle.started_token()

    def looks_like_spam(self) -> bool:
        return not throttle.filled_by_a_person(
            str(self.data.get("started", "")), str(self.data.get("website", ""))
        )


class ReportForm(SpamGuardForm):
    region = forms.ChoiceField(
        label=_("Where did it happen, or where do you live?"),
        help_text=_("Your report goes to the child-protection service (UPTD PPA) of this place."),
    )
    reporter_kind = forms.ChoiceField(
        label=_("Who are you?"), choices=ReporterKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What happened? (optional)"),
        help_text=_("Write as much or as little as you like. You do not have to write names."),
        required=False,
        max_length=limits.REPORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        help_text=_(
            "A phone number, WhatsApp or e-mail. Leave it empty to stay anonymous; "
            "then nobody can call you back, but you can follow your report with its code."
        ),
        required=False,
        max_length=limits.CONTACT,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the child-protection officers of this place read my report and "
            "contact me if I gave a contact, to help."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = regency_choices()
        self.order_fields(["region", "reporter_kind", "text", "contact", "consent", "website"])

    def clean_region(self) -> Region:
        region = regencies().filter(code=self.cleaned_data["region"]).first()
        if region is None:
            raise forms.ValidationError(_("Choose a city or regency from the list."))
        return region


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Your tracking code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class VersionField(forms.IntegerField):
    """The version of the row the form showed (hidden): the action refuses a save from a stale
    form. A form sent without it counts as having shown no row (0)."""

    def __init__(self) -> None:
        super().__init__(min_value=0, max_value=2**31 - 1, required=False, widget=forms.HiddenInput)

    def clean(self, value: Any) -> int:
        return super().clean(value) or 0


class CarriesVersion(forms.BaseForm):
    """A form with a `version` field (VersionField)."""

    def show_version(self, version: int) -> None:
        """Carry `version` from now on (after a save refused as stale, so that saving again,
        having been told, replaces the other change); what was typed stays as it is."""
        data = cast(QueryDict, self.data).copy()  # bound to request.POST
        data["version"] = str(version)
        self.data = data


class StatusChangeForm(CarriesVersion, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReportStatus.choices)
    note = forms.CharField(
        label=_("Note (only officers of this region see it)"),
        required=False,
        max_length=limits.CASE_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


class AppointmentForm(SpamGuardForm):
    contact = forms.CharField(
        label=_("How can the service reach you?"),
        help_text=_("A phone number, WhatsApp or e-mail."),
        max_length=limits.CONTACT,
    )
    preferred_time = forms.CharField(
        label=_("When would suit you? (optional)"),
        required=False,
        max_length=limits.PREFERRED_TIME,
    )
    message = forms.CharField(
        label=_("What would you like to talk about? (optional)"),
        required=False,
        max_length=limits.APPOINTMENT_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree that this service reads my request and contacts me.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["contact", "preferred_time", "message", "consent", "website"])


class RegistryForm(CarriesVersion, forms.ModelForm):  # type: ignore[type-arg]
    """A registry row's form: it carries the version of the row it showed (0 for a new one)."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0


class ContactForm(RegistryForm):
    class Meta:
        model = ServiceContact
        fields = list(registries.CONTACT_FIELDS)


class CounsellingServiceForm(RegistryForm):
    class Meta:
        model = CounsellingService
        fields = list(registries.SERVICE_FIELDS)


class _InRegencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class ChildForumForm(RegistryForm):
    region = _InRegencyChoice(queryset=Region.objects.none(), label=_("Level and place"))

    class Meta:
        model = ChildForum
        fields = list(registries.FORUM_FIELDS)
        help_texts = {"boys_6_12": _("Counts only: never write a child's name.")}

    def __init__(self, *args: Any, regency: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.filter(
            code__startswith=regency.code, retired_on__isnull=True
        ).order_by("code")


class ForumActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ForumActivity
        fields = list(registries.ACTIVITY_FIELDS)
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "outcome": forms.Textarea(attrs={"rows": 3, "maxlength": limits.OUTCOME}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.CharField)
        outcome.max_length = limits.OUTCOME
        outcome.validators.append(MaxLengthValidator(limits.OUTCOME))


class PlaygroundForm(RegistryForm):
    district = _InRegencyChoice(queryset=Region.objects.none(), label=_("Kecamatan"))
    requirements_met = forms.TypedMultipleChoiceField(
        label=_("RBRA requirements met"),
        choices=REQUIREMENTS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Playground
        fields = list(registries.PLAYGROUND_FIELDS)
        widgets = {"certified_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, regency: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.filter(
            parent=regency, level=RegionLevel.DISTRICT, retired_on__isnull=True
        ).order_by("code")


class PlaygroundPhotoForm(forms.Form):
    """A photo of a playground. The confirmation is required: without it nothing is stored."""

    photo = forms.FileField(
        label=_("Photo (JPEG or PNG)"),
        help_text=_(
            "At most 8 MB. Location and camera data (EXIF, GPS) are removed when it is stored."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(
        label=_("What does the photo show? (optional)"),
        help_text=_(
            "For example: “Slide and swings, seen from the gate”. Read out to blind users."
        ),
        required=False,
        max_length=limits.CAPTION,
    )
    no_identifiable_child = forms.BooleanField(
        label=photos.NO_CHILD_CONFIRMATION,
        error_messages={"required": photos.NO_CHILD_REFUSAL},
    )
