"""Every relative link and image in README.md and docs/*.md points at a file that exists, and
every #anchor at a heading of the target document (GitHub's heading ids)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# [text](target "title") and ![alt](target); the target may be wrapped in <...>.
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
HTML_REF = re.compile(r"<(?:img|a|source)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def prose(text: str) -> str:
    """The text without fenced code blocks and inline code (links there are examples)."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's id for a heading: markup dropped, lower case, punctuation removed, spaces to -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links keep their text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for match in HEADING.finditer(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def targets(text: str) -> list[str]:
    body = prose(text)
    found = [m.group(1) for m in LINK.finditer(body)]
    found += [m.group(1) for m in REFERENCE.finditer(body)]
    found += [m.group(1) for m in HTML_REF.finditer(body)]
    return found


def broken_links(document: Path) -> list[str]:
    problems = []
    for target in targets(document.read_text(encoding="utf-8")):
        if EXTERNAL.match(target):
            continue
        path_part, _, anchor = target.partition("#")
        path_part = path_part.split("?", 1)[0]
        resolved = (document.parent / path_part).resolve() if path_part else document
        if not resolved.exists():
            problems.append(f"{document.name}: {target} (no such file)")
            continue
        if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{document.name}: {target} (no heading #{anchor})")
    return problems


def test_the_documents_exist() -> None:
    names = {p.name for p in DOCUMENTS}
    assert {"README.md", "configuration.md", "deployment.md", "methodology.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_relative_links_and_images_resolve(document: Path) -> None:
    assert broken_links(document) == []


def test_the_checker_finds_a_missing_file_a_missing_anchor_and_ignores_code(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other page\n\n## Section two\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[ok](other.md) [ok](other.md#section-two) ![ok](image.png) [ok](#page)\n"
        "[web](https://example.org/x.md) [mail](mailto:a@example.org)\n"
        "[gone](missing.md) ![gone](shots/none.png) [bad](other.md#section-three)\n"
        '<img src="nope.png" alt="">\n\n'
        "`[code](not-checked.md)`\n\n```\n[fenced](not-checked-either.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "page.md: missing.md (no such file)",
        "page.md: shots/none.png (no such file)",
        "page.md: other.md#section-three (no heading #section-three)",
        "page.md: nope.png (no such file)",
    ]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("1.1 Shipped versions", "11-shipped-versions"),
        ("7. Excel layout", "7-excel-layout"),
        ("Instrument schema (`layakanak-instrument/1`)", "instrument-schema-layakanak-instrument1"),
        ("Bahasa Indonesia", "bahasa-indonesia"),
        (
            "Ten minutes as operator daerah (regional operator)",
            "ten-minutes-as-operator-daerah-regional-operator",
        ),
    ],
)
def test_heading_ids_follow_github(heading: str, expected: str) -> None:
    assert slug(heading) == expected


ENV_READ = re.compile(
    r"""(?:env_(?:str|int|bool|list)\(\s*|os\.environ\.get\(\s*|os\.environ\[\s*)["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_environment_variable_is_documented() -> None:
    """docs/configuration.md names every variable the code reads (settings, commands)."""
    read = {
        name
        for path in (ROOT / "layakanak").rglob("*.py")
        for name in ENV_READ.findall(path.read_text(encoding="utf-8"))
    }
    assert {"SECRET_KEY", "DATABASE_URL", "WEB_WORKERS"} <= read  # the pattern still finds them
    documented = set(
        re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text())
    )
    assert sorted(read - documented) == []


def test_the_worked_example_in_the_methodology_matches_the_engine() -> None:
    """docs/methodology.md quotes scripts/worked_example.py; rerun it when the engine or the
    kla-2023 instrument changes."""
    import importlib.util

    from layakanak.instruments.schema import load_yaml
    from layakanak.scoring import next_band, score

    spec = importlib.util.spec_from_file_location("worked", ROOT / "scripts" / "worked_example.py")
    assert spec is not None and spec.loader is not None
    worked = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worked)
    instrument = load_yaml(worked.INSTRUMENT)
    answers = worked.answer_set(instrument)
    result = score(instrument, answers)
    plan = next_band(instrument, answers)
    assert plan is not None
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    quoted = [
        f"**{result.indicators['4'].points}",
        f"**{result.total}**",
        f"predicate **{result.band.name.en}**",
        f"gap {plan.threshold} − {result.total} = **{plan.threshold - result.total}**",
        f"projected total **{plan.projected_total} → {plan.target.name.en}**",
        *(f"| {step.question} " for step in plan.improvements),
    ]
    assert [q for q in quoted if q not in text] == []
