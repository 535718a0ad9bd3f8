"""One comparison key for everything readers tell apart by sight: entry ids, vendor names and
solution names.

Two texts with the same key can be mistaken for one another.  The key follows Unicode's own
"skeleton" of UTS #39 (Unicode Security Mechanisms): every character is replaced by the prototype
that Unicode's confusables data says it looks like (Cyrillic "а" → "a", "m" → "rn", "0" → "O",
capital "I" → "l"), and on top of that case, width, accents, small capitals, spacing and
punctuation are set aside, since none of them is a reliable difference to a reader either.

The data is Unicode's `confusables.txt` as the `confusable-homoglyphs` package ships it (pinned
in pyproject.toml, so every machine computes the same keys).  That package stores each source →
prototype line in both directions; the direction is recovered here: a source has exactly one
partner, its prototype, while a prototype is the partner of every source mapped to it.  Where
two characters only map to each other, the smaller code point stands for both.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

# Directional marks the package's data wraps right-to-left prototypes in; they are not part of them.
_MARKS = str.maketrans("", "", "\u200e\u200f")
# Letters a skeleton keeps apart that a reader does not: dotted and dotless i against l (the
# skeleton maps capital I to l but leaves small i, so "Intel" and "intel" would differ).
_AFTER_CASE = str.maketrans({"i": "l"})
# Blocks holding small capitals and other phonetic letter forms ("ᴀ", "ʜ").
_PHONETIC = ((0x0250, 0x02AF), (0x1D00, 0x1DBF), (0xA720, 0xA7FF), (0x1DF00, 0x1DFFF))
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])$")


@lru_cache(maxsize=1)
def prototypes() -> dict[int, str]:
    """Unicode's confusables as a translation table: code point → the prototype it imitates."""
    from importlib.resources import files  # only for text beyond ASCII: most checks never need it

    raw = files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8")
    partners: dict[str, list[str]] = {
        char.translate(_MARKS): [entry["c"].translate(_MARKS) for entry in found]
        for char, found in json.loads(raw).items()
    }
    table: dict[int, str] = {}
    for char, found in partners.items():
        if len(char) != 1 or len(found) != 1:
            continue  # a prototype: several characters (or a sequence) map to it
        target = found[0]
        if len(target) == 1 and partners.get(target) == [char] and target > char:
            continue  # two characters that only map to each other: the smaller one stands for both
        table[ord(char)] = target
    for start, end in _PHONETIC:
        for code in range(start, end + 1):
            small = _SMALL_CAPITAL.search(unicodedata.name(chr(code), ""))
            if small:
                table[code] = small.group(1).lower()
    return table


def _skeleton(text: str) -> str:
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(prototypes()))


def comparison_key(text: str) -> str:
    """What two ids or names must not share: the skeleton of the text, case-folded, without
    accents, spacing or punctuation ("Acme Gov", "ACME-GOV", "Аcme G0v" and "Acrne Gov" share
    one key)."""
    if text.isascii():  # every id and most names: the same steps, one character at a time
        if "%" in text:  # the one ASCII character whose key is not ASCII ("º₀")
            return text.translate(_ascii_table())
        return text.encode().translate(_ASCII_KEYS, _ASCII_DROPPED).decode().replace("m", "rn")
    return _full_key(text)


def comparison_keys(texts: list[str]) -> list[str]:
    """comparison_key of each text; ASCII texts (every file name) in one pass over them all,
    joined by "/", which no file name holds and the tables keep."""
    joined = "/".join(texts)
    if joined.isascii() and "%" not in joined and joined.count("/") == len(texts) - 1:  # all plain
        return _ascii_keys(joined).split("/") if texts else []
    keys = list(texts)
    plain = []
    for i, text in enumerate(texts):
        if text.isascii() and "%" not in text and "/" not in text:
            plain.append(i)
        else:
            keys[i] = comparison_key(text)
    if plain:
        keyed = _ascii_keys("/".join(texts[i] for i in plain))
        for i, key in zip(plain, keyed.split("/"), strict=True):
            keys[i] = key
    return keys


def _ascii_keys(text: str) -> str:
    """The comparison keys of "/"-separated ASCII texts without "%", still separated by "/"."""
    return text.encode().translate(_ASCII_KEYS, _ASCII_DROPPED_BUT_SLASH).decode().replace("m", "rn")


# The keys of ASCII characters other than "%", as bytes tables (a test proves them equal to
# `_ascii_table`): every id goes through here, and a run over ASCII text never needs Unicode's
# confusables data loaded. Letters fold to small ones, "I", "i", "|" and "1" to "l", "0" to "o",
# "m" (and "M") to "rn" (by the replace after), and all else but letters and digits is dropped.
_ASCII_KEYS = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZi|10", b"abcdefghljklmnopqrstuvwxyzlllo")
_ASCII_DROPPED = bytes(c for c in range(128) if not chr(c).isalnum() and chr(c) not in "|%")


@lru_cache(maxsize=1)
def _ascii_table() -> dict[int, str]:
    return {code: _full_key(chr(code)) for code in range(128)}


def _full_key(text: str) -> str:
    compatible = unicodedata.normalize("NFKC", text)
    folded = _skeleton(_skeleton(compatible).casefold()).casefold().translate(_AFTER_CASE)
    return "".join(
        char for char in folded if char.isalnum() and not unicodedata.category(char).startswith("M")
    )


_ASCII_DROPPED_BUT_SLASH = _ASCII_DROPPED.replace(b"/", b"")
