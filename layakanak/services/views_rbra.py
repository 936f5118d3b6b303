"""RBRA playground pages for staff: a playground's details and its photos (upload, removal).

The public photo files are served by `layakanak/portal/views_services.py`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layakanak.services import access, actions
from layakanak.services.forms import PlaygroundForm, PlaygroundPhotoForm
from layakanak.services.models import Playground
from layakanak.services.photos import MAX_BYTES


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
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_playground(
                playground,
                playground.regency,
                form.cleaned_data,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except actions.ServiceRefused as refusal:
            # A stale save names who saved since and keeps what was typed; saving again, having
            # been told, replaces their change (the form carries the current version).
            form.add_error(None, str(refusal))
            if isinstance(refusal, actions.ServiceConflict):
                form.show_version(refusal.current_version)
                status = refusal.status
        else:
            messages.success(request, _("The playground was saved."))
            return redirect("services:manage-playgrounds", code=playground.regency.code)
    return _edit_page(request, playground, form=form, status=status if form.errors else 200)


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
