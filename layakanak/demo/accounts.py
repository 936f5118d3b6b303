"""One demonstration account per role (demo only): who they are, creating them, and printing
how to log in.

The passwords and the two-factor secret below are public (printed on the console and in the
README); `layakanak demo_accounts` and `layakanak demo` refuse to run unless LAYAKANAK_DEMO or
DEBUG is on. The demo data gives every account work on its home page (its workbench): the
provincial verifiers have regions waiting in administrative verification, the field and
independent teams are assigned the regions in field verification, and so on.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import hexlify
from dataclasses import dataclass
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from layakanak.accounts import actions
from layakanak.accounts.access import requires_two_factor
from layakanak.accounts.models import Role, User
from layakanak.accounts.roles import AssignmentSpec
from layakanak.regions.models import Region

DEMO_PASSWORD = "demo-layak-anak"  # noqa: S105  (demo only; the commands refuse production)
# One shared TOTP secret for every demo account that needs two-factor login, so that a tester
# adds a single entry to an authenticator app.
DEMO_TOTP_KEY = b"layakanak-demo-totp!"
ACTOR = "command:demo_accounts"


@dataclass(frozen=True)
class DemoAccount:
    key: str  # how the demo refers to the account
    email: str
    name: str
    role: str
    regions: tuple[str, ...] = ()  # region code, or the regions a team is assigned
    office: str = ""  # OPD or ministry
    indicators: tuple[str, ...] = ()  # indicator numbers of a ministry verifier
    workbench: str = ""  # the page where the account's work waits


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin",
        "admin.pusat@demo.invalid",
        "Admin Pusat (demo)",
        Role.ADMIN_PUSAT,
        workbench="/kelola/siklus/2026/",
    ),
    DemoAccount(
        "pusat",
        "verifikator.pusat@demo.invalid",
        "Verifikator Pusat (demo)",
        Role.VERIFIKATOR_PUSAT,
        workbench="/verifikasi-evaluasi/",
    ),
    DemoAccount(
        "kemenkes",
        "verifikator.kemenkes@demo.invalid",
        "Verifikator Kemenkes (demo)",
        Role.VERIFIKATOR_KL,
        office="Kementerian Kesehatan",
        indicators=("12", "13", "14", "15", "16", "17"),
        workbench="/verifikasi-evaluasi/",
    ),
    DemoAccount(
        "kaltim",
        "verifikator.kaltim@demo.invalid",
        "Verifikator Kalimantan Timur (demo)",
        Role.VERIFIKATOR_PROVINSI,
        regions=("64",),
        workbench="/verifikasi-evaluasi/",
    ),
    DemoAccount(
        "dki",
        "verifikator.dki@demo.invalid",
        "Verifikator DKI Jakarta (demo)",
        Role.VERIFIKATOR_PROVINSI,
        regions=("31",),
        workbench="/verifikasi-evaluasi/",
    ),
    DemoAccount(
        "lapangan",
        "tim.lapangan@demo.invalid",
        "Tim Lapangan (demo)",
        Role.TIM_LAPANGAN,
        regions=("65.71", "33.72", "64.71"),
        workbench="/verifikasi-evaluasi/",
    ),
    DemoAccount(
        "independen",
        "tim.independen@demo.invalid",
        "Tim Independen (demo)",
        Role.TIM_INDEPENDEN,
        regions=("65.71", "33.72"),
        workbench="/verifikasi-evaluasi/",
    ),
    DemoAccount(
        "operator",
        "operator.balikpapan@demo.invalid",
        "Operator Kota Balikpapan (demo)",
        Role.OPERATOR_DAERAH,
        regions=("64.71",),
        workbench="/evaluasi/",
    ),
    DemoAccount(
        "dinkes",
        "dinkes.balikpapan@demo.invalid",
        "Dinas Kesehatan Kota Balikpapan (demo)",
        Role.KONTRIBUTOR_OPD,
        regions=("64.71",),
        office="Dinas Kesehatan",
        workbench="/evaluasi/",
    ),
    DemoAccount(
        "layanan",
        "layanan.balikpapan@demo.invalid",
        "Petugas Layanan Kota Balikpapan (demo)",
        Role.PETUGAS_LAYANAN,
        regions=("64.71",),
        workbench="/kelola/layanan/",
    ),
)


def demo_totp_secret() -> str:
    return b32encode(DEMO_TOTP_KEY).decode("ascii")


def demo_user(key: str) -> User | None:
    """The demo account with this key, when it has been created."""
    account = next(a for a in DEMO_ACCOUNTS if a.key == key)
    return User.objects.filter(email=account.email).first()


def _spec(account: DemoAccount) -> AssignmentSpec:
    regions = tuple(Region.objects.get(code=code) for code in account.regions)
    team = account.role in (Role.TIM_LAPANGAN, Role.TIM_INDEPENDEN)
    return AssignmentSpec(
        role=account.role,
        region=None if team or not regions else regions[0],
        assigned_regions=regions if team else (),
        indicator_numbers=account.indicators,
        opd_name=account.office,
    )


def _loaded(account: DemoAccount) -> DemoAccount:
    """The account with only the regions that are loaded (a reduced region set)."""
    codes = set(Region.objects.filter(code__in=account.regions).values_list("code", flat=True))
    return DemoAccount(
        account.key,
        account.email,
        account.name,
        account.role,
        tuple(code for code in account.regions if code in codes),
        account.office,
        account.indicators,
        account.workbench,
    )


def ensure_demo_accounts() -> list[tuple[DemoAccount, bool]]:
    """Create the missing demo accounts (and their two-factor devices) and reset a changed
    demo password; (account, needs two-factor) for each. Accounts whose region is not loaded
    are left out."""
    rows = []
    for listed in DEMO_ACCOUNTS:
        account = _loaded(listed)
        if listed.regions and not account.regions:
            continue
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = actions.do_create_user(
                email=account.email,
                full_name=account.name,
                assignments=[_spec(account)],
                actor=ACTOR,
                password=DEMO_PASSWORD,
                send_invitation=False,
            )
        elif not user.check_password(DEMO_PASSWORD):
            actions.do_set_password(user, DEMO_PASSWORD, actor=ACTOR)
        two_factor = requires_two_factor(user)
        if two_factor and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            actions.do_enrol_totp_device(user, hexlify(DEMO_TOTP_KEY).decode("ascii"), actor=ACTOR)
        rows.append((account, two_factor))
    return rows


def print_accounts(write: Any, style: Any, rows: list[tuple[DemoAccount, bool]]) -> None:
    """The accounts, the password and the two-factor key, for the console (`demo_accounts` and
    the end of `demo`)."""
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
