"""Every environment variable the settings read is documented in docs/configuration.md."""

from __future__ import annotations

import re
from pathlib import Path

import layakanak

PACKAGE = Path(layakanak.__file__).parent
DOCS = PACKAGE.parent / "docs" / "configuration.md"
READERS = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(|os\.environ(?:\.get)?[\[(]|os\.getenv\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read() -> set[str]:
    found: set[str] = set()
    for path in (PACKAGE / "settings.py", *sorted((PACKAGE / "lib").glob("*.py"))):
        found |= set(READERS.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_settings_read_the_variables_we_expect() -> None:
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL", "LAYAKANAK_VAR_DIR"} <= variables_read()


def test_every_variable_is_documented() -> None:
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", DOCS.read_text(encoding="utf-8")))
    missing = sorted(variables_read() - documented)
    assert missing == [], f"document these variables in {DOCS}: {missing}"
