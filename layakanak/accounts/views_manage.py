"""Account management for the central administrator (admin pusat), under /kelola/akun/.

Anonymous visitors are sent to the login page; anyone else who is not a central admin gets the
same 404 as for a page that does not exist (checks in `access`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from layakanak.accounts import access, actions
from layakanak.accounts.bulk import COLUMNS, plan_bulk_creation
from layakanak.accounts.forms import (
    AccountFilterForm,
    BulkUploadForm,
    CreateUserForm,
    RoleFieldsForm,
)
from layakanak.accounts.http import client_ip
from layakanak.accounts.models import RoleAssignment

PAGE_SIZE = 50


def _active_assignments() -> Prefetch[Any]:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(active=True)
        .select_related("region")
        .prefetch_related("assigned_regions"),
        to_attr="active_assignments",
    )


@login_required
def account_list_view(request: HttpRequest) -> HttpResponse:
    accounts = access.access_accounts_for_admin(request.user)
    form = AccountFilterForm(request.GET or None)
    filters: dict[str, str] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    if q := filters.get("q"):
        accounts = accounts.filter(Q(email__icontains=q) | Q(full_name__icontains=q))
    scope = Q(role_assignments__active=True)
    if role := filters.get("role"):
        scope &= Q(role_assignments__role=role)
    if code := filters.get("region"):
        scope &= (
            Q(role_assignments__region__code=code)
            | Q(role_assignments__region__code__startswith=code + ".")
            | Q(role_assignments__assigned_regions__code=code)
        )
    if "role" in filters or "region" in filters:
        accounts = accounts.filter(scope).distinct()
    page = Paginator(
        accounts.order_by("email").prefetch_related(_active_assignments()), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/manage/list.html",
        {
            "form": form,
            "page": page,
            "querystring_base": urlencode(filters) + "&" if filters else "",
        },
    )


@login_required
def account_create_view(request: HttpRequest) -> HttpResponse:
    access.access_accounts_for_admin(request.user)
    form = CreateUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_create_user(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                assignments=[form.spec],
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Account created; an invitation was sent to %(email)s.") % {"email": user.email},
            )
            return redirect("accounts:manage-detail", user_id=user.pk)
    return render(request, "accounts/manage/create.html", {"form": form})


@login_required
def account_detail_view(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.access_user_for_admin(request.user, user_id)
    assignments = (
        RoleAssignment.objects.filter(user=target)
        .select_related("region")
        .prefetch_related("assigned_regions")
        .order_by("-active", "role", "id")
    )
    return render(
        request,
        "accounts/manage/detail.html",
        {"target": target, "assignments": assignments, "role_form": RoleFieldsForm()},
    )


@require_POST
@login_required
def assign_role_view(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.access_user_for_admin(request.user, user_id)
    form = RoleFieldsForm(request.POST)
    if form.is_valid():
        actions.do_assign_role(
            target,
            form.spec,
            actor=request.user,
            ip_address=client_ip(request),
        )
        messages.success(request, _("Role assigned."))
        return redirect("accounts:manage-detail", user_id=target.pk)
    assignments = RoleAssignment.objects.filter(user=target).select_related("region")
    return render(
        request,
        "accounts/manage/detail.html",
        {"target": target, "assignments": assignments, "role_form": form},
        status=400,
    )


@require_POST
@login_required
def revoke_role_view(request: HttpRequest, user_id: int, assignment_id: int) -> HttpResponse:
    assignment = access.access_assignment_for_admin(request.user, user_id, assignment_id)
    actions.do_revoke_role(
        assignment,
        actor=request.user,
        ip_address=client_ip(request),
    )
    messages.success(request, _("Role revoked."))
    return redirect("accounts:manage-detail", user_id=user_id)


@login_required
def deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates."""
    target = access.access_user_for_admin(request.user, user_id)
    if request.method == "POST":
        try:
            actions.do_deactivate_user(
                target,
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The account %(email)s is deactivated.") % {"email": target.email}
            )
        return redirect("accounts:manage-detail", user_id=target.pk)
    return render(request, "accounts/manage/deactivate.html", {"target": target})


@require_POST
@login_required
def send_password_link_view(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.access_user_for_admin(request.user, user_id)
    try:
        kind = actions.do_send_password_link(
            target,
            actor=request.user,
            ip_address=client_ip(request),
        )
    except actions.AccountError as error:
        messages.error(request, str(error))
    else:
        text = (
            _("A password reset link was sent to %(email)s.")
            if kind == "password_reset"
            else _("The invitation was sent again to %(email)s.")
        )
        messages.success(request, text % {"email": target.email})
    return redirect("accounts:manage-detail", user_id=target.pk)


@require_POST
@login_required
def reset_two_factor_view(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.access_user_for_admin(request.user, user_id)
    actions.do_reset_two_factor(
        target,
        actor=request.user,
        ip_address=client_ip(request),
    )
    messages.success(
        request,
        _("Two-factor authentication of %(email)s is reset; the next login sets it up again.")
        % {"email": target.email},
    )
    return redirect("accounts:manage-detail", user_id=target.pk)


@login_required
def bulk_create_view(request: HttpRequest) -> HttpResponse:
    """Upload a CSV: a dry run lists the errors of every row; a real run creates every account
    and sends the invitations, or creates nothing when any row is bad."""
    access.access_accounts_for_admin(request.user)
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "columns": ",".join(COLUMNS)}
    if request.method == "POST" and form.is_valid():
        plan = plan_bulk_creation(form.cleaned_data["file"])
        context["plan"] = plan
        if plan.ok and not form.cleaned_data["dry_run"]:
            users = actions.do_bulk_create_users(
                plan,
                actor=request.user,
                ip_address=client_ip(request),
            )
            messages.success(
                request,
                ngettext(
                    "%(n)d account created; its invitation was sent.",
                    "%(n)d accounts created; invitations were sent.",
                    len(users),
                )
                % {"n": len(users)},
            )
            return redirect("accounts:manage-list")
        return render(request, "accounts/manage/bulk.html", context, status=200 if plan.ok else 400)
    return render(request, "accounts/manage/bulk.html", context)
