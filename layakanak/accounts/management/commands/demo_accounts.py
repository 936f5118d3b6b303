"""`layakanak demo_accounts`: one account per role for trying the platform (demo only).

Refuses to run unless LAYAKANAK_DEMO or DEBUG is on: the passwords and the two-factor secret
(layakanak/accounts/demo_accounts.py) are public, printed in the README and on the console.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layakanak.accounts.demo_accounts import (
    DEMO_PASSWORD,
    DemoAccount,
    demo_totp_secret,
    ensure_demo_accounts,
)
from layakanak.accounts.models import Role
from layakanak.regions.models import Region

__all__ = ["DEMO_PASSWORD", "Command", "print_accounts"]


def print_accounts(write: Any, style: Any, rows: list[tuple[DemoAccount, bool]]) -> None:
    """The accounts, the password and the two-factor key, for the console."""
    write("")
    write(style.SUCCESS("Demo accounts (demo only; log in at http://127.0.0.1:8000/masuk/)"))
    write(f"  Password for every account: {DEMO_PASSWORD}")
    width = max(len(account.email) for account, _tf in rows)
    label_width = max(len(str(Role(account.role).label)) for account, _tf in rows) + 7
    for account, two_factor in rows:
        label = f"{Role(account.role).label}{'  [2FA]' if two_factor else ''}"
        write(f"  {account.email:<{width}}  {label:<{label_width}}  {account.workbench}")
    write("")
    write("  Accounts marked [2FA] also ask for a six-digit code. Add this key to an")
    write("  authenticator app (FreeOTP, Aegis, Google Authenticator: 'enter a setup key',")
    write(f"  time-based) once; it serves every demo account:  {demo_totp_secret()}")
    write(f"  Without a phone: oathtool --totp -b {demo_totp_secret()}")
    write("")


class Command(BaseCommand):
    help = "Create one demo account per role with demo-only passwords (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "demo_accounts runs only with LAYAKANAK_DEMO=1 or DEBUG=1 (public passwords)."
            )
        if not Region.objects.filter(code="64.71").exists():
            raise CommandError("Load the regions first: layakanak load_regions")
        print_accounts(self.stdout.write, self.style, ensure_demo_accounts())
