from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from layakanak.accounts import access, navigation


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_central_admin` for the pages that show the admin more, and `work_links` for the
    header (`accounts.navigation`). Callables, so that a page that does not read them runs no
    query (templates call callables when they read them)."""
    user = getattr(request, "user", None)  # none on an error page rendered before auth
    return {
        "is_central_admin": lambda: access.is_central_admin(user),
        "work_links": lambda: navigation.work_links(user),
    }
