"""The registries that officers keep: the UPTD PPA contact, the counselling directory, the
Forum Anak (members as counts only) and their activities, and the RBRA playgrounds.

Each text is checked against the model field's `max_length` (or `lib.limits` for the long
texts) before anything is written. A row is saved with the version the form showed: a save
from a stale form is refused (ServiceConflict, naming who saved since)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layakanak.audit.actions import Actor, actor_name, record_event, user_of
from layakanak.lib import limits
from layakanak.regions.models import Region
from layakanak.services.actions._common import (
    ServiceConflict,
    ServiceRefused,
    _check_text,
    _snapshot,
)
from layakanak.services.models import (
    ChildForum,
    CounsellingService,
    EditedByStaff,
    ForumActivity,
    Playground,
    ServiceContact,
)

# --- UPTD PPA contact and counselling directory -----------------------------------------------

CONTACT_FIELDS = ("unit_name", "email", "phone", "whatsapp", "address")
SERVICE_FIELDS = (
    "kind",
    "name",
    "address",
    "hours",
    "phone",
    "whatsapp",
    "email",
    "online",
    "latitude",
    "longitude",
    "active",
)
FORUM_FIELDS = ("region", "name", "decree", *ChildForum.MEMBER_FIELDS)
ACTIVITY_FIELDS = ("kind", "held_on", "title", "outcome")
PLAYGROUND_FIELDS = (
    "district",
    "name",
    "address",
    "latitude",
    "longitude",
    "requirements_met",
    "certification",
    "certified_on",
)


# Texts of the registries kept in TextFields, which have no max_length of their own.
_TEXT_LIMITS = {"outcome": limits.OUTCOME}


def _check_lengths(
    model: type[models.Model], fields: tuple[str, ...], data: dict[str, Any]
) -> None:
    """Every text of `data` within its limit: the model field's `max_length` (a longer value
    is a database error on PostgreSQL), or `_TEXT_LIMITS` for the long texts."""
    for name in fields:
        value = data.get(name)
        if not isinstance(value, str):
            continue
        field = model._meta.get_field(name)
        limit = _TEXT_LIMITS.get(name) or getattr(field, "max_length", None)
        if limit:
            _check_text(value, limit, capfirst(getattr(field, "verbose_name", name)))


M = TypeVar("M", bound=models.Model)


def _save(
    obj: M,
    fields: tuple[str, ...],
    data: dict[str, Any],
    action: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
    what: object = "",
) -> M:
    """Save `fields` of `data` on `obj` (a new row, or an existing one read again, locked: the
    instance a form was built on already carries the typed values) and return the row saved.

    For a registry row (`EditedByStaff`), `expected_version` is the version the form showed (0
    for a row that did not exist); a different current version raises ServiceConflict naming
    `what` and who saved it. A save that changes nothing writes nothing."""
    _check_lengths(type(obj), fields, data)
    creating = obj.pk is None
    if not creating:
        obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = None if creating else _snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    if not creating and _snapshot(obj, fields) == before:
        return obj  # nothing changes (a form sent again): nobody's change can be lost
    if isinstance(obj, EditedByStaff):
        current = 0 if creating else obj.version
        if expected_version is not None and expected_version != current:
            assert not creating
            changed_by = actor_name(obj.updated_by)
            raise ServiceConflict(what, current, changed_by)
        obj.version = current + 1
        obj.updated_by = user_of(actor)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ServiceRefused(" ".join(error.messages)) from None
    obj.save()
    record_event(
        action,
        actor=actor,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        before=before,
        after=_snapshot(obj, fields),
    )
    return obj


def do_save_contact(
    region: Region,
    data: dict[str, Any],
    *,
    actor: Actor,
    expected_version: int | None = None,
) -> ServiceContact:
    """Save the UPTD PPA contact of a kab/kota (`expected_version`: what the form showed, 0
    when there was none yet)."""
    with transaction.atomic():
        contact = ServiceContact.objects.filter(region=region).first() or ServiceContact(
            region=region
        )
        if contact._state.adding and expected_version:
            # The form showed a contact that is no longer there: nothing to compare with.
            raise ServiceConflict(gettext_lazy("The UPTD PPA contact"), 0, actor_name(None))
        return _save(
            contact,
            CONTACT_FIELDS,
            data,
            "services.contact_saved",
            actor,
            expected_version=expected_version,
            what=gettext_lazy("The UPTD PPA contact"),
        )


def do_save_service(
    service: CounsellingService | None,
    region: Region,
    data: dict[str, Any],
    *,
    actor: Actor,
    expected_version: int | None = None,
) -> CounsellingService:
    with transaction.atomic():
        return _save(
            service or CounsellingService(region=region),
            SERVICE_FIELDS,
            data,
            "services.counselling_saved",
            actor,
            expected_version=expected_version,
            what=gettext_lazy("The counselling service"),
        )


# --- Forum Anak and RBRA ----------------------------------------------------------------------


def do_save_forum(
    forum: ChildForum | None,
    regency: Region,
    data: dict[str, Any],
    *,
    actor: Actor,
    expected_version: int | None = None,
) -> ChildForum:
    region = data.get("region") or (forum.region if forum else regency)
    if region.pk != regency.pk and not region.code.startswith(regency.code + "."):
        raise ServiceRefused(_("The forum's region must lie in this kab/kota."))
    with transaction.atomic():
        return _save(
            forum or ChildForum(regency=regency),
            FORUM_FIELDS,
            data,
            "services.forum_saved",
            actor,
            expected_version=expected_version,
            what=gettext_lazy("The Forum Anak"),
        )


def do_add_forum_activity(
    forum: ChildForum, data: dict[str, Any], *, actor: Actor
) -> ForumActivity:
    with transaction.atomic():
        return _save(
            ForumActivity(forum=forum),
            ACTIVITY_FIELDS,
            data,
            "services.forum_activity_added",
            actor,
        )


def do_save_playground(
    playground: Playground | None,
    regency: Region,
    data: dict[str, Any],
    *,
    actor: Actor,
    expected_version: int | None = None,
) -> Playground:
    district = data.get("district") or (playground.district if playground else None)
    if district is None or district.parent_id != regency.pk:
        raise ServiceRefused(_("The playground's kecamatan must lie in this kab/kota."))
    data = {**data, "requirements_met": sorted(int(n) for n in data.get("requirements_met", []))}
    with transaction.atomic():
        return _save(
            playground or Playground(regency=regency),
            PLAYGROUND_FIELDS,
            data,
            "services.playground_saved",
            actor,
            expected_version=expected_version,
            what=gettext_lazy("The playground"),
        )
