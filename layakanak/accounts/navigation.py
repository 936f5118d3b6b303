"""Each person's work links: the one list the header, the account page and the landing after
login read (issue 19: a person who does not know the addresses must still find their work).

A link is offered when the person passes the same check that guards its page, so nobody gets a
link that would answer 404. Most of those checks are role functions of `accounts.access`. The
verification queue's check belongs to verification, a layer above accounts (docs/architecture.md
section 1): verification registers it at start-up (`register_page_check`, called from
`VerificationConfig.ready()`), the way it registers its reopened questions with evaluation.

The order is the order of the header, and the first link a person gets is where they land after
logging in (`landing_url`) unless the login asked for another page (`?next=`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from layakanak.accounts import access

Check = Callable[[Any], bool]

_page_checks: dict[str, Check] = {}


def register_page_check(url_name: str, check: Check) -> None:
    """Who may open the page `url_name`, given by the app that serves it (from its
    `AppConfig.ready()`); registering again replaces the check."""
    _page_checks[url_name] = check


def _registered(url_name: str) -> Check:
    """The check an app registered for `url_name`; nobody passes it until one is registered."""

    def check(user: Any) -> bool:
        found = _page_checks.get(url_name)
        return found is not None and found(user)

    return check


def _fills_a_self_assessment(user: Any) -> bool:
    """Operators and OPD contributors: whom `evaluation.access.can_edit` lets fill in a region's
    self-assessment."""
    return bool(access.operator_region_ids(user) or access.opd_scopes(user))


def _keeps_child_services(user: Any) -> bool:
    """Service officers (a region's reports) and operators (its registries), as
    `services.access` lets them. The central admin may keep every region's registries but has
    no region of their own to start from, so the link is not theirs."""
    return bool(access.service_region_ids(user) or access.operator_region_ids(user))


@dataclass(frozen=True)
class WorkLink:
    url_name: str
    label: str | Promise  # short, for the header
    summary: str | Promise  # one line on the account page: what is there
    allowed: Check

    @property
    def url(self) -> str:
        return reverse(self.url_name)


WORK_LINKS: tuple[WorkLink, ...] = (
    WorkLink(
        "cycle-admin-list",
        _("Manage cycles"),
        _(
            "Evaluation cycles: their windows, participants and extensions, and each cycle's "
            "progress across the regions."
        ),
        access.is_central_admin,
    ),
    WorkLink(
        "evaluation:mine",
        _("My evaluations"),
        _(
            "The self-assessments you fill in: answers, evidence, the Excel workbook and "
            "submission."
        ),
        _fills_a_self_assessment,
    ),
    WorkLink(
        "verification:queue",
        _("Verification queue"),
        _("The regions waiting for a verification stage you work on, and the decision."),
        _registered("verification:queue"),
    ),
    WorkLink(
        "services:staff-home",
        _("Child services"),
        _(
            "Reports and appointment requests, the UPTD PPA contact, counselling services, "
            "Forum Anak and child-friendly playgrounds of your region."
        ),
        _keeps_child_services,
    ),
    WorkLink(
        "accounts:manage-list",
        _("Manage accounts"),
        _("Accounts and roles: invite people, assign and revoke roles, reset a second factor."),
        access.can_manage_accounts,
    ),
    WorkLink(
        "audit:list",
        _("Audit trail"),
        _("Who changed what and when, for every change on the platform."),
        access.is_central_admin,
    ),
)


def work_links(user: Any) -> list[WorkLink]:
    """The work links this person gets, in the header's order (none for a visitor)."""
    if user is None or not user.is_authenticated:
        return []
    return [link for link in WORK_LINKS if link.allowed(user)]


def landing_url(user: Any) -> str:
    """Where a person lands after logging in when no page was asked for: their first work
    link, or their account page when they have none (no role yet)."""
    links = work_links(user)
    return links[0].url if links else reverse("accounts:account")
