"""Forms of the cycle set-up pages (views_cycle_admin.py): a new cycle, its stage windows, its
participants and a region's extension. Dates and times are entered in a named Indonesian time
zone (WIB for the windows, the region's own zone for an extension) and come out aware, in UTC.
"""

from __future__ import annotations

import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.core.locale import side
from layakanak.evaluation import participants
from layakanak.evaluation.cycle_rules import Window, check_stage_order, check_window
from layakanak.evaluation.errors import CycleSetupRefused
from layakanak.evaluation.models import Cycle, Stage, StageWindow
from layakanak.instruments.models import InstrumentStatus, InstrumentVersion
from layakanak.lib import limits
from layakanak.lib.timezones import WIB, ZONE_LABELS
from layakanak.regions.models import Region

INPUT_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends
INPUT_FORMATS = (INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
MAX_REMINDER_DAYS = 60


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed in `zone` (shown in the label), returned aware in UTC."""

    def __init__(self, *, zone: ZoneInfo = WIB, **kwargs: Any) -> None:
        self.zone = zone
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=INPUT_FORMAT)
        super().__init__(widget=widget, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone).replace(tzinfo=None)
        return value

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        local = self._local(value)
        if local is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return local.replace(tzinfo=self.zone).astimezone(datetime.UTC)

    def _local(self, value: Any) -> datetime.datetime | None:
        """The wall-clock time in `zone` (naive), or None when the text is no date and time."""
        if isinstance(value, datetime.datetime):
            return value if timezone.is_naive(value) else value.astimezone(self.zone)
        for pattern in INPUT_FORMATS:
            try:
                return datetime.datetime.strptime(str(value).strip(), pattern)
            except ValueError:
                continue
        return None


def _minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def zone_name(zone: ZoneInfo) -> str:
    return ZONE_LABELS[zone.key]


class StageWindowsMixin(forms.Form):
    """One pair of fields (opens, closes) per stage, in WIB; a stage left blank has no window."""

    def add_window_fields(self, initial: dict[str, StageWindow] | None = None) -> None:
        for stage in Stage.values:
            window = (initial or {}).get(stage)
            self.fields[f"opens_{stage}"] = ZonedDateTimeField(
                label=_("Opens (WIB)"),
                required=False,
                initial=window and window.opens_at,
            )
            self.fields[f"closes_{stage}"] = ZonedDateTimeField(
                label=_("Closes (WIB)"),
                required=False,
                initial=window and window.closes_at,
            )

    def stage_rows(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        return [
            (stage, str(label), self[f"opens_{stage}"], self[f"closes_{stage}"])
            for stage, label in Stage.choices
        ]

    def clean_windows(self, cleaned: dict[str, Any]) -> dict[str, Window]:
        windows: dict[str, Window] = {}
        for stage, _label in Stage.choices:
            opens_at, closes_at = cleaned.get(f"opens_{stage}"), cleaned.get(f"closes_{stage}")
            if f"opens_{stage}" in self.errors or f"closes_{stage}" in self.errors:
                continue
            if opens_at is None and closes_at is None:
                continue
            if opens_at is None or closes_at is None:
                missing = f"opens_{stage}" if opens_at is None else f"closes_{stage}"
                self.add_error(missing, _("Enter both the opening and the closing time."))
                continue
            try:
                check_window(stage, opens_at, closes_at)
            except CycleSetupRefused as error:
                self.add_error(f"closes_{stage}", error.message)
                continue
            windows[stage] = (opens_at, closes_at)
        return windows


class InstrumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An instrument version by its name in the page's language, with its slug."""

    def label_from_instance(self, obj: Any) -> str:
        name = side(obj.name_id, obj.name_en)  # an instrument's name is data in both languages
        return f"{name} ({obj.slug})"


class CycleForm(StageWindowsMixin):
    slug = forms.RegexField(
        label=_("Slug"),
        regex=r"^[a-z0-9][a-z0-9-]*$",
        max_length=30,
        help_text=_("Used in addresses, e.g. 2027. Lower-case letters, digits and hyphens."),
        error_messages={"invalid": _("Use lower-case letters, digits and hyphens only.")},
    )
    name_id = forms.CharField(label=_("Name in Indonesian"), max_length=limits.NAME)
    name_en = forms.CharField(label=_("Name in English"), max_length=limits.NAME)
    instrument = InstrumentChoiceField(
        label=_("Instrument version"),
        queryset=InstrumentVersion.objects.none(),
        to_field_name="slug",
        help_text=_("Only active instrument versions can be chosen."),
    )
    reminder_days = forms.CharField(
        label=_("Reminder days"),
        initial="7, 3, 1",
        required=False,
        help_text=_(
            "Days before the self-assessment deadline on which regions that have not "
            "submitted get a reminder e-mail, separated by commas."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = self.fields["instrument"]
        assert isinstance(instrument, forms.ModelChoiceField)
        instrument.queryset = InstrumentVersion.objects.filter(
            status=InstrumentStatus.ACTIVE
        ).order_by("-year", "slug")
        self.add_window_fields()

    def main_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("slug", "name_id", "name_en", "instrument", "reminder_days")
        ]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Cycle.objects.filter(slug=slug).exists():
            raise ValidationError(_("A cycle with this slug exists already."))
        return slug

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data["reminder_days"]
        days: list[int] = []
        for part in participants.parse_codes(raw):
            if not part.isdigit() or not 1 <= int(part) <= MAX_REMINDER_DAYS:
                raise ValidationError(
                    _("Enter whole numbers of days from 1 to %(max)s, separated by commas."),
                    params={"max": MAX_REMINDER_DAYS},
                )
            days.append(int(part))
        return sorted(set(days), reverse=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        windows = self.clean_windows(cleaned)
        if not self.errors:
            try:
                check_stage_order(windows)
            except CycleSetupRefused as error:
                self.add_error(None, error.message)
        cleaned["windows"] = windows
        return cleaned


class WindowsForm(StageWindowsMixin):
    """The windows of an existing cycle; a window once set can be moved but not removed.

    `version` is the cycle's version the page showed (`do_set_stage_windows` refuses a save
    from a stale page)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = cycle.version
        self.current = {w.stage: w for w in cycle.windows.all()}
        self.add_window_fields(self.current)

    def show_version(self, version: int) -> None:
        """Carry `version` from now on (after a refused save, so that saving again, having
        been told, replaces the other change); what was typed stays as it is."""
        data = cast(QueryDict, self.data).copy()  # bound to request.POST
        data["version"] = str(version)
        self.data = data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        windows = self.clean_windows(cleaned)
        for stage in self.current:
            errors = self.has_error(f"opens_{stage}") or self.has_error(f"closes_{stage}")
            if stage not in windows and not errors:
                self.add_error(f"opens_{stage}", _("A window once set cannot be removed."))
        # The page shows minutes: a window set with seconds (by a script) that the form sends
        # back untouched is not a change.
        changed = {
            stage: window
            for stage, window in windows.items()
            if stage not in self.current
            or (_minute(self.current[stage].opens_at), _minute(self.current[stage].closes_at))
            != window
        }
        if not self.errors:
            current = {s: (w.opens_at, w.closes_at) for s, w in self.current.items()}
            try:
                check_stage_order({**current, **changed})
            except CycleSetupRefused as error:
                self.add_error(None, error.message)
        cleaned["changed"] = changed
        return cleaned


class ParticipantsForm(forms.Form):
    MODES = (
        ("all", _("All kabupaten/kota")),
        ("provinces", _("All kabupaten/kota of the chosen provinces")),
        ("codes", _("A list of kabupaten/kota codes")),
    )
    mode = forms.ChoiceField(label=_("Add"), choices=MODES, widget=forms.RadioSelect)
    provinces = forms.MultipleChoiceField(
        label=_("Provinces"), required=False, widget=forms.CheckboxSelectMultiple
    )
    codes = forms.CharField(
        label=_("Kabupaten/kota codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Codes such as 64.71, separated by spaces, commas or new lines."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["provinces"].choices = [  # type: ignore[attr-defined]
            (p.code, p.name) for p in participants.provinces()
        ]
        self.new_regions: list[Region] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mode = cleaned.get("mode")
        if mode == "all":
            selection = participants.Selection(list(participants.current_regencies()))
        elif mode == "provinces":
            if not cleaned.get("provinces"):
                self.add_error("provinces", _("Choose at least one province."))
                return cleaned
            selection = participants.select(list(cleaned["provinces"]))
        elif mode == "codes":
            codes = participants.parse_codes(cleaned.get("codes", ""))
            if not codes:
                self.add_error("codes", _("Enter at least one code."))
                return cleaned
            cleaned["codes"] = " ".join(codes)  # carried to the confirmation page
            selection = participants.select(codes)
            if selection.unknown:
                self.add_error(
                    "codes",
                    _(
                        "These codes match no kabupaten/kota or province; nothing was added: "
                        "%(codes)s"
                    )
                    % {"codes": ", ".join(selection.unknown)},
                )
                return cleaned
        else:
            return cleaned
        taking_part = set(self.cycle.submissions.values_list("region_id", flat=True))
        self.new_regions = [r for r in selection.regions if r.pk not in taking_part]
        if not self.new_regions:
            self.add_error(None, _("Every region chosen takes part in this cycle already."))
        return cleaned


EXTENSION_PROPOSED = datetime.timedelta(hours=48)  # the customary 2×24 hours


def proposed_extension(
    deadline: datetime.datetime | None, now: datetime.datetime
) -> datetime.datetime:
    """2×24 hours after the later of the region's current deadline and now, to the minute
    (rounded up, so that it stays at least 48 hours after)."""
    start = max(deadline, now) if deadline else now
    proposed = start + EXTENSION_PROPOSED
    if proposed.second or proposed.microsecond:
        proposed = proposed.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return proposed


class ExtensionForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"))
    until = ZonedDateTimeField(label=_("Until"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=limits.EXTENSION_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. network outage on the last day (2×24 hours)."),
    )

    def __init__(
        self,
        *args: Any,
        stages: list[str],
        zone: ZoneInfo,
        deadline: datetime.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        """`deadline`: when the default stage (the self-assessment) closes for the region now,
        extensions included; the form proposes 2×24 hours after it (or after now, when it has
        passed), so that the first submit is not refused for ending too early."""
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Stage.choices if value in stages
        ]
        until = self.fields["until"]
        assert isinstance(until, ZonedDateTimeField)
        until.zone = zone
        until.label = _("Until (%(zone)s)") % {"zone": zone_name(zone)}
        until.help_text = _(
            "Proposed: 2×24 hours after the region's current self-assessment deadline."
        )
        if not self.is_bound:
            self.initial.setdefault("until", proposed_extension(deadline, timezone.now()))
            self.initial.setdefault("stage", Stage.EVALUASI_MANDIRI)

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise ValidationError(_("Give the reason for the extension."))
        return reason
