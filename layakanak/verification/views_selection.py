"""The selection into the field verification: the cycle's rule, the rule's proposal, the admin's
changes with their reasons, and the announcement (KemenPPPA only)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layakanak.evaluation.errors import EditConflict, EvaluationRefused
from layakanak.evaluation.models import Cycle
from layakanak.verification import access
from layakanak.verification.actions.selection import (
    candidates,
    do_announce_selection,
    do_set_selection_rule,
    still_at_desk,
)
from layakanak.verification.errors import VerificationRefused
from layakanak.verification.models import FieldSelection, FieldSelectionEntry, UnselectedRoute


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _min_score(raw: str) -> Decimal | None:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise VerificationRefused(gettext_lazy("The minimum score could not be read.")) from exc
    if not value.is_finite():
        raise VerificationRefused(gettext_lazy("The minimum score could not be read."))
    return value


def _page(
    request: HttpRequest, cycle: Cycle, *, typed: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    selection = (
        FieldSelection.objects.filter(cycle=cycle)
        .select_related("updated_by", "announced_by")
        .first()
    )
    typed = typed or {}
    announced = selection is not None and selection.announced_at is not None
    rows: list[dict[str, Any]] = []
    if announced:
        entries = (
            FieldSelectionEntry.objects.filter(selection=selection)
            .select_related("submission__region")
            .order_by("-score", "submission__region__code")
        )
        rows = [{"entry": entry, "region": entry.submission.region} for entry in entries]
    else:
        for candidate in candidates(cycle, selection.min_score if selection else None):
            pk = candidate.submission.pk
            chosen = typed.get("chosen", {}).get(pk, candidate.proposed)
            rows.append(
                {
                    "candidate": candidate,
                    "region": candidate.submission.region,
                    "selected": chosen,
                    "reason": typed.get("reasons", {}).get(pk, ""),
                }
            )
    context = {
        "cycle": cycle,
        "selection": selection,
        "announced": announced,
        "rows": rows,
        "selected_count": sum(
            1 for row in rows if (row["entry"].selected if announced else row["selected"])
        ),
        "waiting": 0 if announced else still_at_desk(cycle),
        "routes": UnselectedRoute.choices,
        "typed_min": typed.get("min_score"),
        "typed_route": typed.get("route"),
    }
    return render(request, "verification/selection.html", context, status=status)


@login_required
def selection(request: HttpRequest, cycle_slug: str) -> HttpResponse:
    cycle = access.access_cycle_for_selection(request.user, cycle_slug)
    if request.method != "POST":
        return _page(request, cycle)
    if request.POST.get("action") == "rule":
        return _save_rule(request, cycle)
    return _announce(request, cycle)


def _save_rule(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    typed = {"min_score": request.POST.get("min_score", ""), "route": request.POST.get("route")}
    try:
        do_set_selection_rule(
            cycle,
            min_score=_min_score(request.POST.get("min_score", "")),
            unselected_route=request.POST.get("route", ""),
            actor=request.user,
            expected_version=_version(request),
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
        status = exc.status if isinstance(exc, EditConflict) else 400
        return _page(request, cycle, typed=typed, status=status)
    messages.success(request, _("The selection rule was saved."))
    return redirect("verification:selection", cycle.slug)


def _announce(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    selection = FieldSelection.objects.filter(cycle=cycle).first()
    found = candidates(cycle, selection.min_score if selection else None)
    chosen = {
        c.submission.pk: request.POST.get(f"selected-{c.submission.pk}") == "1" for c in found
    }
    reasons = {c.submission.pk: request.POST.get(f"reason-{c.submission.pk}", "") for c in found}
    typed = {"chosen": chosen, "reasons": reasons}
    if request.POST.get("confirm") != "1":
        messages.error(
            request, _("Tick the confirmation: an announced selection cannot be undone.")
        )
        return _page(request, cycle, typed=typed, status=400)
    changes = {
        c.submission.pk: (chosen[c.submission.pk], reasons[c.submission.pk])
        for c in found
        if chosen[c.submission.pk] != c.proposed
    }
    try:
        done = do_announce_selection(
            cycle, changes, actor=request.user, expected_version=_version(request)
        )
    except EvaluationRefused as exc:
        messages.error(request, exc.message)
        status = exc.status if isinstance(exc, EditConflict) else 400
        return _page(request, cycle, typed=typed, status=status)
    count = done.entries.filter(selected=True).count()
    messages.success(
        request,
        _("The selection was announced: %(count)s region(s) go to the field verification.")
        % {"count": count},
    )
    return redirect("verification:selection", cycle.slug)
