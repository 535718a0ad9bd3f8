"""The catalog as typed data: entries, their computed status, and the indexes between them.

Built only from entries that passed schema validation, so field access here never fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Self

from . import terms as term_vocabulary

KINDS = ("vendors", "contracts", "solutions", "scenarios")
SINGULAR = {"vendors": "vendor", "contracts": "contract", "solutions": "solution", "scenarios": "scenario"}
CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
RISK_TIERS = ("low", "moderate", "high")


def classification_rank(level: str) -> int:
    return CLASSIFICATIONS.index(level)


class Status(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class Validity:
    """Where a dated thing stands on the as-of date."""

    status: Status
    days_left: int  # negative once expired

    @property
    def label(self) -> str:
        if self.status is Status.EXPIRED:
            return "expired"
        if self.status is Status.NOT_STARTED:
            return "not yet started"
        if self.status is Status.EXPIRING:
            return f"expiring in {self.days_left} day{'s' if self.days_left != 1 else ''}"
        return "active"


def validity(end: date, today: date, warn_days: int, start: date | None = None) -> Validity:
    days_left = (end - today).days
    if days_left < 0:
        return Validity(Status.EXPIRED, days_left)
    if start is not None and start > today:
        return Validity(Status.NOT_STARTED, days_left)
    if days_left <= warn_days:
        return Validity(Status.EXPIRING, days_left)
    return Validity(Status.ACTIVE, days_left)


@dataclass(frozen=True)
class Entry:
    """One YAML file's validated content."""

    kind: str
    id: str
    file: str  # project-relative, "/"-separated
    data: Mapping[str, Any]

    @property
    def key(self) -> str:
        """`<kinds>/<id>`, the name waivers and exports use."""
        return f"{self.kind}/{self.id}"

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.data.get("title") or self.id)


@dataclass(frozen=True)
class Vendor(Entry):
    pass


@dataclass(frozen=True)
class Contract(Entry):
    start: date = date.min
    end: date = date.max
    validity: Validity = Validity(Status.ACTIVE, 0)

    @property
    def terms(self) -> Mapping[str, Any]:
        return self.data["terms"]  # type: ignore[no-any-return]

    @property
    def vendor_id(self) -> str:
        return str(self.data["vendor"])

    @property
    def number(self) -> str:
        return str(self.data["number"])


@dataclass(frozen=True)
class Offering:
    """A solution as offered under one contract, with the terms that then apply."""

    contract_id: str
    lots: tuple[str, ...]
    index: int  # position in `offered_under`, for locating problems
    effective_terms: Mapping[str, Any]


@dataclass(frozen=True)
class Solution(Entry):
    offerings: tuple[Offering, ...] = ()

    @property
    def vendor_id(self) -> str:
        return str(self.data["vendor"])

    @property
    def category(self) -> str:
        return str(self.data["category"])

    @property
    def risk_tier(self) -> str:
        return str(self.data["risk_tier"])

    @property
    def classification(self) -> str:
        return str(self.data["data"]["max_classification"])

    @property
    def overrides(self) -> Mapping[str, Any]:
        return self.data.get("terms_overrides") or {}

    @property
    def emergency_ready(self) -> bool:
        return bool((self.data.get("emergency") or {}).get("ready"))


@dataclass(frozen=True)
class Scenario(Entry):
    pass


class _Entries(dict):  # type: ignore[type-arg]
    """A kind's entries by id, counting its changes so that indexes built from it know when
    they are stale (a catalog is filled entry by entry while it is built)."""

    version = 0

    def _changed(self) -> None:
        self.version += 1

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)
        self._changed()

    def __ior__(self, other: Any) -> Self:  # type: ignore[misc]  # dict types `|` and `|=` apart
        super().__ior__(other)
        self._changed()
        return self

    def clear(self) -> None:
        super().clear()
        self._changed()

    def pop(self, *args: Any) -> Any:
        self._changed()
        return super().pop(*args)

    def popitem(self) -> Any:
        self._changed()
        return super().popitem()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._changed()
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._changed()


@dataclass(frozen=True)
class _Indexes:
    solutions_under: dict[str, list[Solution]]
    solutions_of: dict[str, list[Solution]]
    contracts_of: dict[str, list[Contract]]
    scenarios_for: dict[str, list[Scenario]]


@dataclass
class Catalog:
    """Every valid entry, by kind and id, with reverse indexes."""

    today: date
    vendors: dict[str, Vendor] = field(default_factory=dict)
    contracts: dict[str, Contract] = field(default_factory=dict)
    solutions: dict[str, Solution] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    # "<kinds>/<id>" of files that exist but failed their own checks: references to them are
    # not reported again, since the run fails on the file itself.
    broken: set[str] = field(default_factory=set)
    # The reverse indexes, built on first use and again after any change to the entries: a site
    # page per entry asks for them, and scanning every solution per page would be quadratic.
    _indexes: tuple[tuple[int, ...], _Indexes] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for kind in KINDS:
            setattr(self, kind, _Entries(getattr(self, kind)))

    def of_kind(self, kind: str) -> Mapping[str, Entry]:
        return getattr(self, kind)  # type: ignore[no-any-return]

    def entries(self) -> list[Entry]:
        return [entry for kind in KINDS for _, entry in sorted(self.of_kind(kind).items())]

    def _stamp(self) -> tuple[int, ...] | None:
        """Which entries the indexes were built from; None if a kind was replaced by a plain dict
        (whose changes cannot be seen), and then nothing is cached."""
        stamp: list[int] = []
        for kind in KINDS:
            entries = getattr(self, kind)
            if not isinstance(entries, _Entries):
                return None
            stamp += [id(entries), entries.version]
        return tuple(stamp)

    def _index(self) -> _Indexes:
        stamp = self._stamp()
        if stamp is not None and self._indexes is not None and self._indexes[0] == stamp:
            return self._indexes[1]
        under: dict[str, list[Solution]] = {}
        by_vendor: dict[str, list[Solution]] = {}
        ready_in: dict[str, list[Scenario]] = {}
        for _, solution in sorted(self.solutions.items()):
            for contract_id in dict.fromkeys(o.contract_id for o in solution.offerings):
                under.setdefault(contract_id, []).append(solution)
            by_vendor.setdefault(solution.vendor_id, []).append(solution)
        contracts: dict[str, list[Contract]] = {}
        for _, contract in sorted(self.contracts.items()):
            contracts.setdefault(contract.vendor_id, []).append(contract)
        for _, scenario in sorted(self.scenarios.items()):
            for ref in dict.fromkeys(scenario.data.get("ready_solutions", [])):
                ready_in.setdefault(ref, []).append(scenario)
        indexes = _Indexes(under, by_vendor, contracts, ready_in)
        if stamp is not None:
            self._indexes = (stamp, indexes)
        return indexes

    def solutions_under(self, contract_id: str) -> list[Solution]:
        return list(self._index().solutions_under.get(contract_id, ()))

    def solutions_of(self, vendor_id: str) -> list[Solution]:
        return list(self._index().solutions_of.get(vendor_id, ()))

    def contracts_of(self, vendor_id: str) -> list[Contract]:
        return list(self._index().contracts_of.get(vendor_id, ()))

    def scenarios_for(self, solution_id: str) -> list[Scenario]:
        return list(self._index().scenarios_for.get(solution_id, ()))


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def build_entry(
    kind: str,
    file: str,
    data: Mapping[str, Any],
    today: date,
    warn_days: int,
    contracts: Mapping[str, Contract] | None = None,
) -> Entry:
    """Make the typed entry for validated `data`; solutions need the contracts already built."""
    entry_id = str(data["id"])
    if kind == "contracts":
        period = data["period"]
        start, end = parse_date(period["start"]), parse_date(period["end"])
        return Contract(kind, entry_id, file, data, start, end, validity(end, today, warn_days, start))
    if kind == "solutions":
        return Solution(kind, entry_id, file, data, build_offerings(data, contracts or {}))
    if kind == "vendors":
        return Vendor(kind, entry_id, file, data)
    return Scenario(kind, entry_id, file, data)


def build_offerings(data: Mapping[str, Any], contracts: Mapping[str, Contract]) -> tuple[Offering, ...]:
    """Effective terms per contract: the contract's terms with the solution's overrides on top.

    Only contracts that are in the catalog give an offering: a missing one is reported by the
    reference check, and one with errors of its own by those errors, not once per solution.
    """
    overrides = data.get("terms_overrides") or {}
    offerings = []
    for index, item in enumerate(data["offered_under"]):
        contract = contracts.get(item["contract"])
        if contract is not None:
            offerings.append(
                Offering(
                    item["contract"],
                    tuple(item.get("lots", ())),
                    index,
                    term_vocabulary.merge(contract.terms, overrides),
                )
            )
    return tuple(offerings)
