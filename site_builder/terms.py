"""The vocabulary of pre-negotiated terms: labels, units, and which way is tighter.

One table drives the readable terms tables on the site, the flattened export columns, the policy's
messages, the override check ("an override may only tighten") and `catalog diff`'s
"(tightened)/(loosened)" words, so that they can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

FAMILIES: dict[str, str] = {
    "indemnification": "Indemnification",
    "limitation_of_liability": "Limitation of liability",
    "insurance": "Insurance",
    "data_protection": "Data protection",
    "security": "Security",
    "accessibility": "Accessibility",
    "termination": "Termination",
    "governing_law": "Governing law and disputes",
    "audit": "Audit and records",
    "order_of_precedence": "Order of precedence",
    "escrow": "Source-code escrow",
    "price_protection": "Price protection",
}

# Direction of a field, seen from the purchaser: which change makes the term tighter.
HIGHER = "higher"  # larger numbers protect the purchaser more
LOWER = "lower"  # smaller numbers protect the purchaser more
TRUE = "true"  # true protects the purchaser
FALSE = "false"  # false protects the purchaser
SUPERSET = "superset"  # more items protect the purchaser (carve-outs)
SUBSET = "subset"  # fewer items protect the purchaser (data locations)
FIXED = "fixed"  # may not be changed by an override
FREE = "free"  # informational; any change is neither tighter nor looser

CAP_BASIS_ORDER = {"multiple_of": 1, "fixed_amount": 1, "greater_of": 2, "unlimited": 3}
OWNERSHIP_ORDER = {"vendor": 0, "shared": 1, "purchaser": 2}
STANDARD_ORDER = {"WCAG 2.0 AA": 0, "Section 508": 0, "WCAG 2.1 AA": 1, "WCAG 2.2 AA": 2}
_AM_BEST_LETTERS = ["B-", "B", "B+", "B++", "A-", "A", "A+", "A++"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]

COVERAGES: dict[str, str] = {
    "commercial_general_liability": "Commercial general liability",
    "cyber_privacy_liability": "Cyber and privacy liability",
    "technology_errors_omissions": "Technology errors and omissions",
    "workers_compensation": "Workers' compensation",
    "employers_liability": "Employers' liability",
    "automobile": "Automobile liability",
    "umbrella": "Umbrella / excess liability",
    "crime": "Crime / fidelity",
}

INDEMNITIES: dict[str, str] = {
    "ip_infringement": "IP infringement indemnity",
    "bodily_injury_property_damage": "Bodily injury and property damage indemnity",
    "data_breach_costs": "Data breach cost indemnity",
}

CARVE_OUTS: dict[str, str] = {
    "ip_infringement_indemnity": "IP infringement indemnity",
    "bodily_injury_death": "bodily injury or death",
    "tangible_property_damage": "damage to tangible property",
    "data_breach": "data breach",
    "confidentiality": "breach of confidentiality",
    "gross_negligence": "gross negligence",
    "willful_misconduct": "willful misconduct",
    "fraud": "fraud",
    "statutory_compliance": "statutory compliance",
    "attorneys_fees": "attorney's fees",
}


@dataclass(frozen=True)
class Field:
    label: str
    direction: str
    unit: str = ""  # "money", "hours", "days", "months", "years", "times", "percent", ""


# Leaf fields by their path inside a family ("*" stands for any coverage or indemnity name).
_FIELDS: dict[str, Field] = {
    "indemnification.*.included": Field("included", TRUE),
    "indemnification.*.uncapped": Field("uncapped (outside the liability cap)", TRUE),
    "indemnification.*.cap_per_record": Field("cap per record", HIGHER, "money"),
    "indemnification.purchaser_indemnifies_vendor": Field("purchaser indemnifies vendor", FALSE),
    "limitation_of_liability.basis": Field("cap basis", "cap_basis"),
    "limitation_of_liability.multiple": Field("cap multiple", HIGHER, "times"),
    "limitation_of_liability.multiple_of": Field("multiple of", FIXED),
    "limitation_of_liability.fixed_amount": Field("fixed cap", HIGHER, "money"),
    "limitation_of_liability.excludes_consequential_damages": Field("consequential damages excluded", FREE),
    "limitation_of_liability.carve_outs": Field("carve-outs", SUPERSET),
    "insurance.carrier_min_am_best": Field("minimum carrier rating (A.M. Best)", "am_best"),
    "insurance.additional_insured": Field("purchasers named additional insured", TRUE),
    "insurance.coverages.*.per_occurrence": Field("per occurrence", HIGHER, "money"),
    "insurance.coverages.*.per_claim": Field("per claim", HIGHER, "money"),
    "insurance.coverages.*.aggregate": Field("aggregate", HIGHER, "money"),
    "insurance.coverages.*.statutory": Field("statutory limits", TRUE),
    "insurance.coverages.*.tail_years": Field("tail after contract end", HIGHER, "years"),
    "data_protection.data_ownership": Field("data ownership", "ownership"),
    "data_protection.secondary_use_prohibited": Field("secondary use prohibited", TRUE),
    "data_protection.data_locations": Field("data stored in", SUBSET),
    "data_protection.breach_notification.suspected_incident_hours": Field(
        "suspected incident notice", LOWER, "hours"
    ),
    "data_protection.breach_notification.confirmed_breach_hours": Field(
        "confirmed breach notice", LOWER, "hours"
    ),
    "data_protection.data_return_days": Field("data returned within", LOWER, "days"),
    "data_protection.destruction_certified": Field("destruction certified", TRUE),
    "data_protection.encryption_at_rest": Field("encryption at rest", TRUE),
    "data_protection.encryption_in_transit": Field("encryption in transit", TRUE),
    "security.background_checks": Field("background checks", TRUE),
    "security.incident_response_plan": Field("incident response plan", TRUE),
    "security.vulnerability_remediation_days": Field("critical vulnerabilities fixed within", LOWER, "days"),
    "accessibility.standard": Field("standard", "standard"),
    "accessibility.acr_required": Field("conformance report required", TRUE),
    "accessibility.remediation_plan_required": Field("remediation plan required", TRUE),
    "termination.for_convenience": Field("termination for convenience", TRUE),
    "termination.convenience_notice_days": Field("notice for convenience", LOWER, "days"),
    "termination.cure_period_days": Field("cure period", LOWER, "days"),
    "termination.non_appropriation": Field("non-appropriation clause", TRUE),
    "termination.transition_assistance_days": Field("transition assistance", HIGHER, "days"),
    "governing_law.law": Field("governing law", FIXED),
    "governing_law.venue": Field("venue", FIXED),
    "governing_law.binding_arbitration": Field("binding arbitration", FALSE),
    "audit.right_to_audit": Field("right to audit", TRUE),
    "audit.records_retention_years": Field("records kept", HIGHER, "years"),
    "order_of_precedence.purchaser_terms_prevail": Field("state terms prevail", TRUE),
    "order_of_precedence.clickwrap_binding": Field("click-through terms bind", FALSE),
    "escrow.source_code_escrow": Field("source code in escrow", TRUE),
    "escrow.agent": Field("escrow agent", FREE),
    "escrow.release_conditions": Field("release conditions", SUPERSET),
    "price_protection.price_hold_months": Field("prices held", HIGHER, "months"),
    "price_protection.max_increases_per_year": Field("increases a year at most", LOWER),
    "price_protection.decreases_passed_through": Field("decreases passed through", TRUE),
    "price_protection.most_favored_customer": Field("most-favored customer", TRUE),
    "price_protection.min_discount_percent": Field("discount off list at least", HIGHER, "percent"),
}
_SECTION = Field("clause", FREE)


def field_for(path: str) -> Field | None:
    """The field description for a dotted term path such as `insurance.coverages.crime.per_claim`."""
    if path.endswith(".section") or path == "section":
        return _SECTION
    if path in _FIELDS:
        return _FIELDS[path]
    parts = path.split(".")
    for index in range(len(parts)):
        candidate = ".".join([*parts[:index], "*", *parts[index + 1 :]])
        if candidate in _FIELDS:
            return _FIELDS[candidate]
    return None


def label_for(path: str) -> str:
    """Plain words for a term path: `insurance.coverages.cyber_privacy_liability.per_claim` →
    "Insurance: cyber and privacy liability, per claim"."""
    parts = path.split(".")
    family = FAMILIES.get(parts[0], parts[0].replace("_", " "))
    middle = [
        COVERAGES.get(p) or INDEMNITIES.get(p) or p.replace("_", " ")
        for p in parts[1:-1]
        if p not in {"coverages", "breach_notification"}
    ]
    field = field_for(path)
    last = field.label if field else parts[-1].replace("_", " ") if len(parts) > 1 else ""
    words = ", ".join([*(_lower_first(m) for m in middle), last] if last else middle)
    return f"{family}: {words}" if words else family


def _lower_first(text: str) -> str:
    """Lower-case the first letter, unless the word is an acronym ("IP …" stays)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def format_money(amount: float, currency: str = "USD") -> str:
    symbol = "$" if currency == "USD" else f"{currency} "
    if amount >= 1_000_000 and amount % 100_000 == 0:
        millions = amount / 1_000_000
        text = f"{millions:.1f}".rstrip("0").rstrip(".")
        return f"{symbol}{text}M"
    return f"{symbol}{amount:,.0f}"


def format_value(path: str, value: Any, currency: str = "USD") -> str:
    """A term value in plain words: `5000000` → "$5M", `24` hours → "24 h", lists joined."""
    field = field_for(path)
    unit = field.unit if field else ""
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        names = CARVE_OUTS if path.endswith("carve_outs") else {}
        return ", ".join(names.get(str(v), str(v).replace("_", " ")) for v in value) or "none"
    if unit == "money" and isinstance(value, int | float):
        return format_money(value, currency)
    if unit == "times" and isinstance(value, int | float):
        return f"{value:g}×"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "hours":
        return f"{value} h"
    if unit in {"days", "months", "years"}:
        return f"{value} {unit if value != 1 else unit[:-1]}"
    if isinstance(value, str) and path.endswith(("basis", "multiple_of", "data_ownership")):
        return value.replace("_", " ")
    return str(value)


def am_best_rank(rating: str) -> tuple[int, int]:
    letter, _, size = rating.partition(" ")
    return _AM_BEST_LETTERS.index(letter), _ROMAN.index(size) + 1


def compare(path: str, old: Any, new: Any) -> int:
    """+1 if `new` is tighter than `old` for the purchaser, -1 if looser, 0 if equal or neutral.

    A change to a field that may not change (FIXED) or whose values cannot be ordered counts as
    looser: it cannot be shown to protect the purchaser at least as well.
    """
    if old == new:
        return 0
    field = field_for(path)
    if field is None or field.direction == FREE:
        return 0
    if old is None:
        return 1  # a term that was not stated is now stated
    if new is None:
        return -1
    direction = field.direction
    if direction == FIXED:
        return -1
    ordered = _rank(direction, old, new)
    if ordered is not None:
        return ordered
    if direction in {SUPERSET, SUBSET}:
        before, after = set(old), set(new)
        grows = after > before
        shrinks = after < before
        if direction == SUBSET:
            grows, shrinks = shrinks, grows
        return 1 if grows else -1 if shrinks or before != after else 0
    return -1


def _rank(direction: str, old: Any, new: Any) -> int | None:
    orders: dict[str, Mapping[Any, Any]] = {
        "cap_basis": CAP_BASIS_ORDER,
        "ownership": OWNERSHIP_ORDER,
        "standard": STANDARD_ORDER,
    }
    if direction in orders:
        order = orders[direction]
        if direction == "cap_basis" and {old, new} == {"multiple_of", "fixed_amount"}:
            return -1  # a different kind of cap cannot be shown to be higher
        return _sign(order[new] - order[old])
    if direction == "am_best":
        before, after = am_best_rank(old), am_best_rank(new)
        return (after > before) - (after < before)
    if direction in {HIGHER, LOWER}:
        sign = _sign(new - old)
        return sign if direction == HIGHER else -sign
    if direction in {TRUE, FALSE}:
        return 1 if bool(new) == (direction == TRUE) else -1
    return None


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def iter_leaves(terms: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield `(dotted path, value)` for every leaf of a terms mapping; lists are leaves."""
    for key, value in terms.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from iter_leaves(value, path)
        else:
            yield path, value


def merge(base: Mapping[str, Any], overrides: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Deep-merge `overrides` onto `base`: mappings merge, lists where more is tighter (carve-outs)
    add to the base list, other values replace.  So an override names only what it adds."""
    merged = dict(base)
    for key, value in overrides.items():
        path = f"{prefix}.{key}" if prefix else key
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = merge(current, value, path)
        elif isinstance(value, list) and isinstance(current, list) and _direction(path) == SUPERSET:
            merged[key] = [*current, *(item for item in value if item not in current)]
        else:
            merged[key] = value
    return merged


def _direction(path: str) -> str:
    field = field_for(path)
    return field.direction if field else FREE


def get(terms: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None."""
    node: Any = terms
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node
