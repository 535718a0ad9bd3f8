"""Look-alike letters: words that mix scripts, names that read as Latin but are not, and vendor
names that collide once case, width and look-alike letters are set aside.

"Аcme" with a Cyrillic А renders exactly like "Acme": a buyer cannot tell them apart, so a vendor
could pose as another or hide a word from search.  The table below maps the common Cyrillic,
Greek, Armenian and Cherokee look-alikes (plus a few Latin and digit ones) to the Latin letter they
imitate; fullwidth and mathematical letters are folded by NFKC first.  It is deliberately small
and hand-written: what it misses (same-script look-alikes such as "rn" for "m") needs review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from .model import Catalog
from .policy.config import Policy
from .policy.findings import at_entry
from .problems import Problem

Issue = tuple[str, str, str]  # rule, what is wrong (after the field name), hint

# Upper- and lower-case forms of letters that are drawn like a Latin letter.
_LOOKALIKES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i",
    "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "ɡ": "g", "ѵ": "v",
    "Ү": "Y", "ү": "y", "Ԍ": "G", "ԍ": "g", "Ꮃ": "W",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "ο": "o", "ν": "v", "ι": "i",
    "κ": "k", "ρ": "p", "υ": "u", "χ": "x", "γ": "y", "τ": "t", "ϲ": "c", "Ϲ": "C", "ϳ": "j",
    # Armenian
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "ա": "w", "Տ": "S", "Օ": "O", "Լ": "L",
    # Cherokee (capitals drawn like Latin capitals)
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭼ": "E", "Ꮋ": "H", "Ꭻ": "J", "Ꮶ": "K", "Ꮇ": "M", "Ꮲ": "P",
    "Ꮪ": "S", "Ꭲ": "T", "Ꮩ": "V", "Ꮤ": "W", "Ꮓ": "Z",
    # Latin letters and digits that stand in for others
    "ı": "i", "ȷ": "j", "ɑ": "a", "ʟ": "L", "ꞵ": "b",
    "0": "o", "1": "l", "I": "l", "|": "l",
}  # fmt: skip
_TABLE = str.maketrans(_LOOKALIKES)

# Scripts whose letters imitate Latin ones; mixing any two of them inside a word is a disguise.
# Other mixes (Latin with Han or Kana, as in Japanese product names) are ordinary writing.
SPOOFABLE = frozenset({"Latin", "Cyrillic", "Greek", "Armenian", "Cherokee", "Fullwidth", "Mathematical"})
_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
# Four or more combining accents in a row ("Zalgo" text smears over the lines around it).
# Only the generic accent blocks: scripts such as Hebrew or Devanagari stack their own signs.
_STACKED = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{4,}")


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """A letter's script, from its Unicode name ("CYRILLIC SMALL LETTER A" → "Cyrillic")."""
    if char.isascii():
        return "Latin"
    first = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return first.title()


def scripts(word: str) -> set[str]:
    return {script_of(char) for char in word if char.isalpha()}


def mixed_words(text: str) -> Iterator[str]:
    """Words whose letters come from two or more Latin-like scripts ("Аcme")."""
    if text.isascii():
        return
    end = 0
    for letter in _NON_ASCII_LETTER.finditer(text):  # only words holding a non-ASCII letter
        if letter.start() < end:
            continue
        start = letter.start()
        while start > end and text[start - 1].isalpha():
            start -= 1
        word = _WORD.match(text, start)
        end = word.end() if word else letter.end()
        if word and len(scripts(word.group()) & SPOOFABLE) > 1:
            yield word.group()


def reads_as_latin(text: str) -> str | None:
    """The Latin text a name seems to say when it is written wholly in look-alike letters
    of another script ("АСМЕ" in Cyrillic → "ACME"); None otherwise."""
    letters = [char for char in text if char.isalpha()]
    if not letters or all(char.isascii() for char in letters):
        return None
    if all(char in _LOOKALIKES for char in letters):
        return text.translate(_TABLE)
    return None


def mixes_scripts(text: str) -> set[str]:
    """The Latin-like scripts a name mixes across its words (empty when it uses one)."""
    found = scripts(unicodedata.normalize("NFC", text)) & SPOOFABLE
    return found if len(found) > 1 else set()


def styled_letters(text: str) -> str:
    """Fullwidth, mathematical, ligature and other compatibility letters, which NFKC would
    replace by plain ones ("Ａcme", "𝐀cme", "Proﬁle")."""
    return "".join(
        dict.fromkeys(
            char
            for char in text
            if not char.isascii() and char.isalnum() and unicodedata.normalize("NFKC", char) != char
        )
    )


def mixes_direction(text: str) -> bool:
    """Whether the text holds both left-to-right and right-to-left letters, whose order on
    screen then differs from their order in the file."""
    if text.isascii():
        return False
    kinds = {unicodedata.bidirectional(char) for char in text if char.isalpha()}
    return "L" in kinds and bool(kinds & {"R", "AL"})


def stacked_marks(text: str) -> bool:
    """Whether a letter carries more combining accents than any real orthography needs."""
    return _STACKED.search(text) is not None


def _squash(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def name_keys(name: str) -> set[str]:
    """What two names must not share: the case-folded NFKC letters and digits, and the same
    with look-alike letters mapped to the Latin ones they imitate."""
    base = unicodedata.normalize("NFKC", name)
    plain = _squash(base.casefold())
    look = _squash(base.translate(_TABLE).casefold().translate(_TABLE))
    return {key for key in (plain, look) if key}


def check_unicode(text: str, is_name: bool) -> Iterator[Issue]:
    """The first look-alike or normalisation problem in one string, if any."""
    if not unicodedata.is_normalized("NFC", text):
        words = re.split(r"\s+", text)
        word = next((w for w in words if not unicodedata.is_normalized("NFC", w)), text)
        yield (
            "unicode-normalization",
            "has accented letters written as a letter plus a separate accent (not NFC)",
            f'retype "{_clip(unicodedata.normalize("NFC", word))}" so each accented letter is one character',
        )
        return
    if stacked_marks(text):
        yield "confusable-text", "piles several accent marks on one letter", "remove the extra marks"
        return
    mixed = next(mixed_words(text), None)
    if mixed is not None:
        names = " and ".join(sorted(scripts(mixed) & SPOOFABLE))
        yield (
            "confusable-text",
            f'has the word "{_clip(mixed)}" mixing {names} letters that look alike',
            "retype the word on a keyboard set to one language",
        )
        return
    if is_name:
        yield from _name_issues(text)


def _name_issues(text: str) -> Iterator[Issue]:
    styled = styled_letters(text)
    latin = reads_as_latin(text)
    if styled:
        yield (
            "confusable-text",
            f'uses styled or wide letters ("{_clip(styled)}")',
            "retype it in plain letters",
        )
    elif latin is not None:
        yield (
            "confusable-text",
            f'reads as "{_clip(latin)}" but is written in look-alike letters of another script',
            "retype it in Latin letters",
        )
    elif several := mixes_scripts(text):
        yield (
            "confusable-text",
            "mixes " + " and ".join(sorted(several)) + " letters",
            "write it in one script, so it cannot be mistaken for another name",
        )
    elif mixes_direction(text):
        yield (
            "confusable-text",
            "mixes left-to-right and right-to-left writing, so it shows in a different order",
            "write it in one script",
        )


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def check_vendor_names(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    fields = ("name", "legal_name")
    owners: dict[str, list[tuple[str, str, str]]] = {}
    for vendor_id, vendor in sorted(catalog.vendors.items()):
        for field in fields:
            value = vendor.data.get(field)
            if isinstance(value, str):
                for key in name_keys(value):
                    owners.setdefault(key, []).append((vendor_id, field, value))
    for vendor_id, vendor in sorted(catalog.vendors.items()):
        for field in fields:
            value = vendor.data.get(field)
            if not isinstance(value, str):
                continue
            clashes = sorted({o for key in name_keys(value) for o in owners[key] if o[0] != vendor_id})
            if clashes:
                other, other_field, other_value = clashes[0]
                yield at_entry(
                    vendor,
                    f"/{field}",
                    "confusable-name",
                    f'the {field.replace("_", " ")} "{_clip(value)}" can be mistaken for vendor "{other}"'
                    f' ({other_field.replace("_", " ")} "{_clip(other_value)}" in catalog/vendors/{other}.yaml)',
                    "choose a distinct name; if it is the same company, keep a single vendor entry",
                )
