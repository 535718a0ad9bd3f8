"""Look-alike letters: words that mix scripts, names that read as Latin but are not, and names
that collide once case, width, accents and look-alike letters are set aside.

"Аcme" with a Cyrillic А renders exactly like "Acme": a buyer cannot tell them apart, so a vendor
could pose as another or hide a word from search.  Which letter imitates which comes from
Unicode's own confusables data, through the one comparison key in `skeleton.py` that ids, vendor
names and solution names share.
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
from .skeleton import comparison_key, prototypes

Issue = tuple[str, str, str]  # rule, what is wrong (after the field name), hint


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
    table = prototypes()
    latin = [char if char.isascii() else table.get(ord(char), "") for char in letters]
    if all(len(found) == 1 and found.isascii() and found.isalpha() for found in latin):
        return "".join(char if not char.isalpha() else table.get(ord(char), char) for char in text)
    return None


def unmixed(text: str) -> str | None:
    """`text` with each mixed word's look-alike letters of another script replaced by the Latin
    letters they imitate ("Аcme" with a Cyrillic А → "Acme"), or None when some cannot be."""
    table = prototypes()
    result = text
    for word in mixed_words(text):
        if sum(script_of(c) == "Latin" for c in word) * 2 <= len(word):
            return None  # mostly another script: which one was meant is not for us to say
        letters = [c if script_of(c) == "Latin" else table.get(ord(c), "") for c in word]
        if not all(len(found) == 1 and found.isascii() and found.isalpha() for found in letters):
            return None
        result = result.replace(word, "".join(letters), 1)
    return result if result != text else None


def mixes_scripts(text: str) -> set[str]:
    """The Latin-like scripts a name mixes across its words (empty when it uses one)."""
    found = scripts(unicodedata.normalize("NFC", text)) & SPOOFABLE
    return found if len(found) > 1 else set()


def styled_letters(text: str) -> str:
    """Fullwidth, mathematical, ligature and other compatibility letters, which NFKC would
    replace by plain ones ("Ａcme", "𝐀cme", "Proﬁle"), and small capitals ("ᴀcme")."""
    return "".join(
        dict.fromkeys(
            char
            for char in text
            if not char.isascii()
            and char.isalnum()
            and (unicodedata.normalize("NFKC", char) != char or "SMALL CAPITAL" in unicodedata.name(char, ""))
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


def check_names(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    """Vendors that share a name key, and solution names that imitate one another."""
    yield from check_vendor_names(catalog)
    yield from check_solution_names(catalog)


def check_vendor_names(catalog: Catalog) -> Iterator[Problem]:
    """No two vendors share a name key (name or legal name): one company, one entry."""
    fields = ("name", "legal_name")
    owners: dict[str, list[tuple[str, str, str]]] = {}
    for vendor_id, vendor in sorted(catalog.vendors.items()):
        for field in fields:
            value = vendor.data.get(field)
            if isinstance(value, str):
                owners.setdefault(comparison_key(value), []).append((vendor_id, field, value))
    for vendor_id, vendor in sorted(catalog.vendors.items()):
        for field in fields:
            value = vendor.data.get(field)
            if not isinstance(value, str):
                continue
            clashes = sorted({o for o in owners[comparison_key(value)] if o[0] != vendor_id})
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


def _plain(text: str) -> str:
    """A name with only case, width and spacing set aside: what a reader sees as "the same"."""
    return "".join(char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum())


def check_solution_names(catalog: Catalog) -> Iterator[Problem]:
    """No solution name imitates another's with look-alike letters ("Acrne Records" against
    "Acme Records").  Solutions may share a name openly (the vendor shows beside it); what is
    refused is a name that differs from another only in letters a reader cannot tell apart."""
    by_key: dict[str, dict[str, list[str]]] = {}
    for solution_id, solution in sorted(catalog.solutions.items()):
        name = solution.data.get("name")
        if isinstance(name, str):
            by_key.setdefault(comparison_key(name), {}).setdefault(_plain(name), []).append(solution_id)
    for spellings in by_key.values():
        if len(spellings) < 2:
            continue
        for plain, ids in spellings.items():
            other_plain = min(p for p in spellings if p != plain)
            other_id = spellings[other_plain][0]
            other = catalog.solutions[other_id]
            for solution_id in ids:
                solution = catalog.solutions[solution_id]
                yield at_entry(
                    solution,
                    "/name",
                    "confusable-name",
                    f'the name "{_clip(str(solution.data["name"]))}" can be mistaken for solution'
                    f' "{other_id}" (name "{_clip(str(other.data["name"]))}" in {other.file})',
                    "choose a name that differs in real letters, not in look-alike ones",
                )
