"""Solutions as compact rows: how the lists outside a solution's category page show it (the full
card, with its summary, is on the category page). A row is the name as a link, the status badges
and only what the page does not already say; a name that repeats on the page carries, in its
link, the first fact that tells its namesakes apart, so a screen reader's list of links never
holds two identical entries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# What can tell two solutions of the same name apart, in the order a reader would look for it;
# the id, last, always does.
TELLING = ("vendor", "category", "contracts")


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class Listed(Named, Protocol):
    """What a row needs of a solution (context.Card has it)."""

    @property
    def vendor_id(self) -> str: ...
    @property
    def vendor(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def contracts(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Row:
    card: Listed
    tell: str  # in the link after the name when the name repeats on the page, else ""
    beside: tuple[str, ...]  # the facts shown after the badges


def fact(card: Listed, field: str) -> str:
    if field == "vendor":
        return card.vendor
    if field == "category":
        return card.category
    if field == "contracts":
        return ("contracts " if len(card.contracts) > 1 else "contract ") + ", ".join(card.contracts)
    return card.id


def name_order(card: Named) -> tuple[str, str, str]:
    """A to Z by name, whatever its case; namesakes by id, so the order is the same every build."""
    return card.name.casefold(), card.name, card.id


def _tells(cards: Sequence[Listed], known: Iterable[str]) -> dict[str, tuple[str, str]]:
    """{id: (field, text)} for the cards whose name another card of the page shares."""
    candidates = [f for f in TELLING if f not in set(known)] + ["id"]
    namesakes: dict[str, list[Listed]] = {}
    for card in cards:
        namesakes.setdefault(card.name.casefold(), []).append(card)
    found: dict[str, tuple[str, str]] = {}
    for same in namesakes.values():
        if len(same) < 2:
            continue
        for field in candidates:
            texts = [fact(card, field) for card in same]
            if len(set(texts)) == len(texts):
                break
        found.update((card.id, (field, text)) for card, text in zip(same, texts, strict=True))
    return found


def compact_rows(
    cards: Sequence[Listed], known: Iterable[str], shown: Sequence[str], own_vendor: str = ""
) -> list[Row]:
    """The rows of one page, in the order of `cards`. `known` are the facts the page itself says
    (never used to tell namesakes apart), `shown` the facts each row states after its badges; a
    row of `own_vendor`'s does not repeat the vendor, and a fact in the link is not repeated."""
    tells = _tells(cards, known)
    rows = []
    for card in cards:
        told, tell = tells.get(card.id, ("", ""))
        beside = tuple(
            fact(card, field)
            for field in shown
            if field != told and not (field == "vendor" and card.vendor_id == own_vendor)
        )
        rows.append(Row(card, tell, beside))
    return rows


def by_category(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped under their category, the groups A to Z; each group keeps the rows' order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.card.category, []).append(row)
    return sorted(groups.items(), key=lambda item: item[0].casefold())
