"""`layakanak demo_accounts`: one account per role for trying the platform (demo only).

Refuses to run unless LAYAKANAK_DEMO or DEBUG is on: the passwords and the two-factor secret
below are public, printed in the README and on the console.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import hexlify
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts import actions
from layakanak.accounts.access import requires_two_factor
from layakanak.accounts.models import Role, User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.regions.models import Region

DEMO_PASSWORD = "demo-layak-anak"  # noqa: S105  (demo only; the command refuses production)
# One shared TOTP secret for every demo account that needs two-factor login, so that a tester
# adds a single entry to an authenticator app.
DEMO_TOTP_KEY = b"layakanak-demo-totp!"
ACTOR = "command:demo_accounts"

# (e-mail, full name, role, region code(s), office or ministry, indicator numbers)
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("admin.pusat@demo.invalid", "Admin Pusat (demo)", Role.ADMIN_PUSAT, "", "", ""),
    (
        "verifikator.pusat@demo.invalid",
        "Verifikator Pusat (demo)",
        Role.VERIFIKATOR_PUSAT,
        "",
        "",
        "",
    ),
    (
        "verifikator.kemenkes@demo.invalid",
        "Verifikator Kemenkes (demo)",
        Role.VERIFIKATOR_KL,
        "",
        "Kementerian Kesehatan",
        "12;13;14;15;16;17",
    ),
    (
        "verifikator.kaltim@demo.invalid",
        "Verifikator Kalimantan Timur (demo)",
        Role.VERIFIKATOR_PROVINSI,
        "64",
        "",
        "",
    ),
    (
        "verifikator.dki@demo.invalid",
        "Verifikator DKI Jakarta (demo)",
        Role.VERIFIKATOR_PROVINSI,
        "31",
        "",
        "",
    ),
    ("tim.lapangan@demo.invalid", "Tim Lapangan (demo)", Role.TIM_LAPANGAN, "64.71", "", ""),
    (
        "operator.balikpapan@demo.invalid",
        "Operator Kota Balikpapan (demo)",
        Role.OPERATOR_DAERAH,
        "64.71",
        "",
        "",
    ),
    (
        "dinkes.balikpapan@demo.invalid",
        "Dinas Kesehatan Kota Balikpapan (demo)",
        Role.KONTRIBUTOR_OPD,
        "64.71",
        "Dinas Kesehatan",
        "",
    ),
    (
        "layanan.balikpapan@demo.invalid",
        "Petugas Layanan Kota Balikpapan (demo)",
        Role.PETUGAS_LAYANAN,
        "64.71",
        "",
        "",
    ),
)


def demo_totp_secret() -> str:
    return b32encode(DEMO_TOTP_KEY).decode("ascii")


def _spec(role: str, codes: str, office: str, indicators: str) -> AssignmentSpec:
    regions = tuple(Region.objects.get(code=code) for code in codes.split(";") if code)
    team = role in (Role.TIM_LAPANGAN, Role.TIM_INDEPENDEN)
    return AssignmentSpec(
        role=role,
        region=None if team or not regions else regions[0],
        assigned_regions=regions if team else (),
        indicator_numbers=tuple(n for n in indicators.split(";") if n),
        opd_name=office,
    )


class Command(BaseCommand):
    help = "Create one demo account per role with demo-only passwords (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "demo_accounts runs only with LAYAKANAK_DEMO=1 or DEBUG=1 (public passwords)."
            )
        if not Region.objects.filter(code="64.71").exists():
            raise CommandError("Load the regions first: layakanak load_regions")
        rows = []
        for email, name, role, codes, office, indicators in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = actions.do_create_user(
                    email=email,
                    full_name=name,
                    assignments=[_spec(role, codes, office, indicators)],
                    actor=ACTOR,
                    password=DEMO_PASSWORD,
                    send_invitation=False,
                )
            elif not user.check_password(DEMO_PASSWORD):
                actions.do_set_password(user, DEMO_PASSWORD, actor=ACTOR)
            two_factor = requires_two_factor(user)
            if two_factor and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                actions.do_enrol_totp_device(
                    user, hexlify(DEMO_TOTP_KEY).decode("ascii"), actor=ACTOR
                )
            rows.append((email, str(Role(role).label), two_factor))
        self._print(rows)

    def _print(self, rows: list[tuple[str, str, bool]]) -> None:
        write = self.stdout.write
        write("")
        write(
            self.style.SUCCESS("Demo accounts (demo only; log in at http://127.0.0.1:8000/masuk/)")
        )
        write(f"  Password for every account: {DEMO_PASSWORD}")
        width = max(len(email) for email, _role, _tf in rows)
        for email, role, two_factor in rows:
            write(f"  {email:<{width}}  {role}{'  [2FA]' if two_factor else ''}")
        write("")
        write("  Accounts marked [2FA] also ask for a six-digit code. Add this key to an")
        write("  authenticator app (FreeOTP, Aegis, Google Authenticator: 'enter a setup key',")
        write(f"  time-based) once; it serves every demo account:  {demo_totp_secret()}")
        write(f"  Without a phone: oathtool --totp -b {demo_totp_secret()}")
        write("")
