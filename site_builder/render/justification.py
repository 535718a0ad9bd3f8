"""The draft written determinations a scenario page pre-fills: one per buyer type and authority.

Statutes in the Model Procurement Code line ask for "a written determination of the basis for the
emergency and for the selection of the particular contractor" in the contract file. Every claim
in these drafts comes from the data: the authority, its citation and what it demands from the
terms policy; the contracts to cite and their limits from the contracts; what each selected
solution meets from the scenario's requirements, checked against its effective terms. Only the
facts of the emergency (`emergency_basis`) are the scenario's own words. A solution the buyer type
may not order, or one that does not meet a requirement, is left out rather than described.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Offering, Scenario, Solution, Validity, validity
from ..policy.law import FEDERAL_PROCUREMENT_WORDS, KIND_WORDS, Authority, BuyerType
from ..requirements import Check, check_contract, check_offering, specs
from .buyers import Option, answer
from .labels import label
from .markup import plain_markdown
from .sitedata import SiteData
from .views import key_terms

PLAN_WORDS = {
    "existing_contract": "order the same approach under a contract already in place",
    "competitive_solicitation": "buy it competitively (request for proposals or quotes)",
    "end_of_need": "the need ends with the emergency",
}


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bulleted list, as the page shows it and a copy writes it."""

    kind: str  # "p" | "ul"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Determination:
    anchor: str  # the page fragment, e.g. "determination-state_agency-state_agency_emergency"
    title: str
    buyer: BuyerType
    authority: Authority
    sections: tuple[tuple[str, tuple[Block, ...]], ...]  # (heading, blocks)


def _p(*texts: str) -> tuple[Block, ...]:
    return tuple(Block("p", (text,)) for text in texts if text)


def _ul(items: list[str] | tuple[str, ...]) -> tuple[Block, ...]:
    return (Block("ul", tuple(items)),) if items else ()


def blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs and bullet lists of a plain text (see `plain_markdown`): a line break inside a
    paragraph is a space, and "- " lines are list items, never literal dashes on the page."""
    found = []
    for chunk in text.split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            found.append(Block("ul", tuple(line[2:].strip() for line in lines)))
        else:
            found.append(Block("p", (" ".join(lines),)))
    return tuple(found)


def review_status(data: SiteData, scenario: Scenario) -> Validity | None:
    review = scenario.data.get("review_by")
    return (
        validity(date.fromisoformat(review), data.as_of, data.policy.expiry_warning_days) if review else None
    )


def verified(checks: list[Check]) -> str:
    """ "confirmed breach notice: 24 h (at most 24 h required); …"."""
    return "; ".join(f"{c.spec.label}: {c.shown} ({_required(c)})" for c in checks)


def _required(check: Check) -> str:
    return "required to be stated" if check.spec.bound == "present" else f"{check.spec.words} required"


def _selection(
    data: SiteData, scenario: Scenario, buyer: BuyerType, authority: Authority
) -> tuple[list[str], list[str]]:
    """(lines on the selected solutions and contracts, lines on what was left out and why)."""
    catalog = data.catalog
    found = specs(scenario.data.get("requirements") or {}, data.policy)
    chosen, left = [], []
    for ref in scenario.data["ready_solutions"]:
        solution = catalog.solutions.get(ref)
        if solution is None:
            continue
        lapses = data.standing.get(solution.key, ())
        if lapses:
            left.append(
                f"{solution.name}: not currently orderable since {lapses[0].since.isoformat()} "
                f"({lapses[0].reason})"
            )
            continue
        for offering in solution.offerings:
            contract = catalog.contracts[offering.contract_id]
            said = answer(data, contract, buyer.id)
            option = next((o for o in said.options if o.authority.id == authority.id), None)
            if not said.may_order:
                left.append(f"{solution.name} under contract {contract.number}: {said.eligibility.reason}")
                continue
            if authority.program and (option is None or not option.usable):
                left.append(
                    f"{solution.name} under contract {contract.number}: {option.why_not if option else ''}"
                )
                continue
            checks = check_offering(found, offering.effective_terms, solution, data.policy, data.as_of)
            if not all(c.met for c in checks):
                failing = "; ".join(f"{c.spec.label} {c.shown}" for c in checks if not c.met)
                left.append(f"{solution.name} under contract {contract.number}: does not meet {failing}")
                continue
            chosen.append(_solution_line(data, solution, offering, said.cite, checks, option))
    for ref in scenario.data.get("ready_contracts", []):
        ready = catalog.contracts.get(ref)
        if ready is None:
            continue
        said = answer(data, ready, buyer.id)
        if not said.may_order or data.standing.get(ready.key):
            continue
        checks = check_contract(found, ready.terms)
        if all(c.met for c in checks):
            line = f"The whole of {said.cite}, {ready.data['title']} ({ready.validity.label})"
            if checks:
                line += f"; its own terms meet {verified(checks)}"
            chosen.append(
                f"{line}; a solution ordered under it that is not named above is first checked against "
                "the scenario's other requirements."
            )
    return chosen, left


def _solution_line(
    data: SiteData,
    solution: Solution,
    offering: Offering,
    cite: str,
    checks: list[Check],
    option: Option | None,
) -> str:
    """One selected solution: the contract to cite with its period and standing, the emergency
    limits from the same view model as the solution page, what it verifiably meets, and the
    pre-negotiated terms an approver reads first."""
    contract = data.catalog.contracts[offering.contract_id]
    vendor = data.catalog.vendors.get(solution.vendor_id)
    maker = vendor.data["legal_name"] if vendor else solution.vendor_id
    lots = f"lot {', '.join(offering.lots)} of " if offering.lots else ""
    text = (
        f"{solution.name} from {maker}, {lots}{contract.data['title']}, under {cite}, in force "
        f"{contract.start.isoformat()} to {contract.end.isoformat()}, {contract.validity.label} as of "
        f"{data.as_of.isoformat()}"
    )
    limits = [
        part
        for part in (
            f"up to {option.order_limit}" if option and option.order_limit else "",
            f"for at most {option.max_days}" if option and option.max_days else "",
        )
        if part
    ]
    if limits:
        text += "; emergency orders " + " and ".join(limits)
    if checks:
        text += f". Meets the scenario's requirements: {verified(checks)}"
    agreed = key_terms(offering.effective_terms, data.policy, data.currency, (c.spec.path for c in checks))
    if agreed:
        text += f". {'Other p' if checks else 'P'}re-negotiated terms: " + "; ".join(agreed)
    return text + "."


def _authority_blocks(authority: Authority) -> tuple[Block, ...]:
    cited = f"{authority.cited}: {authority.title} ({KIND_WORDS[authority.kind]})."
    if authority.fictional and authority.modeled_on:
        cited += f" This citation is a demo's invention, modeled on {authority.modeled_on}."
    parts = [*_p(cited, authority.description)]
    if authority.conditions:
        parts += [*_p("It may be used only when:"), *_ul(authority.conditions)]
    parts += _p(
        f"Emergency declared or determined by: {authority.declared_by}.",
        f"Approved by: {authority.approved_by}.",
    )
    return tuple(parts)


def _duration(data: SiteData, scenario: Scenario, authority: Authority) -> tuple[Block, ...]:
    own = scenario.data.get("max_duration_days")
    limits = []
    if authority.max_duration_days is not None:
        limits.append(f"{authority.max_duration_days} days under {authority.cited}")
    if own is not None:
        limits.append(f"{own} days under this scenario")
    text = "The purchase may run at most " + " and ".join(limits) + "." if limits else ""
    return _p(
        text,
        authority.duration_note,
        "A contract's own emergency limits, given with each solution above, also apply.",
    )


def _federal(data: SiteData, buyer: BuyerType, authority: Authority) -> tuple[Block, ...]:
    if authority.kind == "federal_exigency":
        return ()
    lines = [
        f"A {buyer.label.lower()} paying with federal award money {FEDERAL_PROCUREMENT_WORDS[buyer.federal_procurement]}."
    ]
    if authority.federal_note:
        lines.append(authority.federal_note)
    also = [data.policy.authorities[a] for a in authority.also_meet if a in data.policy.authorities]
    items = [
        f"{a.cited}: {a.title}; document " + "; ".join(a.documentation)
        for a in also
        if a.applies_to(buyer.id)
    ]
    return (*_p(*lines), *_ul(items))


def _follow_on(data: SiteData, scenario: Scenario) -> tuple[Block, ...]:
    plan = scenario.data["follow_on"]
    text = f"When the emergency purchase ends: {PLAN_WORDS[plan['plan']]}, starting by day {plan['start_by_day']}"
    contract = data.catalog.contracts.get(plan.get("contract") or "")
    if contract is not None:
        text += f", under contract {contract.number} ({contract.data['title']})"
    return (*_p(text + "."), *blocks(plain_markdown(plan["description"])))


def determination(data: SiteData, scenario: Scenario, buyer_type: str, authority_id: str) -> Determination:
    """The draft determination for one buyer type relying on one authority."""
    buyer = data.policy.buyer_types[buyer_type]
    authority = data.policy.authorities[authority_id]
    chosen, left = _selection(data, scenario, buyer, authority)
    filings = [
        f"{f.what}, to {f.to}" + (f", within {f.within_days} days" if f.within_days is not None else "")
        for f in authority.filings
    ]
    sections: list[tuple[str, tuple[Block, ...]]] = [
        (
            "Buyer",
            _p(
                f"{buyer.label}: ______________________ (name of the buying entity).",
                f"Scenario: {scenario.data['title']} ({label('threat', scenario.data['threat'])}), from the "
                f"risk assessment of {data.jurisdiction or 'the jurisdiction'}.",
            ),
        ),
        ("Basis for the emergency", blocks(plain_markdown(scenario.data["emergency_basis"]))),
        ("Legal authority", _authority_blocks(authority)),
        (
            "What the authority waives",
            (*_ul(authority.waives), *_p("It does not waive:"), *_ul(authority.still_required))
            if authority.still_required
            else _ul(authority.waives),
        ),
        (
            "Basis for the selection of the contractor",
            (
                *_p(
                    "Selected from contracts competed in advance, whose terms were negotiated before the "
                    f"emergency; each meets this scenario's requirements, checked against the catalog as of "
                    f"{data.as_of.isoformat()}:"
                ),
                *(
                    _ul(chosen)
                    if chosen
                    else _p(
                        "[None of the pre-positioned solutions can be ordered by this buyer type under this authority.]"
                    )
                ),
                *((*_p("Left out:"), *_ul(left)) if left else ()),
            ),
        ),
        ("Duration", _duration(data, scenario, authority)),
        ("Documentation for the contract file", _ul(authority.documentation)),
        ("Filings", _ul(filings) if filings else _p("None required by the authority.")),
        ("If federal award money pays", _federal(data, buyer, authority)),
        ("Follow-on", _follow_on(data, scenario)),
        (
            "Record",
            _p(
                f"Prepared from the catalog as of {data.as_of.isoformat()}, source {data.info.short_commit}.",
                "Determination made by: ____________________  Title: ____________________  Date: ____________",
            ),
        ),
    ]
    return Determination(
        f"determination-{buyer_type}-{authority_id}",
        f"Written determination of emergency: {scenario.data['title']}",
        buyer,
        authority,
        tuple((heading, found) for heading, found in sections if found),
    )


def determinations(data: SiteData, scenario: Scenario) -> list[tuple[BuyerType, list[Determination]]]:
    """Per buyer type the scenario covers, a determination for each authority it names."""
    grouped: dict[str, list[Determination]] = {}
    for buyer_type, authority_id in scenario.authority_pairs:
        if buyer_type in data.policy.buyer_types and authority_id in data.policy.authorities:
            grouped.setdefault(buyer_type, []).append(determination(data, scenario, buyer_type, authority_id))
    return [(data.policy.buyer_types[b], found) for b, found in grouped.items()]
