"""The terms policy's vocabulary: each requirement's words, and which way is stricter.

Built from the same orders as the terms' (`site_builder.term_order`), so a stricter requirement is
"tightened" in the same sense as a stricter term. Label templates take the names a "*" stands for,
in order ({0}, {1}): a coverage, a classification level, a category, a risk tier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .term_order import LEAST, Absent, Field, Fixed, Flag, Free, Items, Order, Verdict, ladder
from .vocabulary import (
    AM_BEST,
    CAP_BASES,
    CARVE_OUTS,
    COVERAGES,
    HIGHER,
    INDEMNITIES,
    LOWER,
    OWNERSHIP,
    STANDARDS,
)

NO_REQUIREMENT = Absent(LEAST, "no requirement", "a requirement the policy does not state is not checked")
NOTHING_REQUIRED = Absent([], "none", "nothing is required unless the policy lists it")
INFORMATION = Absent(None, "not stated", "it describes the policy and changes no requirement")


@dataclass(frozen=True)
class Options(Order):
    """Alternative sets of credentials, any one of which satisfies a tier. Stricter when every
    way to satisfy the new list also satisfied the old one."""

    def accepts(self, value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(o, list) for o in value)

    def same(self, old: Any, new: Any) -> bool:
        return _options(old) == _options(new)

    def rank(self, old: Any, new: Any) -> Verdict:
        before, after = _options(old), _options(new)
        narrower = all(any(o <= n for o in before) for n in after)
        wider = all(any(n <= o for n in after) for o in before)
        if narrower and not wider:
            return Verdict.TIGHTENED
        if wider and not narrower:
            return Verdict.LOOSENED
        return Verdict.SAME if narrower else Verdict.UNRANKED


def _options(value: Any) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(str(item) for item in option) for option in value)


def _field(words: str, order: Order, absent: Absent = NO_REQUIREMENT, unit: str = "") -> Field:
    return Field(words, order, absent, unit)


STRICTER_DATA = ladder("restricted", "confidential", "internal", "public")  # applying lower is stricter
SEVERITY = ladder("warning", "error")

# Label templates take the names a "*" stands for, in order: {0}, {1}.
POLICY_FIELDS: dict[str, Field] = {
    "policy_id": _field("policy id", Free(), INFORMATION),
    "policy_version": _field("policy version", Free(), INFORMATION),
    "effective": _field("effective date", Free(), INFORMATION),
    "jurisdiction": _field("jurisdiction", Free(), INFORMATION),
    "currency": _field("currency", Fixed(), INFORMATION),
    "expiry_warning_days": _field("days of warning before an expiry", Free(), INFORMATION, "days"),
    "data_classification_labels.*": _field(
        "local labels for {0} data",
        Items(more=None, noun="label"),
        Absent([], "none", "no local label maps there"),
    ),
    "indemnification.require": _field(
        "required indemnities",
        Items(more=True, noun="required indemnity", names=tuple(INDEMNITIES.items())),
        NOTHING_REQUIRED,
    ),
    "indemnification.require_uncapped": _field(
        "indemnities required uncapped",
        Items(more=True, noun="indemnity required uncapped", names=tuple(INDEMNITIES.items())),
        NOTHING_REQUIRED,
    ),
    "indemnification.require_when_data_at_least.*": _field(
        "indemnities required for {0} data",
        Items(more=True, noun="indemnity required for {0} data", names=tuple(INDEMNITIES.items())),
        NOTHING_REQUIRED,
    ),
    "indemnification.forbid_purchaser_indemnifying_vendor": _field(
        "purchaser indemnifying the vendor forbidden",
        Flag(True),
        Absent(False, "no", "allowed unless forbidden"),
    ),
    "limitation_of_liability.allowed_bases": _field(
        "allowed cap bases",
        Items(more=False, noun="allowed cap basis"),
        Absent(list(CAP_BASES.values), "any", "every basis is allowed unless the policy lists them"),
    ),
    "limitation_of_liability.min_multiple": _field("minimum cap multiple", HIGHER, unit="times"),
    "limitation_of_liability.min_fixed_amount": _field("minimum fixed cap", HIGHER, unit="money"),
    "limitation_of_liability.required_carve_outs": _field(
        "required carve-outs",
        Items(more=True, noun="required carve-out", names=tuple(CARVE_OUTS.items())),
        NOTHING_REQUIRED,
    ),
    "limitation_of_liability.required_carve_outs_when_data_at_least.*": _field(
        "carve-outs required for {0} data",
        Items(more=True, noun="carve-out required for {0} data", names=tuple(CARVE_OUTS.items())),
        NOTHING_REQUIRED,
    ),
    "insurance.carrier_min_am_best": _field("minimum insurer rating (A.M. Best)", AM_BEST),
    "insurance.required.*.per_occurrence": _field("minimum {0} per occurrence", HIGHER, unit="money"),
    "insurance.required.*.per_claim": _field("minimum {0} per claim", HIGHER, unit="money"),
    "insurance.required.*.aggregate": _field("minimum {0} aggregate", HIGHER, unit="money"),
    "insurance.required.*.tail_years": _field("minimum {0} tail after contract end", HIGHER, unit="years"),
    "insurance.required.*.statutory": _field(
        "{0} at statutory limits", Flag(True), Absent(False, "no", "not required unless stated")
    ),
    "insurance.required_by_category.*": _field(
        "coverages required for {0} solutions",
        Items(more=True, noun="coverage required for {0} solutions", names=tuple(COVERAGES.items())),
        NOTHING_REQUIRED,
    ),
    "insurance.minimums_by_risk_tier.*.*": _field(
        "minimum {0} per claim for {1}-risk solutions", HIGHER, unit="money"
    ),
    "data_protection.applies_when_data_at_least": _field(
        "data protection applies from data classified", STRICTER_DATA
    ),
    "data_protection.require_data_ownership": _field("required data ownership", OWNERSHIP),
    "data_protection.require_secondary_use_prohibited": _field(
        "secondary use of data must be prohibited",
        Flag(True),
        Absent(False, "no", "not required unless stated"),
    ),
    "data_protection.allowed_data_locations": _field(
        "allowed data locations", Items(more=False, noun="allowed data location")
    ),
    "data_protection.max_confirmed_breach_notification_hours.*": _field(
        "longest confirmed-breach notice for {0} data", LOWER, unit="hours"
    ),
    "data_protection.max_data_return_days": _field("longest time to return data", LOWER, unit="days"),
    "data_protection.require_encryption_at_rest_and_in_transit": _field(
        "encryption at rest and in transit required",
        Flag(True),
        Absent(False, "no", "not required unless stated"),
    ),
    "credentials.authorization_classes.*.program": _field("program of the {0} class", Fixed(), INFORMATION),
    "credentials.authorization_classes.*.levels": _field(
        "levels the {0} class accepts",
        Items(more=False, noun="level the {0} class accepts"),
        Absent([], "none", "a class that is not defined accepts nothing"),
    ),
    "credentials.authorization_classes.*.statuses": _field(
        "statuses the {0} class accepts",
        Items(more=False, noun="status the {0} class accepts"),
        Absent([], "none", "a class that is not defined accepts nothing"),
    ),
    "credentials.applies_to_categories": _field(
        "categories that need a security credential",
        Items(more=True, noun="category that needs a security credential"),
        NOTHING_REQUIRED,
    ),
    "credentials.by_risk_tier.*": _field("credentials accepted for {0}-risk solutions", Options()),
    "credentials.required_for_regulated_data.*": _field(
        "credentials required for {0} data",
        Items(more=True, noun="credential required for {0} data"),
        NOTHING_REQUIRED,
    ),
    "credentials.max_evidence_age_months": _field("oldest audit evidence accepted", LOWER, unit="months"),
    "credentials.max_monitoring_age_days": _field(
        "oldest continuous-monitoring report accepted", LOWER, unit="days"
    ),
    "accessibility.require_acr_for_categories": _field(
        "categories that need an accessibility report",
        Items(more=True, noun="category that needs an accessibility report"),
        NOTHING_REQUIRED,
    ),
    "accessibility.min_standard": _field("minimum accessibility standard", STANDARDS),
    "accessibility.max_acr_age_months": _field("oldest accessibility report accepted", LOWER, unit="months"),
    "termination.require_for_convenience": _field(
        "termination for convenience required", Flag(True), Absent(False, "no", "not required unless stated")
    ),
    "termination.max_notice_days": _field(
        "longest notice for termination for convenience", LOWER, unit="days"
    ),
    "termination.require_non_appropriation": _field(
        "non-appropriation clause required", Flag(True), Absent(False, "no", "not required unless stated")
    ),
    "governing_law.accepted_by_origin.in_state": _field(
        "governing laws accepted for contracts this jurisdiction awarded",
        Items(more=False, noun="governing law accepted for contracts this jurisdiction awarded"),
        Absent(LEAST, "any", "without a list any governing law is accepted"),
    ),
    "governing_law.accepted_by_origin.other_state": _field(
        "governing laws accepted for contracts another state awarded",
        Items(more=False, noun="governing law accepted for contracts another state awarded"),
        Absent(LEAST, "any", "without a list any governing law is accepted"),
    ),
    "governing_law.accepted_by_origin.federal": _field(
        "governing laws accepted for federal contracts",
        Items(more=False, noun="governing law accepted for federal contracts"),
        Absent(LEAST, "any", "without a list any governing law is accepted"),
    ),
    "governing_law.names.*": _field("name of the law {0}", Free(), INFORMATION),
    "governing_law.forbid_binding_arbitration": _field(
        "binding arbitration forbidden", Flag(True), Absent(False, "no", "allowed unless forbidden")
    ),
    "jurisdiction_code": _field("jurisdiction code", Fixed(), INFORMATION),
    "buyer_types.*.label": _field("name of buyer type {0}", Free(), INFORMATION),
    "buyer_types.*.description": _field("description of buyer type {0}", Free(), INFORMATION),
    "buyer_types.*.federal_procurement": _field(
        "federal procurement rule of buyer type {0}", Fixed(), INFORMATION
    ),
    "buyer_types.*.emergency_required": _field(
        "scenarios must cover buyer type {0}", Flag(True), Absent(False, "no", "not required unless stated")
    ),
    # An authority lets a buyer skip competition: one that applies to more buyers, waives more,
    # or allows longer or larger purchases loosens; more conditions, documents or filings tighten.
    "emergency_authorities.*.title": _field("title of authority {0}", Free(), INFORMATION),
    "emergency_authorities.*.short_citation": _field("short citation of authority {0}", Free(), INFORMATION),
    "emergency_authorities.*.description": _field("description of authority {0}", Free(), INFORMATION),
    "emergency_authorities.*.modeled_on": _field("model of authority {0}", Free(), INFORMATION),
    "emergency_authorities.*.source_url": _field("source of authority {0}", Free(), INFORMATION),
    "emergency_authorities.*.duration_note": _field("duration note of authority {0}", Free(), INFORMATION),
    "emergency_authorities.*.federal_funds.note": _field(
        "federal-funds note of authority {0}", Free(), INFORMATION
    ),
    "emergency_authorities.*.kind": _field("kind of authority {0}", Fixed(), INFORMATION),
    "emergency_authorities.*.citation": _field("citation of authority {0}", Fixed(), INFORMATION),
    "emergency_authorities.*.citation_status": _field(
        "citation status of authority {0}", Fixed(), INFORMATION
    ),
    "emergency_authorities.*.program": _field("federal program of authority {0}", Fixed(), INFORMATION),
    "emergency_authorities.*.declared_by": _field("who declares under authority {0}", Fixed(), INFORMATION),
    "emergency_authorities.*.approved_by": _field("who approves under authority {0}", Fixed(), INFORMATION),
    "emergency_authorities.*.filings": _field("filings owed under authority {0}", Fixed(), INFORMATION),
    "emergency_authorities.*.buyer_types": _field(
        "buyer types authority {0} applies to",
        Items(more=False, noun="buyer type authority {0} applies to"),
        Absent([], "none", "an authority the policy does not list applies to no one"),
    ),
    "emergency_authorities.*.conditions": _field(
        "conditions of authority {0}", Items(more=True, noun="condition of authority {0}"), NOTHING_REQUIRED
    ),
    "emergency_authorities.*.waives": _field(
        "what authority {0} waives",
        Items(more=False, noun="requirement authority {0} waives"),
        Absent([], "nothing", "an authority the policy does not list waives nothing"),
    ),
    "emergency_authorities.*.still_required": _field(
        "what authority {0} does not waive",
        Items(more=True, noun="requirement authority {0} does not waive"),
        NOTHING_REQUIRED,
    ),
    "emergency_authorities.*.documentation": _field(
        "documents owed under authority {0}",
        Items(more=True, noun="document owed under authority {0}"),
        NOTHING_REQUIRED,
    ),
    "emergency_authorities.*.federal_funds.also_meet": _field(
        "federal rules also met under authority {0}",
        Items(more=True, noun="federal rule also met under authority {0}"),
        NOTHING_REQUIRED,
    ),
    "emergency_authorities.*.max_duration_days": _field(
        "longest purchase under authority {0}", LOWER, unit="days"
    ),
    "emergency_authorities.*.max_order_value": _field(
        "largest order under authority {0}", LOWER, unit="money"
    ),
    "pricing.price_list_required_for": _field(
        "categories that must publish a dated price list",
        Items(more=True, noun="category that must publish a dated price list"),
        NOTHING_REQUIRED,
    ),
    "provenance.tightenings_signed": _field(
        "signed instrument required for every award term and override",
        Flag(True),
        Absent(False, "no", "not required unless stated"),
    ),
    "provenance.waivers_signed": _field(
        "signed memo required for every waiver", Flag(True), Absent(False, "no", "not required unless stated")
    ),
    "provenance.solution_approval_required": _field(
        "catalog approval required for every solution",
        Flag(True),
        Absent(False, "no", "not required unless stated"),
    ),
    "provenance.scenario_sign_off_roles": _field(
        "roles that must sign off every scenario",
        Items(more=True, noun="role that must sign off every scenario"),
        NOTHING_REQUIRED,
    ),
    "severity.default": _field("default severity", SEVERITY, Absent("error", "error", "findings are errors")),
}
SECTIONS = {
    "indemnification": "Indemnification",
    "limitation_of_liability": "Limitation of liability",
    "insurance": "Insurance",
    "data_protection": "Data protection",
    "credentials": "Security credentials",
    "accessibility": "Accessibility",
    "termination": "Termination",
    "governing_law": "Governing law",
    "buyer_types": "Buyer types",
    "emergency_authorities": "Emergency authorities",
    "pricing": "Prices",
    "provenance": "Signed provenance",
    "severity": "Severity",
    "data_classification_labels": "Data classification",
}
UNKNOWN = _field("", Fixed(), INFORMATION)  # a key the table does not know: shown by its path
