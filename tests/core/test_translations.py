"""The Indonesian catalogue is complete, compiled, and covers every string in the code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import layakanak

PACKAGE = Path(layakanak.__file__).parent
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _msgids(po_text: str) -> set[str]:
    ids = set()
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if match:
            ids.add("".join(re.findall(r'"(.*)"', match.group(1))))
    ids.discard("")
    return ids


# The gettext tools answer in the language of the environment: read their statistics in English.
C_LOCALE = {**os.environ, "LC_ALL": "C", "LANGUAGE": ""}


def _selected(*flags: str) -> set[str]:
    """The msgids that `msgattrib` selects with `flags` (the header left out)."""
    result = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(PO)],
        capture_output=True,
        text=True,
        check=True,
        env=C_LOCALE,
    )
    return _msgids(result.stdout)


def test_indonesian_catalogue_has_no_untranslated_or_fuzzy_entry(tmp_path: Path) -> None:
    # Named: every message (also one with a context or plural forms) has a translation that is
    # not fuzzy.
    assert _selected("--untranslated") == set(), "untranslated: run `make messages`, translate"
    assert _selected("--only-fuzzy") == set(), "fuzzy: check the translation, drop the flag"
    header = PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "#, fuzzy" not in header, "a fuzzy header is ignored (and so is its charset)"
    # Counted by msgfmt, which also checks that each translation keeps the placeholders.
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(PO)],
        capture_output=True,
        text=True,
        check=True,
        env=C_LOCALE,
    )
    assert "translated message" in result.stderr, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(PO)], check=True)
    assert (tmp_path / "django.mo").read_bytes() == MO.read_bytes(), "run `make messages`"


def test_every_translatable_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / "layakanak"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("data", "vendor", "__pycache__", "*.geojson", "*.topojson"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "id",
            "--no-location",
            "-i",
            "static/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    extracted = _msgids((copy / "locale/id/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = _msgids(PO.read_text(encoding="utf-8"))
    assert extracted - committed == set(), "new strings: run `make messages` and translate them"
