"""Photos of the RBRA playgrounds: re-encoded without metadata on upload, removed with their
files once the removal is committed."""

from __future__ import annotations

from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.lib import limits
from layakanak.services import photos
from layakanak.services.actions._common import ServiceRefused, _check_text
from layakanak.services.models import Playground, PlaygroundPhoto

# --- RBRA photos --------------------------------------------------------------------------------

MAX_PHOTOS_PER_PLAYGROUND = 12


def do_add_playground_photo(
    playground: Playground,
    upload: IO[bytes],
    size: int,
    *,
    caption: str,
    no_identifiable_child: bool,
    actor: Actor,
) -> PlaygroundPhoto:
    """Store a photo of a playground, re-encoded without metadata (photos.py).

    UU 11/2012 Pasal 19 and UU 27/2022: nothing is stored unless the uploader confirms that the
    photo shows no child who can be recognised; the confirmation is kept in the audit event."""
    if not no_identifiable_child:
        raise ServiceRefused(str(photos.NO_CHILD_REFUSAL))
    _check_text(caption.strip(), limits.CAPTION, gettext_lazy("The description"))
    try:
        clean = photos.clean_photo(upload, size)
    except photos.PhotoRefused as refusal:
        raise ServiceRefused(str(refusal)) from None
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Playground.objects.select_for_update().get(pk=playground.pk)
            if locked.photos.count() >= MAX_PHOTOS_PER_PLAYGROUND:
                raise ServiceRefused(
                    _("A playground can have at most %(count)s photos. Remove one first.")
                    % {"count": MAX_PHOTOS_PER_PLAYGROUND}
                )
            photo = PlaygroundPhoto(
                playground=locked,
                content_type=clean.content_type,
                width=clean.width,
                height=clean.height,
                caption=caption.strip(),
                uploaded_by=user_of(actor),
            )
            photo.image.save(
                f"{photo.public_id.hex}-photo.{clean.extension}",
                ContentFile(clean.image),
                save=False,
            )
            saved.append(photo.image.name)
            photo.thumbnail.save(
                f"{photo.public_id.hex}-thumb.{clean.extension}",
                ContentFile(clean.thumbnail),
                save=False,
            )
            saved.append(photo.thumbnail.name)
            photo.save()
            record_event(
                "services.playground_photo_added",
                actor=actor,
                object_type="playground_photo",
                object_id=str(photo.public_id),
                after={
                    "playground": locked.pk,
                    "regency": locked.regency.code,
                    "content_type": clean.content_type,
                    "width": clean.width,
                    "height": clean.height,
                    "bytes": len(clean.image),
                    "caption": photo.caption,
                    "no_identifiable_child_confirmed": True,
                    "metadata_stripped": True,
                },
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return photo


def do_remove_playground_photo(photo: PlaygroundPhoto, *, actor: Actor) -> None:
    """Delete a photo; its files leave the storage once the deletion is committed."""
    names = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        before = {
            "playground": photo.playground_id,
            "caption": photo.caption,
            "uploaded_at": photo.uploaded_at.isoformat(),
        }
        object_id = str(photo.public_id)
        PlaygroundPhoto.objects.filter(pk=photo.pk).delete()
        record_event(
            "services.playground_photo_removed",
            actor=actor,
            object_type="playground_photo",
            object_id=object_id,
            before=before,
        )
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
