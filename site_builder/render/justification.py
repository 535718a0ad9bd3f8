"""The written emergency determination a scenario page pre-fills, citing contracts and their terms.

Statutes in the Model Procurement Code line ask for "a written determination of the basis for the
emergency and for the selection of the particular contractor" in the contract file; the text
here is that draft, in plain words a buyer can copy, print and complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import terms
from ..model import Scenario, Validity, validity
from .emergency import emergency_panel
from .labels import label
from .markup import plain_markdown
from .sitedata import SiteData


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bulleted list, as the page shows it and a copy writes it."""

    kind: str  # "p" | "ul"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Determination:
    title: str
    sections: tuple[tuple[str, tuple[Block, ...]], ...]  # (heading, blocks)


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


def _paragraphs(*texts: str) -> tuple[Block, ...]:
    return tuple(Block("p", (text,)) for text in texts)


def key_terms(effective: Mapping[str, Any], currency: str) -> list[str]:
    """The few terms an approver looks for first, in words."""
    found = []
    cap = effective.get("limitation_of_liability") or {}
    basis = cap.get("basis")
    if basis == "unlimited":
        found.append("liability not capped")
    elif basis:
        multiple = f"{cap.get('multiple', 1):g}× {str(cap.get('multiple_of', 'value')).replace('_', ' ')}"
        fixed = terms.format_money(cap["fixed_amount"], currency) if "fixed_amount" in cap else ""
        words = {
            "multiple_of": multiple,
            "fixed_amount": fixed,
            "greater_of": f"the greater of {multiple} or {fixed}",
        }
        found.append(f"liability capped at {words.get(basis, basis)}")
    breach = terms.get(effective, "data_protection.breach_notification.confirmed_breach_hours")
    if breach is not None:
        found.append(f"confirmed breaches reported within {breach} hours")
    for coverage in (
        "cyber_privacy_liability",
        "technology_errors_omissions",
        "commercial_general_liability",
    ):
        limits = terms.get(effective, f"insurance.coverages.{coverage}") or {}
        amount = limits.get("per_claim") or limits.get("per_occurrence")
        if amount:
            found.append(
                f"{terms.COVERAGES[coverage].lower()} insurance of {terms.format_money(amount, currency)}"
            )
    locations = terms.get(effective, "data_protection.data_locations")
    if locations:
        found.append("data stored only in " + ", ".join(locations))
    law = terms.get(effective, "governing_law.law")
    if law:
        found.append(f"governed by {law} law")
    return found


def review_status(data: SiteData, scenario: Scenario) -> Validity | None:
    review = scenario.data.get("review_by")
    return (
        validity(date.fromisoformat(review), data.as_of, data.policy.expiry_warning_days) if review else None
    )


def determination(data: SiteData, scenario: Scenario) -> Determination:
    catalog = data.catalog
    info = scenario.data["justification"]
    cited = []
    for solution_id in scenario.data["ready_solutions"]:
        solution = catalog.solutions.get(solution_id)
        if solution is None:
            continue
        vendor = catalog.vendors.get(solution.vendor_id)
        maker = vendor.data["legal_name"] if vendor else solution.vendor_id
        # The limits come from the same view model as the emergency panel and the scenario's list.
        routes = {route.contract.id: route for route in emergency_panel(data, solution).routes}
        for offering in solution.offerings:
            contract = catalog.contracts[offering.contract_id]
            period = f"{contract.start.isoformat()} to {contract.end.isoformat()}"
            route = routes.get(contract.id)
            limits = []
            if route is not None:
                limits.append(f"emergency use on the basis of: {route.basis}")
                if route.order_limit:
                    limits.append(f"orders up to {route.order_limit}")
                if route.max_days is not None:
                    limits.append(f"terms up to {route.max_days} days")
                if route.approval:
                    limits.append(f"approval by {route.approval}")
            else:
                limits.append("the contract does not state that it may be used for emergency purchases")
            lots = f", lot {', '.join(offering.lots)}" if offering.lots else ""
            cited.append(
                f"{solution.name} from {maker}, under contract {contract.number} "
                f"({contract.data['title']}{lots}), in force {period}, "
                f"{contract.validity.label} as of {data.as_of.isoformat()}; "
                + "; ".join(limits)
                + ". Pre-negotiated terms: "
                + "; ".join(key_terms(offering.effective_terms, data.currency))
                + "."
            )
    authority = info.get("legal_authority") or "[cite the statute or rule]"
    duration = scenario.data.get("max_duration_days")
    sections = [
        (
            "Scenario",
            _paragraphs(
                f"{scenario.data['title']} ({label('threat', scenario.data['threat'])}), "
                f"from the risk assessment of {data.jurisdiction or 'the jurisdiction'}."
            ),
        ),
        ("Basis for the emergency", blocks(plain_markdown(info["emergency_basis"]))),
        (
            "Basis for the selection of the contractor",
            (*blocks(plain_markdown(info["selection_basis"])), Block("ul", tuple(cited)))
            if cited
            else blocks(plain_markdown(info["selection_basis"])),
        ),
        ("Legal authority", _paragraphs(authority)),
        (
            "Duration",
            _paragraphs(
                f"The purchase is limited to {duration} days."
                if duration
                else "[state the duration of the purchase]"
            ),
        ),
        (
            "Record",
            _paragraphs(
                f"Prepared from the catalog as of {data.as_of.isoformat()}, source {data.info.short_commit}.",
                "Determination made by: ____________________  Date: ____________",
            ),
        ),
    ]
    return Determination(f"Written determination of emergency: {scenario.data['title']}", tuple(sections))
