"""Everything the pages and data files are made from, gathered once per build."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from ..buildinfo import BuildInfo
from ..lapses import Standing
from ..model import Catalog, Contract, Offering, Solution
from ..pipeline import Result
from ..policy import Policy
from ..provenance import instruments_of
from ..terms import FAMILIES
from .views import Indexes, Layer, TermGroup, build_indexes, flat_terms, term_groups

T = TypeVar("T")


@dataclass(frozen=True)
class SiteData:
    catalog: Catalog
    indexes: Indexes
    policy: Policy
    info: BuildInfo
    edit_base: str | None = None  # repository URL that a project-relative path is appended to
    limited: int | None = None  # a preview of the first N solutions only
    # Entries not currently orderable: entry key → why and since when (lapses.py).
    standing: Standing = field(default_factory=dict)
    # The published schemas by file name: the contribute forms are made from them.
    schemas: Mapping[str, Any] = field(default_factory=dict)
    # Contract terms formatted once: every solution without overrides shows exactly these.
    _memo: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """`make()`, computed once per build for `key`."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def contract_groups(self, contract_id: str) -> list[TermGroup]:
        contract = self.catalog.contracts[contract_id]
        return self.memo(
            ("groups", contract_id),
            lambda: term_groups(
                contract.terms,
                self.currency,
                self._award_layer(contract_id),
                base_word=_base_word(contract),
                as_of=self.as_of,
            ),
        )

    def vehicle_groups(self, vehicle_id: str) -> list[TermGroup]:
        """A vehicle's common terms, as every award under it starts from them."""
        return self.memo(
            ("vehicle-groups", vehicle_id),
            lambda: term_groups(self.catalog.vehicles[vehicle_id].terms, self.currency),
        )

    def _award_layer(self, contract_id: str) -> tuple[Layer, ...]:
        """An award's own terms over its vehicle's common terms; nothing for a stand-alone contract."""
        contract = self.catalog.contracts[contract_id]
        if contract.vehicle is None:
            return ()
        signed = instruments_of(contract.data)
        return (Layer("award", contract.own_terms, contract.vehicle.terms, "vehicle", signed),)

    def offering_groups(self, solution: Solution, offering: Offering) -> list[TermGroup]:
        """A solution's terms under one contract: the contract's groups, with only the families its
        overrides touch formatted again (half the solutions of a large catalog have overrides)."""
        shared = self.contract_groups(offering.contract_id)
        touched = set(solution.overrides) & set(FAMILIES)
        if not touched:
            return shared
        fresh = {group.family: group for group in self._override_groups(solution, offering, touched, False)}
        groups = {group.family: group for group in shared if group.family not in touched}
        groups.update(fresh)
        return [groups[family] for family in FAMILIES if family in groups]

    def own_groups(self, solution: Solution, offering: Offering) -> list[TermGroup]:
        """Only the rows of `offering_groups` whose value the solution states itself (its
        overrides), as its page tabulates them; the rows it leaves as the contract has them are
        not formatted at all. A row's `clause` is not the shown-once one: read `citation`."""
        touched = set(solution.overrides) & set(FAMILIES)
        return self._override_groups(solution, offering, touched, True) if touched else []

    def _override_groups(
        self, solution: Solution, offering: Offering, touched: set[str], stated_only: bool
    ) -> list[TermGroup]:
        contract = self.catalog.contracts[offering.contract_id]
        layers = (
            *self._award_layer(offering.contract_id),
            Layer(
                "this solution", solution.overrides, contract.terms, "contract", instruments_of(solution.data)
            ),
        )
        return term_groups(
            offering.effective_terms,
            self.currency,
            layers,
            only=touched,
            base_word=_base_word(contract),
            as_of=self.as_of,
            stated_only=stated_only,
        )

    def contract_flat(self, contract_id: str) -> dict[str, list[str]]:
        return self.memo(("flat", contract_id), lambda: flat_terms(self.contract_groups(contract_id)))

    @property
    def as_of(self) -> date:
        return self.catalog.today

    @property
    def currency(self) -> str:
        return self.policy.currency

    @property
    def jurisdiction(self) -> str:
        return str(self.policy.data.get("jurisdiction") or "")

    @property
    def fictional(self) -> bool:
        """The demo's policy names a jurisdiction "(fictional)": every page then says so."""
        return "fictional" in self.jurisdiction.lower()

    def edit_url(self, file: str) -> str | None:
        return f"{self.edit_base}{file}" if self.edit_base else None


def limit_catalog(catalog: Catalog, limit: int) -> Catalog:
    """The first `limit` solutions by id and only what they refer to, for a fast preview."""
    kept = dict(sorted(catalog.solutions.items())[: max(limit, 0)])
    contracts = {o.contract_id for s in kept.values() for o in s.offerings}
    vendors = {s.vendor_id for s in kept.values()} | {
        catalog.contracts[c].vendor_id for c in contracts if c in catalog.contracts
    }
    scenarios = {
        key: scenario
        for key, scenario in catalog.scenarios.items()
        if set(scenario.data.get("ready_solutions", [])) & set(kept)
    }
    vehicles = {catalog.contracts[c].vehicle_id for c in contracts if c in catalog.contracts}
    return Catalog(
        catalog.today,
        {k: v for k, v in catalog.vendors.items() if k in vendors},
        {k: v for k, v in catalog.contracts.items() if k in contracts},
        kept,
        scenarios,
        set(catalog.broken),
        {k: v for k, v in catalog.vehicles.items() if k in vehicles},
    )


def site_data(
    result: Result, info: BuildInfo, edit_base: str | None = None, limit: int | None = None
) -> SiteData:
    catalog = result.catalog if limit is None else limit_catalog(result.catalog, limit)
    return SiteData(
        catalog,
        build_indexes(catalog, result.waived),
        result.project.policy,
        info,
        edit_base,
        limit,
        result.standing,
        result.project.schemas.by_file,
    )


def _base_word(contract: Contract) -> str:
    """Where a term no layer states comes from: an award's vehicle; "" for a stand-alone contract."""
    return "vehicle" if contract.vehicle is not None else ""
