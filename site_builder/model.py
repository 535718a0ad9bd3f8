"""The catalog as typed data: entries, their computed status, and the indexes between them.

Built only from entries that passed schema validation, so field access here never fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from . import terms as term_vocabulary

# In the order they are built: an award needs its vehicle, a solution its contracts.
KINDS = ("vendors", "vehicles", "contracts", "solutions", "scenarios")
SINGULAR = {
    "vendors": "vendor",
    "vehicles": "vehicle",
    "contracts": "contract",
    "solutions": "solution",
    "scenarios": "scenario",
}
CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
RISK_TIERS = ("low", "moderate", "high")


def classification_rank(level: str) -> int:
    return CLASSIFICATIONS.index(level)


class Status(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_STARTED = "not_started"


# The words of each status; the open data publishes them once (`meta.status_labels`).
STATUS_WORDS = {
    Status.ACTIVE: "active",
    Status.EXPIRING: "expiring in {days_left} days",
    Status.EXPIRED: "expired",
    Status.NOT_STARTED: "not yet started",
}


@dataclass(frozen=True)
class Validity:
    """Where a dated thing stands on the as-of date."""

    status: Status
    days_left: int  # negative once expired

    @property
    def label(self) -> str:
        if self.status is Status.EXPIRING and self.days_left == 1:
            return "expiring in 1 day"
        return STATUS_WORDS[self.status].format(days_left=self.days_left)


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
class Vehicle(Entry):
    """A solicitation and the vehicle it set up (a schedule, an umbrella group, a cooperative's
    master agreements): the common terms, lots and period every award under it shares."""

    start: date = date.min
    end: date = date.max
    validity: Validity = Validity(Status.ACTIVE, 0)

    @property
    def terms(self) -> Mapping[str, Any]:
        return self.data["terms"]  # type: ignore[no-any-return]

    @property
    def number(self) -> str:
        return str(self.data["solicitation_number"])

    @property
    def lots(self) -> list[Mapping[str, Any]]:
        return list(self.data.get("lots") or [])

    @property
    def citation(self) -> str:
        """The vehicle's numbers as a buyer cites them: "Group 73600, Award 22802"."""
        parts = [
            f"{words} {self.data[key]}"
            for key, words in (("group_number", "Group"), ("award_number", "Award"))
            if self.data.get(key)
        ]
        return ", ".join(parts) or f"Solicitation {self.number}"


# What an award under a vehicle takes from it when it does not state its own.
INHERITED = ("vehicle_type", "issuing_authority", "period")


@dataclass(frozen=True)
class Contract(Entry):
    """A contract a vendor holds: a stand-alone contract with its full terms, or an award under a
    vehicle, whose terms are the vehicle's common terms with the award's own tightenings on top."""

    start: date = date.min
    end: date = date.max
    validity: Validity = Validity(Status.ACTIVE, 0)
    vehicle: Vehicle | None = None
    merged_terms: Mapping[str, Any] | None = None  # vehicle ← award; None when stand-alone

    @property
    def terms(self) -> Mapping[str, Any]:
        """The terms every order under this contract gets."""
        if self.merged_terms is not None:
            return self.merged_terms
        return self.data["terms"]  # type: ignore[no-any-return]

    @property
    def own_terms(self) -> Mapping[str, Any]:
        """The terms this file states: all of them, or an award's tightenings."""
        return self.data.get("terms") or {}

    @property
    def vehicle_id(self) -> str | None:
        found = self.data.get("vehicle")
        return str(found) if found else None

    @property
    def vendor_id(self) -> str:
        return str(self.data["vendor"])

    @property
    def number(self) -> str:
        return str(self.data["number"])

    def inherited(self, key: str) -> Any:
        """A field the award states, else its vehicle's."""
        if key in self.data or self.vehicle is None:
            return self.data.get(key)
        return self.vehicle.data.get(key)

    @property
    def vehicle_type(self) -> str:
        return str(self.inherited("vehicle_type"))

    @property
    def issuing_authority(self) -> Mapping[str, Any]:
        return self.inherited("issuing_authority")  # type: ignore[no-any-return]

    @property
    def period(self) -> Mapping[str, Any]:
        return self.inherited("period")  # type: ignore[no-any-return]

    @property
    def lots(self) -> list[Mapping[str, Any]]:
        """The lots orders may be placed in: an award's lots awarded (all of its vehicle's when it
        names none), or a stand-alone contract's own."""
        if self.vehicle is None:
            return list(self.data.get("lots") or [])
        awarded = self.data.get("lots_awarded")
        return [lot for lot in self.vehicle.lots if awarded is None or lot["id"] in awarded]

    @property
    def documents(self) -> list[Mapping[str, Any]]:
        """The award's documents, then its vehicle's (the solicitation, the common appendices)."""
        shared = self.vehicle.data.get("documents", []) if self.vehicle else []
        return [*self.data.get("documents", []), *shared]

    @property
    def contacts(self) -> list[Mapping[str, Any]]:
        shared = self.vehicle.data.get("contacts", []) if self.vehicle else []
        return [*self.data.get("contacts", []), *shared]

    @property
    def award_citation(self) -> str:
        """What a purchase order cites besides the contract number: the award number and the
        vehicle's numbers ("award 7, Group 73600, Award 22802"), or ""."""
        parts = []
        if self.data.get("award_number"):
            parts.append(f"award {self.data['award_number']}")
        if self.vehicle is not None:
            parts.append(self.vehicle.citation)
        return ", ".join(parts)

    @property
    def citation(self) -> str:
        """What a purchase order cites: "contract PM20871, Group 73600, Award 22802"."""
        extra = self.award_citation
        return f"contract {self.number}, {extra}" if extra else f"contract {self.number}"


@dataclass(frozen=True)
class Offering:
    """A solution as offered under one contract, with the terms that then apply."""

    contract_id: str
    lots: tuple[str, ...]
    index: int  # position in `offered_under`, for locating problems
    effective_terms: Mapping[str, Any]
    vehicle_id: str | None = None  # the contract's vehicle, when it is an award under one


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
    @property
    def authority_pairs(self) -> list[tuple[str, str]]:
        """(buyer type, authority) as the scenario names them, in its order."""
        return [(str(item["buyer_type"]), str(item["authority"])) for item in self.data["authorities"]]

    @property
    def buyer_types(self) -> list[str]:
        """The buyer types the scenario covers, in the order it first names them."""
        return list(dict.fromkeys(buyer for buyer, _ in self.authority_pairs))


# Best first: a solution stands as well as the best of the contracts it is offered under.
STATUS_ORDER = (Status.ACTIVE, Status.EXPIRING, Status.NOT_STARTED, Status.EXPIRED)


@dataclass(frozen=True)
class CatalogIndex:
    """Reverse lookups by id, built in one pass over the catalog, each list sorted by id.

    Pages, exports and rules ask for "the solutions under this contract" once per entry; scanning
    the catalog for each would make a build quadratic in its size.
    """

    sizes: tuple[int, ...]  # entries per kind when built: an added entry makes the index stale
    solutions_by_vendor: Mapping[str, list[str]]
    solutions_by_contract: Mapping[str, list[str]]
    solutions_by_category: Mapping[str, list[str]]
    contracts_by_vendor: Mapping[str, list[str]]
    contracts_by_vehicle: Mapping[str, list[str]]
    scenarios_by_solution: Mapping[str, list[str]]
    scenarios_by_contract: Mapping[str, list[str]]
    status: Mapping[str, Validity]  # solution id → solution_status


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
    vehicles: dict[str, Vehicle] = field(default_factory=dict)
    # Awards whose vehicle is missing or has errors: their terms cannot be known, so they are
    # kept out of `contracts` (and counted as broken); the reference rule reports them.
    detached: dict[str, Contract] = field(default_factory=dict)
    # "<kinds>/<id>" of entries a check of named files loaded only as context: their findings are
    # never reported, so advice worked out for them (a "did you mean") would be thrown away.
    context: frozenset[str] = frozenset()
    _index: CatalogIndex | None = field(default=None, init=False, repr=False, compare=False)

    def of_kind(self, kind: str) -> Mapping[str, Entry]:
        return getattr(self, kind)  # type: ignore[no-any-return]

    def entries(self) -> list[Entry]:
        return [entry for kind in KINDS for _, entry in sorted(self.of_kind(kind).items())]

    def index(self) -> CatalogIndex:
        """The reverse lookups, built on first use and again once entries were added."""
        sizes = tuple(len(self.of_kind(kind)) for kind in KINDS)
        if self._index is None or self._index.sizes != sizes:
            self._index = build_index(self, sizes)
        return self._index


def build_index(catalog: Catalog, sizes: tuple[int, ...]) -> CatalogIndex:
    by_vendor: dict[str, list[str]] = {}
    by_contract: dict[str, list[str]] = {}
    by_category: dict[str, list[str]] = {}
    status: dict[str, Validity] = {}
    for solution_id, solution in sorted(catalog.solutions.items()):
        by_vendor.setdefault(solution.vendor_id, []).append(solution_id)
        by_category.setdefault(solution.category, []).append(solution_id)
        for contract_id in dict.fromkeys(o.contract_id for o in solution.offerings):
            by_contract.setdefault(contract_id, []).append(solution_id)
        status[solution_id] = solution_status(catalog, solution)
    contracts_by_vendor: dict[str, list[str]] = {}
    contracts_by_vehicle: dict[str, list[str]] = {}
    for contract_id, contract in sorted(catalog.contracts.items()):
        contracts_by_vendor.setdefault(contract.vendor_id, []).append(contract_id)
        if contract.vehicle_id:
            contracts_by_vehicle.setdefault(contract.vehicle_id, []).append(contract_id)
    by_solution: dict[str, list[str]] = {}
    scenarios_by_contract: dict[str, list[str]] = {}
    for scenario_id, scenario in sorted(catalog.scenarios.items()):
        for solution_id in dict.fromkeys(scenario.data.get("ready_solutions", [])):
            by_solution.setdefault(solution_id, []).append(scenario_id)
        for contract_id in dict.fromkeys(scenario.data.get("ready_contracts", [])):
            scenarios_by_contract.setdefault(contract_id, []).append(scenario_id)
    return CatalogIndex(
        sizes,
        by_vendor,
        by_contract,
        by_category,
        contracts_by_vendor,
        contracts_by_vehicle,
        by_solution,
        scenarios_by_contract,
        status,
    )


def solution_status(catalog: Catalog, solution: Solution) -> Validity:
    """Where a solution stands: as well as the contract under which it can best be ordered today
    (then the one with the most days left); expired when it is on no contract in the catalog."""
    found = [catalog.contracts[o.contract_id].validity for o in solution.offerings]
    if not found:
        return Validity(Status.EXPIRED, 0)
    return min(found, key=lambda v: (STATUS_ORDER.index(v.status), -v.days_left))


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def build_entry(
    kind: str,
    file: str,
    data: Mapping[str, Any],
    today: date,
    warn_days: int,
    contracts: Mapping[str, Contract] | None = None,
    vehicles: Mapping[str, Vehicle] | None = None,
) -> Entry:
    """Make the typed entry for validated `data`; awards need their vehicles already built, and
    solutions their contracts. An award whose vehicle is not in `vehicles` has no vehicle (the
    caller keeps it apart: see `Catalog.detached`)."""
    entry_id = str(data["id"])
    if kind == "contracts":
        vehicle = (vehicles or {}).get(str(data.get("vehicle")))
        period = data.get("period") or (vehicle.data["period"] if vehicle else {})
        start = parse_date(period["start"]) if period else date.min
        end = parse_date(period["end"]) if period else date.max
        merged = term_vocabulary.merge(vehicle.terms, data.get("terms") or {}) if vehicle else None
        state = validity(end, today, warn_days, start)
        return Contract(kind, entry_id, file, data, start, end, state, vehicle, merged)
    if kind == "vehicles":
        period = data["period"]
        start, end = parse_date(period["start"]), parse_date(period["end"])
        return Vehicle(kind, entry_id, file, data, start, end, validity(end, today, warn_days, start))
    if kind == "solutions":
        return Solution(kind, entry_id, file, data, build_offerings(data, contracts or {}))
    if kind == "vendors":
        return Vendor(kind, entry_id, file, data)
    return Scenario(kind, entry_id, file, data)


def build_offerings(data: Mapping[str, Any], contracts: Mapping[str, Contract]) -> tuple[Offering, ...]:
    """Effective terms per contract: the contract's terms (for an award, its vehicle's common terms
    with the award's tightenings) with the solution's overrides on top.

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
                    contract.vehicle_id,
                )
            )
    return tuple(offerings)
