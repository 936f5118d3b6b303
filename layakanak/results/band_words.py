"""The words a historical results file may use for a predicate.

Past results are copied from the ministry's announcements and decrees, which write a band's
name ("Utama", "Tidak berpredikat", "KLA (Paripurna)") rather than the platform's band code
("utama", "kla"). A file may use either: a code, or a band's name as the platform displays it in
Bahasa Indonesia or English, in any capitalisation and spacing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from layakanak.results.snapshot import PROVILA

# Words for "no predicate" that announcements use besides the unawarded band's own name.
NO_PREDICATE_WORDS = ("tidak berpredikat", "belum berpredikat", "tanpa predikat", "no predicate")
PROVILA_WORDS = (PROVILA, "provinsi layak anak", "child-friendly province")


def _normalised(word: str) -> str:
    return " ".join(word.split()).casefold()


def band_words(bands: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Every accepted word (normalised) → what a result stores: the band code of an awarded
    band, "" for no predicate (a band that is not awarded, as a published platform result
    stores it), or "provila"."""
    words = {word: "" for word in NO_PREDICATE_WORDS}
    words.update({word: PROVILA for word in PROVILA_WORDS})
    for band in bands:
        stored = str(band["code"]) if band.get("awarded") else ""
        for word in (band["code"], band.get("name_id", ""), band.get("name_en", "")):
            if word:
                words[_normalised(str(word))] = stored
    return words


def predicate_of(word: str, words: Mapping[str, str]) -> str:
    """What a result stores for `word` (see `band_words`); an unknown word comes back
    normalised, for the import to report it."""
    normalised = _normalised(word)
    return words.get(normalised, normalised)
