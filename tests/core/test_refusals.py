"""Refusals carry a message from the catalogue (`layakanak.lib.refusals`): an English template and
its parameters, shown in the language active when the message is read. None is written as a
hand-made pair of texts any more."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

import layakanak
from layakanak.core.locale import bilingual
from layakanak.evaluation.errors import EvidenceRefused, UploadGap
from layakanak.lib import filetypes, refusals
from layakanak.verification.errors import VerificationRefused

PACKAGE = Path(layakanak.__file__).parent


def test_a_refusal_reads_in_the_language_active_when_it_is_shown() -> None:
    refusal = EvidenceRefused(
        _("Exactly the same file is already attached (%(original_name)s)."),
        original_name="perda-kla.pdf",
        status=409,
    )
    with translation.override("en"):
        assert str(refusal) == "Exactly the same file is already attached (perda-kla.pdf)."
        assert refusal.message == str(refusal)
    with translation.override("id"):
        assert str(refusal) == "Berkas yang sama persis sudah terlampir (perda-kla.pdf)."
    assert refusal.status == 409
    assert refusal.message_in("en").startswith("Exactly") and refusal.message_id.startswith(
        "Berkas"
    )


def test_a_refusal_made_in_one_language_is_shown_in_another() -> None:
    with translation.override("id"):
        gap = UploadGap(received=2048, offset=4096)
    with translation.override("en"):
        assert str(gap) == (
            "The chunk starts at byte 4096 but the server has only 2048 bytes. "
            "Continue from byte 2048."
        )
    with translation.override("id"):
        assert "Lanjutkan dari byte 2048" in str(gap)
    assert gap.received == 2048 and gap.status == 409


def test_parameters_that_are_pairs_follow_the_language_too() -> None:
    refusal = VerificationRefused(
        _("The %(stage)s window is not open for this region."),
        stage=bilingual("verifikasi lapangan", "field verification"),
    )
    with translation.override("en"):
        assert str(refusal) == "The field verification window is not open for this region."
    with translation.override("id"):
        assert (
            str(refusal) == "Jadwal tahap verifikasi lapangan tidak sedang dibuka untuk daerah ini."
        )


def test_the_framework_free_file_checks_are_translated_too() -> None:
    try:
        filetypes.sniff(b"MZ\x90\x00")
    except filetypes.FileRefused as refused:
        with translation.override("en"):
            assert str(refused).startswith("This file is a program (executable)")
        with translation.override("id"):
            assert str(refused).startswith("Berkas ini adalah program (executable)")
    else:  # pragma: no cover
        raise AssertionError("a program was not refused")


def test_tracebacks_keep_the_english_text_as_a_note() -> None:
    with translation.override("id"):
        refusal = VerificationRefused(_("Choose a check status."))
    assert str(refusal) == "Pilih status pemeriksaan."
    assert refusal.__notes__ == ["Choose a check status."]


def _refusal_classes() -> set[str]:
    """The names of every refusal class of the project (the subclasses of `Refused`, once the
    modules that define them are imported)."""
    import importlib

    for path in PACKAGE.rglob("*.py"):
        if path.name in ("errors.py", "actions.py", "filetypes.py") or "actions" in path.parts:
            importlib.import_module(
                ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
            )
    found: set[str] = set()
    pending = [refusals.Refused]
    while pending:
        cls = pending.pop()
        found.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return found


def _plain_text(node: ast.expr) -> bool:
    """A text written in place (a string or an f-string), which no catalogue can translate."""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def test_no_refusal_is_made_from_plain_text() -> None:
    """Every refusal's first argument is a template marked for the catalogue (`gettext_lazy`),
    never a string or an f-string, and no refusal is made from two texts (the old pairs)."""
    classes = _refusal_classes()
    assert {"EvaluationRefused", "FileRefused", "VerificationRefused", "CertificateRefused"} <= (
        classes
    )
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in classes and _plain_text(node.args[0]):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {name}")
    assert offenders == [], "refusals made from plain text:\n" + "\n".join(offenders)
