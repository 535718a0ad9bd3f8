"""The values each template is rendered with, computed per page from the shared site data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from .. import terms
from ..eligibility import ORIGIN_WORDS, addenda, origin
from ..model import STATUS_ORDER, Contract, Solution, Status, Validity
from . import coverage
from . import scenarios as scenario_views
from .buyers import contract_answers, contract_rows, provisions_words, table_notes
from .contribute import contribute_context
from .emergency import emergency_panel, who_may_buy
from .labels import CATEGORIES, label
from .markup import environment
from .pages import PER_PAGE, PageSpec
from .rows import by_category, compact_rows, name_order
from .sitedata import SiteData
from .termtable import own_terms, single_term, solution_contracts, term_matrix
from .vehicles import vehicle_context
from .views import (
    TermGroup,
    contract_deadlines,
    credentials,
    entry_credentials,
)


@dataclass(frozen=True)
class Card:
    """A solution as lists show it."""

    id: str
    name: str
    summary: str
    vendor_id: str
    vendor: str
    category: str
    status: Validity
    contracts: tuple[str, ...]  # contract numbers
    emergency: bool
    orderable: bool = True  # False when something it relies on has lapsed (lapses.py)


def card(data: SiteData, solution: Solution) -> Card:
    catalog = data.catalog
    vendor = catalog.vendors.get(solution.vendor_id)
    return Card(
        solution.id,
        solution.name,
        str(solution.data["summary"]),
        solution.vendor_id,
        vendor.name if vendor else solution.vendor_id,
        label("category", solution.category),
        data.indexes.status[solution.id],
        tuple(catalog.contracts[o.contract_id].number for o in solution.offerings),
        solution.emergency_ready,
        solution.key not in data.standing,
    )


def term_rows(data: SiteData, groups: list[TermGroup], contract_id: str) -> Markup:
    """The body of a terms table, one <tbody> per family; a family a solution leaves as its
    contract has it is rendered once per build and shared."""
    template = environment().get_template("_term_rows.html.j2")
    shared = {id(group) for group in data.contract_groups(contract_id)}
    parts = []
    for group in groups:
        if id(group) in shared:
            parts.append(
                data.memo(("tbody", contract_id, group.family), partial(template.render, groups=[group]))
            )
        else:
            parts.append(template.render(groups=[group]))
    return Markup("".join(parts))  # noqa: S704  (rendered by the autoescaping environment)


def _base_of(spec: PageSpec) -> str:
    """The prefix back to the site root (as `render.relative_base` computes it)."""
    return "../" * spec.url.count("/")


def _unique_contracts(offerings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({id(o["contract"]): o for o in offerings}.values())


def _page_of(ids: list[str], spec: PageSpec) -> list[str]:
    start = (spec.number - 1) * PER_PAGE
    return ids[start : start + PER_PAGE]


# The pager (`pager` in templates/_macros.html.j2) links the first and the last page and those
# within two of the current one, and puts an ellipsis three away: nothing farther off shows.
PAGER_REACH = 3


@dataclass(frozen=True)
class Pager:
    """(number, path from the site root) of a list's pages, as the pager reads them: its length
    is the number of pages, but it yields only the pages the pager can show (see PAGER_REACH).
    Walking every page on every page was a loop over the square of the pages in the templates:
    at 50,000 solutions, 500 pages of 500 turns each. tests/test_site_pager.py renders the
    macro with every page listed and with this for lists of every length up to 40 pages."""

    prefix: str
    current: int
    pages: int

    def __len__(self) -> int:
        return self.pages

    def __iter__(self) -> Iterator[tuple[int, str]]:
        near = range(max(1, self.current - PAGER_REACH), min(self.pages, self.current + PAGER_REACH) + 1)
        for number in sorted({1, *near, self.pages} if self.pages else ()):
            yield number, f"{self.prefix}/" if number == 1 else f"{self.prefix}/page/{number}/"


def _pager(spec: PageSpec, prefix: str) -> Pager:
    return Pager(prefix, spec.number, spec.pages)


def home(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    catalog = data.catalog
    statuses = [c.validity.status for c in catalog.contracts.values()]
    return {
        "counts": {
            kind: len(catalog.of_kind(kind)) for kind in ("solutions", "vendors", "contracts", "scenarios")
        },
        "active_contracts": sum(s is Status.ACTIVE for s in statuses),
        "expiring_contracts": sum(s is Status.EXPIRING for s in statuses),
        "expired_contracts": sum(s is Status.EXPIRED for s in statuses),
        "emergency_ready": sum(s.emergency_ready for s in catalog.solutions.values()),
        "categories": _categories(data),
        "scenarios": [catalog.scenarios[k] for k in sorted(catalog.scenarios)][:12],
        "contracts": sorted(catalog.contracts.values(), key=_contract_order)[:12],
    }


def _contract_order(contract: Contract) -> tuple[int, str]:
    return STATUS_ORDER.index(contract.validity.status), contract.number


def _categories(data: SiteData) -> list[tuple[str, str, int]]:
    found = data.indexes.solutions_by_category
    return [
        (c, CATEGORIES.get(c, c), len(found[c])) for c in sorted(found, key=lambda c: label("category", c))
    ]


def _sorted_ids(data: SiteData, kind: str) -> list[str]:
    """Every id of a kind, sorted once per build: each of the list's pages used to sort them all
    again (at 50,000 solutions, 500 pages sorting 50,000 ids each)."""
    return data.memo(("sorted ids", kind), lambda: sorted(data.catalog.of_kind(kind)))


def _ids_by_name(data: SiteData) -> list[str]:
    """Every solution A to Z by name (the paged index's order), sorted once per build."""
    solutions = data.catalog.solutions
    return data.memo(("ids by name",), lambda: sorted(solutions, key=lambda i: name_order(solutions[i])))


def browse(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    ids = _ids_by_name(data)
    cards = [card(data, data.catalog.solutions[i]) for i in _page_of(ids, spec)]
    return {
        "rows": compact_rows(cards, known=(), shown=("vendor", "category")),
        "total": len(ids),
        "pager": _pager(spec, "solutions"),
        "per_page": PER_PAGE,
    }


def category(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    ids = data.indexes.solutions_by_category[spec.group]
    return {
        "cards": [card(data, data.catalog.solutions[i]) for i in _page_of(ids, spec)],
        "total": len(ids),
        "pager": _pager(spec, f"categories/{spec.group}"),
        "category": spec.group,
    }


def categories(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return {"categories": _categories(data)}


def _listing(data: SiteData, spec: PageSpec, kind: str) -> dict[str, Any]:
    entries = data.catalog.of_kind(kind)
    ids = _sorted_ids(data, kind)
    return {
        "entries": [entries[i] for i in _page_of(ids, spec)],
        "total": len(ids),
        "pager": _pager(spec, kind),
    }


def vendors(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return _listing(data, spec, "vendors")


def contracts(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return _listing(data, spec, "contracts")


def scenarios(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return _listing(data, spec, "scenarios")


def solution(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    catalog = data.catalog
    entry = catalog.solutions[spec.entry.split("/", 1)[1]]
    offerings = []
    for offering in entry.offerings:
        contract = catalog.contracts[offering.contract_id]
        lots = {str(lot["id"]): lot["name"] for lot in contract.lots}
        offerings.append(
            {
                "contract": contract,
                "lots": [(lot, lots.get(lot, "")) for lot in offering.lots],
            }
        )
    vendor = catalog.vendors.get(entry.vendor_id)
    contracts = [o["contract"] for o in _unique_contracts(offerings)]
    own = own_terms(solution_contracts(data, entry), entry.overrides)
    held = entry_credentials(entry, data.policy, data.as_of)
    return {
        "own_terms": own,
        "own_single": single_term(own),
        "own_matrix": term_matrix(own) if any(groups for _, groups in own) else "",
        "contracts": contracts,
        "entry": entry,
        "vendor": vendor,
        "status": data.indexes.status[entry.id],
        "offerings": offerings,
        "scenarios": [catalog.scenarios[k] for k in data.indexes.scenarios_by_solution.get(entry.id, [])],
        "credentials": held,
        "lapsed_credentials": [c for c in held if c.lapsed],
        "waived": data.indexes.waived.get(entry.key, []),
        "panel": emergency_panel(data, entry) if entry.emergency_ready else None,
        "buyer_rows": [
            contract_rows(data, contract, _base_of(spec), show_contract=len(contracts) > 1)
            for contract in contracts
        ],
        "several_contracts": len(contracts) > 1,
        "buyer_notes": table_notes(data, contracts, _base_of(spec)),
        "lapsed": data.standing.get(entry.key, ()),
    }


def _cards(data: SiteData, ids: list[str]) -> list[Card]:
    """Every solution of `ids`, A to Z by name (compact rows: a page lists them all)."""
    solutions = data.catalog.solutions
    return sorted((card(data, solutions[i]) for i in ids if i in solutions), key=name_order)


def vendor(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    entry = data.catalog.vendors[spec.entry.split("/", 1)[1]]
    cards = _cards(data, data.indexes.solutions_by_vendor.get(entry.id, []))
    one_contract = len({c.contracts for c in cards}) <= 1
    return {
        "entry": entry,
        "rows": compact_rows(
            cards,
            known=("vendor", "contracts") if one_contract else ("vendor",),
            shown=("category",) if one_contract else ("category", "contracts"),
        ),
        "total": len(cards),
        "contracts": [data.catalog.contracts[c] for c in data.indexes.contracts_by_vendor.get(entry.id, [])],
        "credentials": entry_credentials(entry, data.policy, data.as_of),
        "waived": data.indexes.waived.get(entry.key, []),
    }


def contract(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    catalog = data.catalog
    entry = catalog.contracts[spec.entry.split("/", 1)[1]]
    ids = data.indexes.solutions_by_contract.get(entry.id, [])
    return {
        "entry": entry,
        "vendor": catalog.vendors.get(entry.vendor_id),
        "makers": {
            a["vendor"]: catalog.vendors[a["vendor"]].name if a["vendor"] in catalog.vendors else ""
            for a in entry.data.get("supply_authorizations") or ()
        },
        "buyers": who_may_buy(data, entry),
        "answers": contract_answers(data, entry),
        "addenda": addenda(entry),
        "origin": ORIGIN_WORDS[origin(entry, data.policy)],
        "law": data.policy.law_name(str(terms.get(entry.terms, "governing_law.law") or "not stated")),
        "provisions": provisions_words(data, entry),
        "rows": term_rows(data, data.contract_groups(entry.id), entry.id),
        "deadlines": contract_deadlines(entry),
        "groups": by_category(
            compact_rows(_cards(data, ids), known=(), shown=("vendor",), own_vendor=entry.vendor_id)
        ),
        "total": len(ids),
        "scenarios": [catalog.scenarios[k] for k in data.indexes.scenarios_by_contract.get(entry.id, [])],
        "waived": data.indexes.waived.get(entry.key, []),
        "lapsed": data.standing.get(entry.key, ()),
    }


def vehicle(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    found = vehicle_context(data, spec)
    groups = data.vehicle_groups(found["entry"].id)
    found["rows"] = Markup(environment().get_template("_term_rows.html.j2").render(groups=groups))  # noqa: S704
    return found


def scenario(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    catalog = data.catalog
    entry = catalog.scenarios[spec.entry.split("/", 1)[1]]
    ready = [catalog.solutions[i] for i in entry.data["ready_solutions"] if i in catalog.solutions]
    return {
        **scenario_views.page(data, entry),
        "ready": [(emergency_panel(data, s), card(data, s)) for s in ready],
    }


def emergency_law(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return scenario_views.law_page(data)


def compare(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return {}


def expiring(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    catalog = data.catalog
    flagged = (Status.EXPIRING, Status.EXPIRED, Status.NOT_STARTED)
    soon = [c for c in catalog.contracts.values() if c.validity.status in flagged]
    decisions = sorted(
        (
            (when, what, c)
            for c in catalog.contracts.values()
            for what, when in contract_deadlines(c)
            if what.startswith("Renewal") and 0 <= (when - data.as_of).days <= 365
        ),
        key=lambda item: (item[0], item[2].id),
    )
    creds = [
        c
        for c in credentials(catalog, data.policy)
        if c.lapsed or (c.validity is not None and c.validity.status in flagged)
    ]
    unorderable = [
        (catalog.of_kind(key.partition("/")[0])[key.partition("/")[2]], lapses)
        for key, lapses in data.standing.items()
        if key.partition("/")[2] in catalog.of_kind(key.partition("/")[0])
    ]
    return {
        "contracts": sorted(soon, key=lambda c: (c.end, c.id)),
        "decisions": decisions,
        "credentials": creds,
        "unorderable": sorted(unorderable, key=lambda item: (min(item[1]).since, item[0].kind, item[0].id)),
    }


def terms_coverage(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return {"coverage": coverage.term_coverage(data)}


def rules(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return {"rules": coverage.rule_list(data), "policy": coverage.policy_sections(data)}


def data_page(data: SiteData, spec: PageSpec) -> dict[str, Any]:
    return {}


CONTEXTS: dict[str, Callable[[SiteData, PageSpec], dict[str, Any]]] = {
    "home.html.j2": home,
    "browse.html.j2": browse,
    "category.html.j2": category,
    "categories.html.j2": categories,
    "vendors.html.j2": vendors,
    "contracts.html.j2": contracts,
    "scenarios.html.j2": scenarios,
    "solution.html.j2": solution,
    "vendor.html.j2": vendor,
    "contract.html.j2": contract,
    "vehicle.html.j2": vehicle,
    "scenario.html.j2": scenario,
    "emergency.html.j2": emergency_law,
    "compare.html.j2": compare,
    "expiring.html.j2": expiring,
    "coverage.html.j2": terms_coverage,
    "rules.html.j2": rules,
    "data.html.j2": data_page,
    "contribute.html.j2": contribute_context,
    "contribute_form.html.j2": contribute_context,
}
