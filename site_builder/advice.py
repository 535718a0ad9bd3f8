"""What to do about a finding: the words, and the fix as data when it is mechanical.

Every hint that names an edit builds it here, so the words a person reads, the `fix` in the JSON
output and what `catalog fix` writes are one thing: the text output renders the changes as the
YAML to write (see `fixtext.py`), never as a dotted path that, pasted, would be one long key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .problems import Change, Fix, FixKind

# difflib's ratio above which a known name counts as what was meant: "acme-gvo" finds "acme-gov",
# "county" finds no buyer type.
CLOSE_ENOUGH = 0.6
_DOTTED = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class Advice:
    """A hint, and the fix it describes when one can be made without a person's judgement."""

    text: str
    fix: Fix | None = None
    asks: tuple[Change, ...] = ()  # see Problem.asks


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known name `word` most likely misspells, or None when none is close.

    A name cut short ("fedramp_moderat", "cyber" for "cyber_privacy_liability") counts as
    nearly right, and a dotted path is compared part by part, so "insurance.coverages.cyber.
    per_claim" finds the cyber coverage rather than the one spelt most like it ("crime")."""
    best, best_score = None, CLOSE_ENOUGH
    for choice in choices:
        score = _score(word, choice)
        if score > best_score or (score == best_score and best is None and score > 0):
            best, best_score = choice, score
    return best


def _score(word: str, choice: str) -> float:
    if word == choice:
        return 1.0
    parts, known = word.split("."), choice.split(".")
    if len(parts) > 1 and len(parts) == len(known):
        return sum(_part_score(a, b) for a, b in zip(parts, known, strict=True)) / len(parts)
    return _part_score(word, choice)


def _part_score(word: str, choice: str) -> float:
    if word == choice:
        return 1.0
    if word.replace("-", "_").lower() == choice.replace("-", "_").lower():
        return 0.99  # only case or separators differ
    if len(word) >= 4 and (choice.startswith(word) or word.startswith(choice)):
        return 0.9
    return difflib.SequenceMatcher(None, word, choice).ratio()


def did_you_mean(word: str, choices: Sequence[str], pointer: str, rest: str = "") -> Advice:
    """ "did you mean "x"?" with the replacement as a suggested fix, then `rest` (what else to do)."""
    return _suggest("set", word, choices, pointer, rest)


def renamed_key(word: str, choices: Sequence[str], pointer: str, rest: str = "") -> Advice:
    """The same for a misspelt field name: the fix renames the key where it stands."""
    return _suggest("rename", word, choices, pointer, rest)


def _suggest(op: str, word: str, choices: Sequence[str], pointer: str, rest: str) -> Advice:
    guess = closest(word, choices)
    if guess is None:
        return Advice(rest)
    text = f'did you mean "{guess}"? {rest}'.strip()
    return Advice(text, Fix((Change(op, pointer, guess),), FixKind.SUGGESTION))


def set_value(pointer: str, value: Any, text: str, kind: FixKind = FixKind.CORRECTION) -> Advice:
    return Advice(text, Fix((Change("set", pointer, value),), kind))


def remove(pointer: str, text: str, kind: FixKind = FixKind.CORRECTION) -> Advice:
    return Advice(text, Fix((Change("remove", pointer),), kind))


def commit(text: str, *changes: Change) -> Advice:
    """A fix that records a term or a plan: only true if the signed documents say so."""
    return Advice(text, Fix(tuple(changes), FixKind.COMMITMENT))


def term_pointer(prefix: str, term_path: str) -> str:
    """`/terms` + `insurance.crime.per_claim` → `/terms/insurance/crime/per_claim`."""
    return prefix + "".join(f"/{part}" for part in term_path.split("."))


def nested_key(pointer: str, key: str, value: Any) -> Advice | None:
    """A key written as a dotted path (`terms_overrides.encryption.at_rest: true`, as a hint of
    old put it) is one long field name; the fix writes it nested, one part per level."""
    if not _DOTTED.fullmatch(key):
        return None
    parent = pointer[: pointer.rfind("/")]
    nested = parent + "".join(f"/{part}" for part in key.split("."))
    return Advice(
        "a dotted path is not a field name: write each part on its own line, each one level deeper, as below",
        Fix((Change("remove", pointer), Change("set", nested, value))),
    )
