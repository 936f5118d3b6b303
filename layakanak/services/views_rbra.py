"""RBRA playground pages for staff (details and photos) and the public photo files.

Photos are served through a view from Django's default storage, so the same code works with a
local folder and with S3-compatible object storage."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from layakanak.services import access, actions
from layakanak.services.forms import PlaygroundForm, PlaygroundPhotoForm
from layakanak.services.models import Playground, PlaygroundPhoto
from layakanak.services.photos import MAX_BYTES

# A removed photo must disappear soon from caches too (a child may have been recognisable).
PHOTO_MAX_AGE = 3600


def _edit_page(
    request: HttpRequest,
    playground: Playground,
    *,
    form: PlaygroundForm | None = None,
    photo_form: PlaygroundPhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "playground": playground,
        "region": playground.regency,
        "form": form or PlaygroundForm(instance=playground, regency=playground.regency),
        "photo_form": photo_form or PlaygroundPhotoForm(),
        "photos": list(playground.photos.all()),
        "max_photos": actions.MAX_PHOTOS_PER_PLAYGROUND,
        "max_megabytes": MAX_BYTES // (1024 * 1024),
    }
    return render(request, "services/playground_edit.html", context, status=status)


@login_required
def playground_edit(request: HttpRequest, pk: int) -> HttpResponse:
    playground = access.access_playground(request.user, pk)
    form = PlaygroundForm(request.POST or None, instance=playground, regency=playground.regency)
    if request.method == "POST" and form.is_valid():
        actions.do_save_playground(
            playground, playground.regency, form.cleaned_data, actor=request.user
        )
        messages.success(request, _("The playground was saved."))
        return redirect("services:manage-playgrounds", code=playground.regency.code)
    return _edit_page(request, playground, form=form, status=400 if form.errors else 200)


@login_required
@require_POST
def playground_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    playground = access.access_playground(request.user, pk)
    form = PlaygroundPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            actions.do_add_playground_photo(
                playground,
                upload,
                upload.size or 0,
                caption=form.cleaned_data["caption"],
                no_identifiable_child=form.cleaned_data["no_identifiable_child"],
                actor=request.user,
            )
        except actions.ServiceRefused as refusal:
            form.add_error("photo", str(refusal))
        else:
            messages.success(request, _("The photo was stored without its location data."))
            return redirect("services:playground-edit", pk=playground.pk)
    messages.error(request, _("The photo was not stored."))
    return _edit_page(request, playground, photo_form=form, status=400)


@login_required
def playground_photo_remove(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """GET asks for confirmation; POST removes the photo."""
    photo = access.access_playground_photo(request.user, public_id)
    playground = photo.playground
    if request.method == "POST":
        actions.do_remove_playground_photo(photo, actor=request.user)
        messages.success(request, _("The photo was removed."))
        return redirect("services:playground-edit", pk=playground.pk)
    context = {"photo": photo, "playground": playground, "region": playground.regency}
    return render(request, "services/playground_photo_remove.html", context)


@require_safe
def playground_photo(
    request: HttpRequest, public_id: uuid.UUID, thumbnail: bool = False
) -> FileResponse:
    """A photo (or its thumbnail) of the public RBRA registry."""
    photo = PlaygroundPhoto.objects.filter(public_id=public_id).first()
    if photo is None:
        raise Http404("Tidak ditemukan / Not found")
    name = photo.thumbnail.name if thumbnail else photo.image.name
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("Tidak ditemukan / Not found") from None
    response = FileResponse(stored, content_type=photo.content_type)
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    response["Content-Disposition"] = "inline"
    return response
