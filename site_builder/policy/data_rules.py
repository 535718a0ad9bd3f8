"""Requirements that depend on what a solution is: its data, category and risk tier."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from .. import terms
from ..model import Catalog, Offering, Solution, classification_rank
from ..problems import Level, Problem
from .config import Policy
from .locate import at_entry, at_offering, override_hint
from .registry import rule


def _holding_data(catalog: Catalog, policy: Policy) -> Iterator[tuple[Solution, Offering, Mapping[str, Any]]]:
    section = policy.section("data_protection")
    threshold = section.get("applies_when_data_at_least")
    if not section or threshold is None:
        return
    for solution in catalog.solutions.values():
        if classification_rank(solution.classification) >= classification_rank(threshold):
            for offering in solution.offerings:
                yield solution, offering, offering.effective_terms.get("data_protection") or {}


def _why(solution: Solution) -> str:
    return f" for a solution holding {solution.classification} data"


@rule(
    "data-ownership",
    "Purchasers own their data and it is not used for anything else.",
    example="terms:\n  data_protection: {data_ownership: vendor}",
    fix="Set `data_ownership: purchaser` and `secondary_use_prohibited: true`.",
)
def check_ownership(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("data_protection")
    for solution, offering, protection in _holding_data(catalog, policy):
        owner = section.get("require_data_ownership")
        if owner and protection.get("data_ownership") != owner:
            shown = protection.get("data_ownership") or "not stated"
            yield at_offering(
                solution,
                offering,
                "data_protection.data_ownership",
                "data-ownership",
                f"data ownership is {shown}; the policy requires {owner}{_why(solution)}",
                override_hint("data_protection.data_ownership", owner, policy.currency),
            )
        if section.get("require_secondary_use_prohibited") and not protection.get("secondary_use_prohibited"):
            yield at_offering(
                solution,
                offering,
                "data_protection.secondary_use_prohibited",
                "data-ownership",
                f"secondary use of data is not prohibited{_why(solution)}",
                override_hint("data_protection.secondary_use_prohibited", True, policy.currency),
            )


@rule(
    "data-location",
    "Data is stored only where the policy allows.",
    example="terms:\n  data_protection: {data_locations: [US, IE]}",
    fix="Limit `data_locations` to the allowed countries, e.g. `[US]`.",
)
def check_location(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    allowed = policy.section("data_protection").get("allowed_data_locations")
    if not allowed:
        return
    for solution, offering, protection in _holding_data(catalog, policy):
        locations = protection.get("data_locations")
        outside = sorted(set(locations or []) - set(allowed))
        if not locations or outside:
            shown = ", ".join(outside) if locations else "not stated"
            yield at_offering(
                solution,
                offering,
                "data_protection.data_locations",
                "data-location",
                f"data may be stored in {shown}; the policy allows only {', '.join(allowed)}{_why(solution)}",
                override_hint("data_protection.data_locations", allowed, policy.currency),
            )


@rule(
    "breach-notification",
    "Confirmed breaches are reported within the policy's hours.",
    example="terms:\n  data_protection:\n    breach_notification: {confirmed_breach_hours: 72}",
    fix="Lower `confirmed_breach_hours` to the policy's maximum for the solution's data "
    "(e.g. 24 for confidential), in the contract or as a solution override.",
)
def check_breach_notice(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    limits = policy.section("data_protection").get("max_confirmed_breach_notification_hours") or {}
    path = "data_protection.breach_notification.confirmed_breach_hours"
    for solution, offering, protection in _holding_data(catalog, policy):
        limit = limits.get(solution.classification)
        if limit is None:
            continue
        hours = (protection.get("breach_notification") or {}).get("confirmed_breach_hours")
        if hours is None or hours > limit:
            shown = "not stated" if hours is None else f"{hours} h"
            yield at_offering(
                solution,
                offering,
                path,
                "breach-notification",
                f"confirmed-breach notice is {shown}; the policy allows at most {limit} h{_why(solution)}",
                override_hint(path, limit, policy.currency),
            )


@rule(
    "data-return",
    "Data is returned and its destruction certified within the policy's days.",
    example="terms:\n  data_protection: {data_return_days: 180}",
    fix="Set `data_return_days` to the policy's maximum or less.",
)
def check_return(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    limit = policy.section("data_protection").get("max_data_return_days")
    if limit is None:
        return
    for solution, offering, protection in _holding_data(catalog, policy):
        days = protection.get("data_return_days")
        if days is None or days > limit:
            shown = "not stated" if days is None else f"{days} days"
            yield at_offering(
                solution,
                offering,
                "data_protection.data_return_days",
                "data-return",
                f"data return is {shown}; the policy allows at most {limit} days{_why(solution)}",
                override_hint("data_protection.data_return_days", limit, policy.currency),
            )


@rule(
    "encryption",
    "Data is encrypted at rest and in transit.",
    example="terms:\n  data_protection: {encryption_at_rest: false}",
    fix="Set `encryption_at_rest: true` and `encryption_in_transit: true`.",
)
def check_encryption(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if not policy.section("data_protection").get("require_encryption_at_rest_and_in_transit"):
        return
    for solution, offering, protection in _holding_data(catalog, policy):
        for key, words in (("encryption_at_rest", "at rest"), ("encryption_in_transit", "in transit")):
            if not protection.get(key):
                path = f"data_protection.{key}"
                yield at_offering(
                    solution,
                    offering,
                    path,
                    "encryption",
                    f"data is not required to be encrypted {words}{_why(solution)}",
                    override_hint(path, True, policy.currency),
                )


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


@rule(
    "security-certification",
    "The solution holds a current certification its risk tier accepts.",
    example='risk_tier: moderate\ncertifications:\n  - {type: soc2_type2, issued: "2026-03-31", '
    'expires: "2027-03-31"}',
    fix="Add a certification the policy accepts for the tier (e.g. fedramp_moderate, or "
    "soc2_type2 together with iso27001), issued within the policy's evidence age.",
)
def check_certifications(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("security_certifications")
    if not section:
        return
    categories = section.get("applies_to_categories")
    max_age = section.get("max_evidence_age_months")
    for solution in catalog.solutions.values():
        if categories is not None and solution.category not in categories:
            continue
        options: list[list[str]] = (section.get("by_risk_tier") or {}).get(solution.risk_tier) or []
        if not options:
            continue
        current = set()
        for cert in solution.data.get("certifications", []):
            issued, expires = date.fromisoformat(cert["issued"]), date.fromisoformat(cert["expires"])
            fresh = max_age is None or _months_between(issued, catalog.today) <= max_age
            if expires >= catalog.today and fresh:
                current.add(cert["type"])
        if any(set(option) <= current for option in options):
            continue
        accepted = "; ".join(" + ".join(option) for option in options)
        age = f", issued within {max_age} months and" if max_age else ""
        yield at_entry(
            solution,
            "/certifications" if "certifications" in solution.data else "/risk_tier",
            "security-certification",
            f"no current certification accepted for a {solution.risk_tier}-risk solution{age} not expired",
            f"add one of: {accepted}",
            "certifications",
        )


@rule(
    "accessibility-report",
    "Software has a recent Accessibility Conformance Report to the policy's standard.",
    example='category: saas\naccessibility: {standard: WCAG 2.0 AA, report_date: "2021-01-01", '
    "conformance: supports}",
    fix="Publish an ACR (VPAT) against the policy's standard dated within its maximum age.",
    level=Level.WARNING,
)
def check_accessibility(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("accessibility")
    categories = section.get("require_acr_for_categories") or []
    minimum = section.get("min_standard")
    max_age = section.get("max_acr_age_months")
    for solution in catalog.solutions.values():
        if solution.category not in categories:
            continue
        report = solution.data.get("accessibility")
        if report is None:
            yield at_entry(
                solution,
                "/category",
                "accessibility-report",
                f"a {solution.category.replace('_', ' ')} solution needs an Accessibility "
                "Conformance Report, and none is given",
                "add `accessibility:` with standard, report_date and conformance",
            )
            continue
        if minimum and terms.STANDARD_ORDER[report["standard"]] < terms.STANDARD_ORDER[minimum]:
            yield at_entry(
                solution,
                "/accessibility/standard",
                "accessibility-report",
                f"the accessibility report assesses {report['standard']}; the policy "
                f"requires {minimum} or later",
                "have the product assessed against the newer standard",
            )
        age = _months_between(date.fromisoformat(report["report_date"]), catalog.today)
        if max_age and age > max_age:
            yield at_entry(
                solution,
                "/accessibility/report_date",
                "accessibility-report",
                f"the accessibility report is {age} months old; the policy accepts at most {max_age}",
                "publish an updated report and its date",
            )


@rule(
    "classification-label",
    "A local data label is one the policy maps to the stated level.",
    example="data: {max_classification: internal, local_label: Category 4}",
    fix="Use one of the labels the terms policy lists for that level, or correct the level.",
    family="catalog",
)
def check_label(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        label = solution.data["data"].get("local_label")
        if label is None:
            continue
        labels = policy.labels_for(solution.classification)
        if label not in labels:
            owner = next(
                (
                    level
                    for level in ("public", "internal", "confidential", "restricted")
                    if label in policy.labels_for(level)
                ),
                None,
            )
            extra = f' (the policy maps "{label}" to {owner})' if owner else ""
            yield at_entry(
                solution,
                "/data/local_label",
                "classification-label",
                f'the label "{label}" does not belong to {solution.classification}{extra}',
                "use one of: " + ", ".join(labels) if labels else "remove the label",
            )


@rule(
    "emergency-use",
    "Emergency use has a lawful basis and bounded term.",
    example="emergency_use: {eligible: true, basis: declared_emergency_suspension, max_term_days: 365}",
    fix="Use a basis the policy accepts and a `max_term_days` no longer than its maximum.",
)
def check_emergency(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("emergency_use")
    if not section:
        return
    allowed = section.get("allowed_bases")
    limit = section.get("max_term_days")
    for contract in catalog.contracts.values():
        use = contract.data.get("emergency_use") or {}
        if not use.get("eligible"):
            continue
        basis = use.get("basis")
        if allowed and basis not in allowed:
            yield at_entry(
                contract,
                "/emergency_use/basis",
                "emergency-use",
                f"emergency use basis is {basis or 'not stated'}; the policy accepts " + ", ".join(allowed),
                "set `basis:` to an accepted basis",
            )
        days = use.get("max_term_days")
        if limit and (days is None or days > limit):
            yield at_entry(
                contract,
                "/emergency_use/max_term_days",
                "emergency-use",
                f"emergency orders may run {days or 'without limit'} days; the policy allows at most {limit}",
                f"set `max_term_days: {limit}` or less",
            )
