"""What a file is, by its content and never by its name: PDF, JPEG, PNG, XLSX, DOCX.

`sniff(head)` names the kind from the first bytes (used on the first chunk of an upload, so a
program renamed to `.pdf` is refused at once). `check_file(fp, size, accepted)` checks the whole
file on disk before it is stored: the trailer of a PDF and its active content (JavaScript, launch
actions, embedded files, forms that send data: `pdf_scan`, reading the file in bounded blocks),
the end markers of images, and for XLSX/DOCX a real Office zip with limits on entries, total
uncompressed size and compression ratio (a zip bomb is refused while it is being read, before it
can fill memory or disk).

Every refusal is a `FileRefused` with a translatable message (`lib.refusals`: its Indonesian
text is in the catalogue). Framework-free (no Django import): used by the evaluation's evidence
and workbook uploads and by the RBRA photos (`image_cut_off`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from layakanak.lib import pdf_scan
from layakanak.lib.refusals import Refused, Text
from layakanak.lib.refusals import gettext_lazy as _

KINDS: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
LABELS: dict[str, str] = {"pdf": "PDF", "jpg": "JPEG", "png": "PNG", "xlsx": "XLSX", "docx": "DOCX"}
EXTENSIONS: dict[str, str] = {
    "pdf": ".pdf",
    "jpg": ".jpg",
    "png": ".png",
    "xlsx": ".xlsx",
    "docx": ".docx",
}

# Office documents: limits against zip bombs.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100  # uncompressed/compressed, for entries larger than ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 1024 * 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EXECUTABLES = (
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
_TAIL = 2048


class FileRefused(Refused):
    """A file that is not stored; the message says why (its type, its damage, a zip bomb)."""


@dataclass(frozen=True)
class Checked:
    kind: str
    content_type: str


def accepted_labels(accepted: tuple[str, ...] | list[str]) -> str:
    return ", ".join(LABELS.get(kind, kind.upper()) for kind in accepted)


def sniff(head: bytes) -> str:
    """The kind named by the first bytes ("pdf", "jpg", "png", "zip"), or refuse."""
    if not head:
        raise FileRefused(_("The file is empty (0 bytes)."))
    if head.startswith(_EXECUTABLES):
        raise FileRefused(
            _(
                "This file is a program (executable), not a document. Upload a PDF, JPEG, PNG, "
                "XLSX or DOCX file."
            )
        )
    # At the very start, as readers expect it: a document whose header comes later (an HTML page
    # with a PDF after it, a polyglot) is read as something else by browsers.
    if head.startswith(b"%PDF-"):
        return "pdf"
    if b"%PDF-" in head[:1024]:
        raise FileRefused(
            _(
                "Something else (for example a web page) comes before the PDF header in this "
                "file, so browsers may read it as that. Save the document again as a PDF and "
                "upload that."
            )
        )
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    raise FileRefused(
        _(
            "The file type could not be recognised from its content. Accepted: PDF, JPEG, PNG, "
            "XLSX, DOCX."
        )
    )


def refuse_unaccepted(kind: str, accepted: tuple[str, ...] | list[str]) -> None:
    if kind == "zip":
        if not {"xlsx", "docx"} & set(accepted):
            raise _not_accepted("XLSX/DOCX", accepted)
        return
    if kind not in accepted:
        raise _not_accepted(LABELS.get(kind, kind), accepted)


def _not_accepted(label: str, accepted: tuple[str, ...] | list[str]) -> FileRefused:
    wanted = accepted_labels(accepted)
    return FileRefused(
        _("A %(label)s file is not accepted for this evidence. Accepted types: %(wanted)s."),
        label=label,
        wanted=wanted,
    )


def _corrupt(label: str, why: object) -> FileRefused:
    return FileRefused(
        _(
            "The %(label)s file is damaged or incomplete (%(why)s). Save the file again and "
            "upload it again."
        ),
        label=label,
        why=why,
    )


def image_cut_off(kind: str, tail: bytes) -> bool:
    """Whether a JPEG ("jpg") or PNG ("png") whose last bytes are `tail` lacks its end marker,
    i.e. was cut off. Checked on the bytes because Pillow's own truncation check is a
    process-wide switch that other libraries (WeasyPrint) turn off when imported."""
    if kind == "jpg":
        return b"\xff\xd9" not in tail
    return b"IEND" not in tail[-16:]


def check_file(fp: IO[bytes], size: int, accepted: tuple[str, ...] | list[str]) -> Checked:
    """Check a whole file (seekable, at any position) and return its kind and content type."""
    if size == 0:
        raise FileRefused(_("The file is empty (0 bytes)."))
    fp.seek(0)
    head = fp.read(1024)
    kind = sniff(head)
    refuse_unaccepted(kind, accepted)
    fp.seek(max(size - _TAIL, 0))
    tail = fp.read(_TAIL)
    if kind == "pdf":
        _check_pdf(tail, size)
        _refuse_active_content(fp, size)
    elif kind == "jpg":
        if image_cut_off(kind, tail):
            raise _corrupt("JPEG", _("the end-of-image marker is missing"))
    elif kind == "png":
        if image_cut_off(kind, tail):
            raise _corrupt("PNG", _("the IEND chunk is missing"))
    else:
        kind = _check_office(fp, accepted)
    fp.seek(0)
    return Checked(kind, KINDS[kind])


def _check_pdf(tail: bytes, size: int) -> None:
    if b"%%EOF" not in tail:
        raise _corrupt("PDF", _("no %%EOF trailer; the file is cut off"))
    matches = list(_STARTXREF.finditer(tail))
    if not matches or int(matches[-1].group(1)) >= size:
        raise _corrupt("PDF", _("the xref table cannot be found"))


# What each kind of active content is called in a refusal.
_ACTIVE_CONTENT = {
    pdf_scan.JAVASCRIPT: _("JavaScript"),
    pdf_scan.LAUNCH: _("an action that starts a program (Launch)"),
    pdf_scan.EMBEDDED_FILE: _("an embedded file"),
    pdf_scan.SUBMIT_FORM: _("a form that sends data (SubmitForm)"),
    pdf_scan.IMPORT_DATA: _("a form that imports data (ImportData)"),
}


def _refuse_active_content(fp: IO[bytes], size: int) -> None:
    """Refuse a PDF that could run something when a verifier opens it (issue 18)."""
    found = pdf_scan.find_active_content(fp, size)
    if found is None:
        return
    if found == pdf_scan.TOO_COMPRESSED:
        raise _bomb()
    if found == pdf_scan.UNCHECKABLE:
        raise FileRefused(
            _(
                "The PDF could not be checked for active content: part of it is compressed in "
                "a way the platform does not read, or encrypted. Save it again without "
                "protection (or print it to a new PDF) and upload that."
            )
        )
    raise FileRefused(
        _(
            "The PDF contains active content (%(what)s), which could run when the file is "
            "opened. Save it again as a plain PDF (for example with “Print to PDF”) and upload "
            "that."
        ),
        what=_ACTIVE_CONTENT[found],
    )


def _check_office(fp: IO[bytes], accepted: tuple[str, ...] | list[str]) -> str:
    fp.seek(0)
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _corrupt("XLSX/DOCX", _("not a complete zip archive")) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > ZIP_MAX_ENTRIES:
            raise _bomb()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names:
            raise _corrupt("XLSX/DOCX", _("[Content_Types].xml is missing"))
        if any(name.startswith("xl/") for name in names):
            kind = "xlsx"
        elif any(name.startswith("word/") for name in names):
            kind = "docx"
        else:
            raise FileRefused(_("This zip archive is not an Excel (XLSX) or Word (DOCX) document."))
        refuse_unaccepted(kind, accepted)
        declared = sum(info.file_size for info in infos)
        if declared > ZIP_MAX_TOTAL_UNCOMPRESSED or any(
            _too_compressed(i.file_size, i.compress_size) for i in infos
        ):
            raise _bomb()
        # The sizes in the directory can lie: read every entry, counting what really comes out
        # (this also checks every CRC, so a damaged document is refused too).
        total = 0
        for info in infos:
            count = 0
            try:
                with archive.open(info) as entry:
                    while block := entry.read(64 * 1024):
                        count += len(block)
                        total += len(block)
                        if total > ZIP_MAX_TOTAL_UNCOMPRESSED or _too_compressed(
                            count, info.compress_size
                        ):
                            raise _bomb()
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
                raise _corrupt(
                    "XLSX/DOCX", Text(_("part %(name)s is damaged"), {"name": info.filename})
                ) from None
    return kind


def _too_compressed(uncompressed: int, compressed: int) -> bool:
    return uncompressed > ZIP_RATIO_FLOOR and uncompressed > ZIP_MAX_RATIO * max(compressed, 1)


def _bomb() -> FileRefused:
    return FileRefused(
        _(
            "The file is refused: its content is abnormally compressed (a possible zip bomb) or "
            "has too many parts."
        )
    )
