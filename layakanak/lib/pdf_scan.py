"""Active content in a PDF: JavaScript, launch actions, embedded files, forms that send or import
data, found by reading the file forward in bounded blocks (never the whole file in memory).

A PDF reader runs an action when the document opens (`/OpenAction`), when a page or field is
used (`/AA`) or a link is followed; what the action does is its type (`/S /JavaScript`,
`/Launch`, `/SubmitForm`, `/ImportData`) or what it carries (`/JS`, an `/EmbeddedFile`).
Refusing the types themselves, wherever they appear, refuses every `/OpenAction` or `/AA` that
would run one, and leaves harmless ones (open at page 1, go to a bookmark) alone.

How the file is read:

- In the objects' text, strings and comments are skipped as a reader skips them, so a marker is
  a real name and a `stream` keyword a real one (text inside a string hides nothing and
  reveals nothing). Every marker is looked for there, the short ones too (`/JS`, `/EF`). Names
  are compared with their `#xx` escapes decoded (`/J#61vaScript` is `/JavaScript`).
- Stream data is mostly compressed binary (images, fonts, page content), where a three-byte
  name occurs by chance. It is searched for the long names only (`/JavaScript`, `/Launch`, …),
  which do not, so an object that a cross-reference table places inside another stream's data
  cannot hide an action either.
- Object streams (`/Type /ObjStm`, PDF 1.5) hold objects compressed: they are decompressed
  (FlateDecode, or none) block by block, within a budget for the whole file, and their names
  are searched for every marker. An object stream that cannot be decompressed (another filter,
  a predictor, encryption, damage) cannot be checked, and is refused as such.

Framework-free (no Django import), like `filetypes`, which turns a finding into a refusal.
"""

from __future__ import annotations

import re
import zlib
from typing import IO

# What was found, as `filetypes` names it in its refusal.
JAVASCRIPT = "javascript"
LAUNCH = "launch"
EMBEDDED_FILE = "embedded_file"
SUBMIT_FORM = "submit_form"
IMPORT_DATA = "import_data"
# Not active content as such: the file could not be checked (an object stream that cannot be
# read), or its object streams decompress to more than the budget.
UNCHECKABLE = "uncheckable"
TOO_COMPRESSED = "too_compressed"

# Names searched everywhere, stream data included: long enough never to occur by chance.
LONG_MARKERS: dict[bytes, str] = {
    b"JavaScript": JAVASCRIPT,
    b"Launch": LAUNCH,
    b"EmbeddedFile": EMBEDDED_FILE,
    b"EmbeddedFiles": EMBEDDED_FILE,
    b"FileAttachment": EMBEDDED_FILE,
    b"GoToE": EMBEDDED_FILE,
    b"SubmitForm": SUBMIT_FORM,
    b"ImportData": IMPORT_DATA,
}
# Names searched in the objects' text (in binary data three bytes occur by chance).
SHORT_MARKERS: dict[bytes, str] = {b"JS": JAVASCRIPT, b"EF": EMBEDDED_FILE}
ALL_MARKERS = {**LONG_MARKERS, **SHORT_MARKERS}
# In the data of a stream that is not an object stream, an object stream's type means objects
# that a cross-reference stream places inside other data, where they are not read as objects.
IN_OTHER_DATA = {**LONG_MARKERS, b"ObjStm": UNCHECKABLE}
# The names of an object that tell how its stream is to be read.
_STREAM_KEYS = (b"ObjStm", b"First", b"Filter", b"DecodeParms", b"DP")

BLOCK = 1024 * 1024
# Bytes kept from one piece to the next, so that a name or keyword cut by the end of a piece is
# read whole (the names of interest, even fully escaped, are far shorter).
OVERLAP = 256
# A string or comment may be this long at most; a longer one cannot be a real PDF's.
MAX_TOKEN = 8 * 1024 * 1024
# Decompressed object streams of one file, all together: a real document's objects take a few
# megabytes at most; a file that unpacks to more is refused as abnormally compressed.
OBJECT_STREAMS_MAX_BYTES = 64 * 1024 * 1024

_WHITE = b"\x00\t\n\x0c\r "
_DELIMITERS = _WHITE + b"()<>[]{}/%"
_D = re.escape(_DELIMITERS)
_WANTED = b"|".join(re.escape(n) for n in sorted({*ALL_MARKERS, *_STREAM_KEYS}, key=len)[::-1])
# What matters in the objects' text; everything else (numbers, other names, dictionaries) is
# passed over by the regular expression engine.
_TEXT = re.compile(
    rb"(?=[(%/os])"  # lets the engine pass quickly over everything else
    rb"(?:(?P<string>\()"
    rb"|(?P<comment>%)"
    rb"|/(?P<name>(?:" + _WANTED + rb")(?=[" + _D + rb"]|\Z)|[^" + _D + rb"]*#[^" + _D + rb"]*)"
    rb"|(?<![^" + _D + rb"])(?P<keyword>obj|stream)(?=[" + _D + rb"]|\Z))"
)
_NAME = re.compile(rb"/([^" + _D + rb"]+)")
_LONG_NAME = re.compile(rb"/([^" + _D + rb"]{5,})")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PAREN = re.compile(rb"\\.|[()]", re.S)
_END_OF_LINE = re.compile(rb"[\r\n]")
_FILTER_VALUE = re.compile(rb"[" + re.escape(_WHITE) + rb"]*(?:/([^" + _D + rb"]*)|\[([^\]]*)\])")
_STREAM_EOL = re.compile(rb"[ \t]*(?:\r\n|\n|\r)?")
_ENDSTREAM = b"endstream"


class _Found(Exception):
    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(what)


def find_active_content(fp: IO[bytes], size: int) -> str | None:
    """What the PDF `fp` (seekable, `size` bytes) holds that could run (one of the constants
    above), or None when it holds nothing of the kind."""
    try:
        _Scan(fp, size).run()
    except _Found as found:
        return found.what
    return None


def _decoded(name: bytes) -> bytes:
    if b"#" not in name:
        return name
    return _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), name)


def _check_names(data: bytes, *, final: bool, short: bool, markers: dict[bytes, str]) -> None:
    """Raise _Found for a marker among the names in `data`. A name that reaches the end of
    `data` is left for the next piece (it may go on there) unless `final`."""
    end = len(data)
    for match in (_NAME if short else _LONG_NAME).finditer(data):
        if match.end() < end or final:
            what = markers.get(_decoded(match.group(1)))
            if what is not None:
                raise _Found(what)


class _StreamKeys:
    """What the object being read says about its stream: whether it is an object stream and
    how its data is encoded (names anywhere in the object count: before `stream` there is only
    the stream's dictionary)."""

    def __init__(self) -> None:
        self.object_stream = False
        self.filters: list[bytes] | None = []  # None: given another way (a reference)
        self.parameters = False

    def name(self, name: bytes, after: bytes) -> None:
        """A name of the object; `after` is the text that follows it (for /Filter's value)."""
        if name in (b"ObjStm", b"First"):
            # A reader finds an object stream through the cross-reference stream and needs its
            # /First, whatever its /Type says.
            self.object_stream = True
        elif name in (b"DecodeParms", b"DP"):
            self.parameters = True
        elif name == b"Filter":
            self.filters = _filters(after)

    def readable(self) -> bool | None:
        """True: FlateDecode; False: not compressed; None: anything else, which the platform
        does not read (PDF writers compress object streams with FlateDecode alone)."""
        if self.filters is None or self.parameters:
            return None
        if not self.filters:
            return False
        return True if self.filters == [b"FlateDecode"] else None


def _filters(after: bytes) -> list[bytes] | None:
    match = _FILTER_VALUE.match(after)
    if match is None:
        return None
    if match.group(1) is not None:
        return [_decoded(match.group(1))]
    inside = match.group(2)
    names = [_decoded(name) for name in _NAME.findall(inside)]
    return names if not _NAME.sub(b"", inside).strip(_WHITE) else None


class _StreamData:
    """The data of one stream, fed piece by piece: searched for the long names, and, for an
    object stream, decompressed and searched for every marker."""

    def __init__(self, keys: _StreamKeys, scan: _Scan) -> None:
        self.scan = scan
        self.object_stream = keys.object_stream
        self.markers = LONG_MARKERS if self.object_stream else IN_OTHER_DATA
        self.carried = b""
        self.inflater: zlib._Decompress | None = None
        self.objects_carried = b""
        if self.object_stream:
            readable = keys.readable()
            if readable is None:
                raise _Found(UNCHECKABLE)
            if readable:
                self.inflater = zlib.decompressobj()

    def feed(self, data: bytes, *, final: bool) -> None:
        piece = self.carried + data
        _check_names(piece, final=final, short=False, markers=self.markers)
        self.carried = piece[-OVERLAP:]
        if not self.object_stream:
            return
        if self.inflater is None:
            self._objects(data, final=final)
            return
        try:
            pending = data
            while pending and not self.inflater.eof:
                self._objects(self.inflater.decompress(pending, BLOCK), final=False)
                pending = self.inflater.unconsumed_tail
            if final:
                self._objects(self.inflater.flush(), final=True)
        except zlib.error:
            raise _Found(UNCHECKABLE) from None
        if final and not self.inflater.eof:
            raise _Found(UNCHECKABLE)  # cut off: the rest of its objects cannot be read

    def _objects(self, out: bytes, *, final: bool) -> None:
        self.scan.spend(len(out))
        piece = self.objects_carried + out
        _check_names(piece, final=final, short=True, markers=ALL_MARKERS)
        self.objects_carried = piece[-OVERLAP:]


class _Scan:
    """One forward reading of the file: `buffer` holds the bytes read and not yet passed."""

    def __init__(self, fp: IO[bytes], size: int) -> None:
        fp.seek(0)
        self.fp = fp
        self.left = size
        self.buffer = b""
        self.budget = OBJECT_STREAMS_MAX_BYTES

    @property
    def at_end(self) -> bool:
        return self.left <= 0

    def spend(self, count: int) -> None:
        self.budget -= count
        if self.budget < 0:
            raise _Found(TOO_COMPRESSED)

    def more(self, keep_from: int) -> bool:
        """Drop the bytes before `keep_from` and read the next block; False at the end."""
        if self.at_end:
            return False
        block = self.fp.read(min(BLOCK, self.left))
        self.left = self.left - len(block) if block else 0
        self.buffer = self.buffer[keep_from:] + block
        if len(self.buffer) > MAX_TOKEN + BLOCK:
            raise _Found(UNCHECKABLE)
        return True

    def run(self) -> None:
        keys = _StreamKeys()
        position = 0
        self.more(0)
        while True:
            match = _TEXT.search(self.buffer, position)
            if match is None:
                # Nothing of interest up to the end of what was read: go on from a delimiter
                # shortly before the end, so that a name or keyword cut there is read whole.
                if not self.more(self._restart_point(position)):
                    return
                position = 0
                continue
            start, end, kind = match.start(), match.end(), match.lastgroup
            if end == len(self.buffer) and not self.at_end:
                self.more(start)  # a name or keyword that may go on
                position = 0
                continue
            if kind == "string" or kind == "comment":
                found = self._string_end(start) if kind == "string" else self._line_end(start)
                if found < 0:
                    self.more(start)
                    position = 0
                    continue
                position = found
            elif kind == "name":
                name = _decoded(match.group("name"))
                what = ALL_MARKERS.get(name)
                if what is not None:
                    raise _Found(what)
                if name == b"Filter" and len(self.buffer) - end < OVERLAP and not self.at_end:
                    self.more(start)  # its value may go on past what was read
                    position = 0
                    continue
                keys.name(name, self.buffer[end : end + OVERLAP])
                position = end
            elif match.group("keyword") == b"obj":
                keys = _StreamKeys()
                position = end
            else:  # stream
                position = self._stream(end, _StreamData(keys, self))
                keys = _StreamKeys()

    def _restart_point(self, position: int) -> int:
        """A delimiter at most OVERLAP bytes before the end (and not before `position`)."""
        limit = max(len(self.buffer) - OVERLAP, position)
        found = max(self.buffer.rfind(bytes([c]), position, limit + 1) for c in _DELIMITERS)
        return found if found > position else limit

    def _string_end(self, start: int) -> int:
        """Where the literal string starting at `start` ends (after its closing parenthesis,
        balanced ones inside), or -1 when that is past what was read (the end of the file
        ends it)."""
        depth = 0
        for match in _PAREN.finditer(self.buffer, start):
            token = match.group()
            if token == b"(":
                depth += 1
            elif token == b")":
                depth -= 1
                if depth == 0:
                    return match.end()
        return len(self.buffer) if self.at_end else -1

    def _line_end(self, start: int) -> int:
        match = _END_OF_LINE.search(self.buffer, start)
        if match is not None:
            return match.end()
        return len(self.buffer) if self.at_end else -1

    def _stream(self, start: int, data: _StreamData) -> int:
        """Feed the data after a `stream` keyword up to `endstream`; where reading goes on."""
        if len(self.buffer) - start < 2 and self.more(start):
            start = 0
        eol = _STREAM_EOL.match(self.buffer, start)
        position = eol.end() if eol else start
        keep = len(_ENDSTREAM) - 1
        while True:
            found = self.buffer.find(_ENDSTREAM, position)
            if found >= 0:
                data.feed(self.buffer[position:found], final=True)
                return found + len(_ENDSTREAM)
            if self.at_end:
                data.feed(self.buffer[position:], final=True)
                return len(self.buffer)
            cut = max(len(self.buffer) - keep, position)
            data.feed(self.buffer[position:cut], final=False)
            self.more(cut)
            position = 0
