"""Signed instruments as data: which signed document binds each term an award or a solution states
beyond the terms it stands on.

An instrument (an amendment, a rider, a task-order clause, an award letter, the executed contract,
a waiver memo) names the terms it `covers` as dotted paths; a path covers every field below it.
A term is signed when an instrument covering it was signed on or before the day the catalog is
checked: one signed later does not bind yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .terms import iter_leaves

TYPE_WORDS = {
    "amendment": "amendment",
    "rider": "rider",
    "task_order_clause": "task-order clause",
    "award_letter": "award letter",
    "executed_contract": "executed contract",
    "waiver_memo": "waiver memo",
}


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    party: str


@dataclass(frozen=True)
class Instrument:
    id: str
    type: str
    title: str
    signed: date
    url: str
    signatories: tuple[Signatory, ...]
    covers: tuple[str, ...]

    def covers_path(self, path: str) -> bool:
        return any(path == cover or path.startswith(cover + ".") for cover in self.covers)

    @property
    def signed_by(self) -> str:
        """ "Dana Ruiz (Chief Procurement Officer, purchaser); …" """
        return "; ".join(f"{s.name} ({s.role}, {s.party.replace('_', ' ')})" for s in self.signatories)


def instruments_of(data: Mapping[str, Any]) -> tuple[Instrument, ...]:
    """The instruments an entry's (schema-valid) data records."""
    return tuple(
        Instrument(
            str(item["id"]),
            str(item["type"]),
            str(item["title"]),
            date.fromisoformat(item["date"]),
            str(item["url"]),
            tuple(Signatory(s["name"], s["role"], s["party"]) for s in item["signatories"]),
            tuple(item["covers"]),
        )
        for item in data.get("instruments") or ()
    )


def signed_terms(stated: Mapping[str, Any]) -> Iterable[str]:
    """The term paths a layer states that need a signature: every leaf but clause references."""
    return (path for path, _ in iter_leaves(stated) if not path.endswith(".section"))


def signing(instruments: Iterable[Instrument], path: str, as_of: date) -> Instrument | None:
    """The instrument that binds `path` on `as_of`: of those covering it and signed by then, the
    latest (a later amendment supersedes an earlier one); None when none does."""
    found = [i for i in instruments if i.covers_path(path) and i.signed <= as_of]
    return max(found, key=lambda i: (i.signed, i.id)) if found else None
