"""Catalog-wide views: how terms are distributed, and the rules and policy every entry must meet."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import terms
from ..policy.credential_classes import ATTESTATION_TYPES, REGULATED_DATA
from ..rulebook import FAMILIES
from ..rules import RULES
from .labels import CATEGORIES
from .sitedata import SiteData
from .views import TermGroup, primary_offering_index, term_groups

TOP_VALUES = 6


@dataclass(frozen=True)
class TermSpread:
    label: str
    stated: int  # solutions that state the term
    values: tuple[tuple[str, int], ...]  # the most common values, most common first
    checked_by: tuple[str, ...] = ()  # ids of the rules that read the term under this policy


def rules_reading(data: SiteData) -> dict[str, tuple[str, ...]]:
    """Term path → ids of the rules that read it under this jurisdiction's policy."""
    found: dict[str, list[str]] = defaultdict(list)
    for rule in RULES.values():
        for path in rule.fields_read(data.policy):
            found[path].append(rule.id)
    return {path: tuple(ids) for path, ids in found.items()}


def term_coverage(data: SiteData) -> list[tuple[str, int, list[TermSpread]]]:
    """Per family: how many solutions state it, and per term the most common values.

    Solutions without overrides share their contract's terms, so each distinct (contract,
    overrides) pair is formatted once and counted with its multiplicity: linear in solutions,
    with the costly formatting proportional to contracts.
    """
    catalog = data.catalog
    shapes: Counter[tuple[str, str]] = Counter()
    effective: dict[tuple[str, str], Mapping[str, Any]] = {}
    touched: dict[tuple[str, str], set[str]] = {}
    for solution in catalog.solutions.values():
        if not solution.offerings:
            continue
        offering = solution.offerings[primary_offering_index(catalog, solution)]
        key = (offering.contract_id, json.dumps(solution.overrides, sort_keys=True))
        shapes[key] += 1
        effective.setdefault(key, offering.effective_terms)
        touched.setdefault(key, set(solution.overrides))
    reading = rules_reading(data)
    families: dict[str, Counter[str]] = defaultdict(Counter)
    values: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    labels: dict[tuple[str, str], str] = {}
    # A family no override touches is the contract's own: formatted once per contract, not once
    # per distinct set of overrides (about a quarter of the solutions of a large catalog).
    untouched: dict[tuple[str, str], list[TermGroup]] = {}
    for key, count in shapes.items():
        contract_id, changed = key[0], touched[key]
        own = term_groups(effective[key], data.currency, only=changed) if changed else []
        shared = []
        for family in terms.FAMILIES:
            if family in changed:
                continue
            if (contract_id, family) not in untouched:
                untouched[contract_id, family] = term_groups(effective[key], data.currency, only={family})
            shared += untouched[contract_id, family]
        for group in own + shared:
            families[group.label]["stated"] += count
            for row in group.rows:
                values[(group.label, row.path)][row.value] += count
                labels[(group.label, row.path)] = row.label
    result = []
    for family_label in terms.FAMILIES.values():
        if family_label not in families:
            continue
        spreads = [
            TermSpread(
                labels[key],
                sum(counter.values()),
                tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP_VALUES]),
                reading.get(key[1], ()),
            )
            for key, counter in sorted(values.items())
            if key[0] == family_label
        ]
        result.append((family_label, families[family_label]["stated"], spreads))
    return result


@dataclass(frozen=True)
class RuleView:
    id: str
    family: str
    level: str
    summary: str
    example: str
    fix: str
    passing: str = ""
    terms: tuple[str, ...] = ()  # term fields the rule reads under this policy, as labels


def rule_list(data: SiteData) -> list[tuple[str, list[RuleView]]]:
    """Every rule, grouped by family, at the level this jurisdiction's policy gives it."""
    grouped: dict[str, list[RuleView]] = defaultdict(list)
    for rule in RULES.values():
        level = data.policy.level_of(rule.id, rule.level).value
        grouped[rule.family].append(
            RuleView(
                rule.id,
                rule.family,
                level,
                rule.summary,
                rule.example,
                rule.fix,
                rule.passing,
                tuple(terms.label_for(path) for path in rule.fields_read(data.policy)),
            )
        )
    return [(family, grouped[family]) for family in FAMILIES if family in grouped]


# Shown elsewhere: the buyer types and emergency authorities have their own page.
_SKIP = {
    "policy_id",
    "policy_version",
    "effective",
    "currency",
    "jurisdiction",
    "jurisdiction_code",
    "waivers",
    "severity",
    "buyer_types",
    "emergency_authorities",
}
_WORDS = {
    **CATEGORIES,
    **ATTESTATION_TYPES,
    **REGULATED_DATA,
    **terms.COVERAGES,
    **terms.INDEMNITIES,
    **terms.CARVE_OUTS,
}
# The policy file's own keys, in a buyer's words (others are shown with "_" as spaces).
_KEYS = {
    "require": "required",
    "require_uncapped": "required outside the liability cap",
    "require_when_data_at_least": "also required for data at or above",
    "forbid_purchaser_indemnifying_vendor": "purchaser may not indemnify the vendor",
    "allowed_bases": "allowed cap bases",
    "min_multiple": "minimum cap multiple",
    "min_fixed_amount": "minimum fixed cap",
    "required_carve_outs": "required carve-outs",
    "required_carve_outs_when_data_at_least": "carve-outs also required for data at or above",
    "carrier_min_am_best": "minimum carrier rating (A.M. Best)",
    "required_by_category": "also required by category",
    "minimums_by_risk_tier": "minimum per claim by risk tier",
    "applies_when_data_at_least": "applies to data at or above",
    "max_confirmed_breach_notification_hours": "confirmed breach notice at most (hours), by data level",
    "max_data_return_days": "data returned within at most (days)",
    "require_encryption_at_rest_and_in_transit": "encryption at rest and in transit required",
    "applies_to_categories": "applies to categories",
    "by_risk_tier": "accepted by risk tier",
    "max_evidence_age_months": "evidence at most (months old)",
    "require_acr_for_categories": "conformance report required for",
    "min_standard": "minimum standard",
    "max_acr_age_months": "report at most (months old)",
    "require_for_convenience": "termination for convenience required",
    "max_notice_days": "notice for convenience at most (days)",
    "require_non_appropriation": "non-appropriation clause required",
    "accepted_by_origin": "accepted laws",
    "in_state": "for contracts this jurisdiction awarded",
    "other_state": "for contracts another state awarded",
    "federal": "for federal contracts",
    "awarding_state": "the awarding state's law",
    "names": "names of law codes",
    "forbid_binding_arbitration": "binding arbitration forbidden",
    "authorization_classes": "authorization classes",
    "required_for_regulated_data": "required for regulated data",
    "max_monitoring_age_days": "continuous monitoring at most (days old)",
    "levels": "levels",
    "statuses": "statuses",
}


def _words(value: Any, key: str, currency: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and any(
        part in key for part in ("amount", "per_", "aggregate", "minimum")
    ):
        return terms.format_money(value, currency)
    if isinstance(value, list):
        if value and all(isinstance(v, list) for v in value):
            return "any one of: " + "; ".join(
                " and ".join(_words(v, key, currency) for v in option) for option in value
            )
        return ", ".join(_words(v, key, currency) for v in value) or "none"
    text = str(value)
    return _WORDS.get(text) or text.replace("_", " ")


def _flatten(node: Mapping[str, Any], prefix: str, currency: str, rows: list[tuple[str, str]]) -> None:
    for key, value in node.items():
        name = _KEYS.get(key) or _WORDS.get(key) or key.replace("_", " ")
        path = f"{prefix}, {name}" if prefix else name
        if isinstance(value, Mapping):
            _flatten(value, path, currency, rows)
        else:
            rows.append(
                (
                    path[:1].upper() + path[1:],
                    _words(value, key if not prefix else f"{prefix} {key}", currency),
                )
            )


def policy_sections(data: SiteData) -> list[tuple[str, list[tuple[str, str]]]]:
    """The policy file as readable (requirement, value) rows per section."""
    sections = []
    for name, value in data.policy.data.items():
        if name in _SKIP or not isinstance(value, Mapping):
            continue
        rows: list[tuple[str, str]] = []
        _flatten(value, "", data.currency, rows)
        title = terms.FAMILIES.get(name) or name.replace("_", " ").capitalize()
        sections.append((title, rows))
    return sections
