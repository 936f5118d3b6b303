from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from layakanak.accounts import access


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_central_admin` for the header links; a callable so that pages that do not ask for it
    run no query (templates call callables when they read them)."""
    return {"is_central_admin": lambda: access.is_central_admin(request.user)}
