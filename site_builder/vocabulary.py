"""The vocabulary of pre-negotiated terms: one entry per field, the single table everything reads.

Each field has its words, its unit, how its values rank for the purchaser, and what it means when a
contract does not state it. The site's terms tables, the export columns, the policy's messages,
the override check ("an override may only tighten"), `catalog diff` and the "Tightened" labels all
read this table, so they cannot disagree. To add a term: add its family label to FAMILIES (for a
new family), its shape to `schema/terms.schema.json`, and one line to FIELDS; a test fails until
the two agree.
"""

from __future__ import annotations

from .term_order import LEAST, MOST, Absent, Field, Fixed, Flag, Free, Grades, Items, Scale, ladder

FAMILIES: dict[str, str] = {
    "indemnification": "Indemnification",
    "limitation_of_liability": "Limitation of liability",
    "insurance": "Insurance",
    "data_protection": "Data protection",
    "security": "Security",
    "service_levels": "Service levels and credits",
    "warranties": "Warranties",
    "intellectual_property": "Intellectual property and deliverables",
    "subcontracting": "Subcontractors",
    "accessibility": "Accessibility",
    "termination": "Termination",
    "force_majeure": "Force majeure",
    "governing_law": "Governing law and disputes",
    "audit": "Audit and records",
    "order_of_precedence": "Order of precedence",
    "escrow": "Source-code escrow",
    "price_protection": "Price protection",
}

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

# Path segments that only group fields and are left out of their words.
GROUPING = frozenset({"coverages", "breach_notification"})

AM_BEST_LETTERS = ("B-", "B", "B+", "B++", "A-", "A", "A+", "A++")
AM_BEST_SIZES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")  # fmt: skip


def am_best_grades(rating: object) -> tuple[int, int] | None:
    """An A.M. Best rating ("A- VII") as (letter, financial size) grades, or None."""
    if not isinstance(rating, str):
        return None
    letter, _, size = rating.partition(" ")
    if letter not in AM_BEST_LETTERS or size not in AM_BEST_SIZES:
        return None
    return AM_BEST_LETTERS.index(letter), AM_BEST_SIZES.index(size) + 1


# What silence means, shared by fields of one kind. Every field names one, with its reason.
NOT_GRANTED = Absent(False, "not granted", "a protection the contract does not state cannot be relied on")
NO_CLAUSE = Absent(
    False, "no such clause", "a clause against the purchaser binds only if the contract states it"
)
NO_CAP = Absent(MOST, "no cap: unlimited", "without a stated cap the vendor's liability is not limited")
UNKNOWN_DEADLINE = Absent(LEAST, "no deadline stated", "nothing is promised, so any stated time is tighter")
NOTHING_PROMISED = Absent(LEAST, "nothing promised", "nothing is promised, so any stated amount is tighter")
NONE_FOR_TIME = Absent(0, "none", "a period the contract does not state is not owed")
NOT_STATED = Absent(None, "not stated", "the contract is silent; a change to it cannot be ranked")
FOR_INFORMATION = Absent(None, "not stated", "for information only; it does not change what is owed")

HIGHER = Scale(higher=True)
LOWER = Scale(higher=False)
CAP_BASES = ladder(("multiple_of", "fixed_amount"), "greater_of", "unlimited")
OWNERSHIP = ladder("vendor", "shared", "purchaser")
# A shorter measurement period hides fewer outages: a monthly 99.9% cannot average a bad week away.
MEASUREMENT = ladder("annual", "quarterly", "monthly")
LICENCE_TERMS = ladder("term_of_contract", "perpetual")
REMEDIES = (
    ("repair", "repair"),
    ("replace", "replacement"),
    ("re_perform", "re-performance of the services"),
    ("refund", "refund"),
)
NO_SEPARATE_CAP = Absent(
    LEAST,
    "no separate cap",
    "without a data-breach cap, breach liability falls under the general cap unless carved out",
)
STANDARDS = ladder(("WCAG 2.0 AA", "Section 508"), "WCAG 2.1 AA", "WCAG 2.2 AA")
AM_BEST = Grades(am_best_grades)

# Leaf fields by their path inside the terms; "*" stands for any one name (a coverage, an indemnity).
FIELDS: dict[str, Field] = {
    "indemnification.*.included": Field("included", Flag(True), NOT_GRANTED),
    "indemnification.*.uncapped": Field(
        "uncapped (outside the liability cap)",
        Flag(True),
        Absent(False, "capped", "an indemnity falls under the liability cap unless carved out"),
    ),
    "indemnification.*.cap_per_record": Field("cap per record", HIGHER, NO_CAP, "money"),
    "indemnification.purchaser_indemnifies_vendor": Field(
        "purchaser indemnifies vendor", Flag(False), NO_CLAUSE
    ),
    "limitation_of_liability.basis": Field(
        "cap basis",
        CAP_BASES,
        Absent("unlimited", "no cap: unlimited", "without a limitation clause liability is not limited"),
    ),
    "limitation_of_liability.multiple": Field("cap multiple", HIGHER, NO_CAP, "times"),
    "limitation_of_liability.multiple_of": Field("multiple of", Fixed(), NOT_STATED),
    "limitation_of_liability.fixed_amount": Field("fixed cap", HIGHER, NO_CAP, "money"),
    "limitation_of_liability.data_breach_cap": Field(
        "data-breach cap (super-cap)", HIGHER, NO_SEPARATE_CAP, "money"
    ),
    "limitation_of_liability.data_breach_cap_multiple": Field(
        "data-breach cap multiple (super-cap)", HIGHER, NO_SEPARATE_CAP, "times"
    ),
    "limitation_of_liability.excludes_consequential_damages": Field(
        "consequential damages excluded", Free(), FOR_INFORMATION
    ),
    "limitation_of_liability.carve_outs": Field(
        "carve-outs",
        Items(more=True, noun="carve-out", names=tuple(CARVE_OUTS.items())),
        Absent([], "none", "a liability is capped unless the contract carves it out"),
    ),
    "insurance.carrier_min_am_best": Field(
        "minimum carrier rating (A.M. Best)",
        AM_BEST,
        Absent(LEAST, "any insurer", "without a minimum rating any insurer may be used"),
    ),
    "insurance.additional_insured": Field("purchasers named additional insured", Flag(True), NOT_GRANTED),
    "insurance.waiver_of_subrogation": Field(
        "waiver of subrogation in purchasers' favour", Flag(True), NOT_GRANTED
    ),
    "insurance.primary_non_contributory": Field("primary and non-contributory", Flag(True), NOT_GRANTED),
    "insurance.cancellation_notice_days": Field(
        "notice of cancellation to purchasers",
        HIGHER,
        Absent(0, "none", "an insurer owes no notice of cancellation unless the contract asks for it"),
        "days",
    ),
    "insurance.coverages.*.per_occurrence": Field("per occurrence", HIGHER, NOTHING_PROMISED, "money"),
    "insurance.coverages.*.per_claim": Field("per claim", HIGHER, NOTHING_PROMISED, "money"),
    "insurance.coverages.*.aggregate": Field("aggregate", HIGHER, NOTHING_PROMISED, "money"),
    "insurance.coverages.*.statutory": Field("statutory limits", Flag(True), NOT_GRANTED),
    "insurance.coverages.*.tail_years": Field("tail after contract end", HIGHER, NONE_FOR_TIME, "years"),
    "data_protection.data_ownership": Field(
        "data ownership",
        OWNERSHIP,
        Absent(LEAST, "not stated", "unstated ownership leaves the vendor's own terms to decide"),
    ),
    "data_protection.secondary_use_prohibited": Field("secondary use prohibited", Flag(True), NOT_GRANTED),
    "data_protection.data_locations": Field(
        "data stored in",
        Items(more=False, noun="data location"),
        Absent(LEAST, "anywhere", "without a stated list data may be kept in any country"),
    ),
    "data_protection.breach_notification.suspected_incident_hours": Field(
        "suspected incident notice", LOWER, UNKNOWN_DEADLINE, "hours"
    ),
    "data_protection.breach_notification.confirmed_breach_hours": Field(
        "confirmed breach notice", LOWER, UNKNOWN_DEADLINE, "hours"
    ),
    "data_protection.data_return_days": Field("data returned within", LOWER, UNKNOWN_DEADLINE, "days"),
    "data_protection.destruction_certified": Field("destruction certified", Flag(True), NOT_GRANTED),
    "data_protection.encryption_at_rest": Field("encryption at rest", Flag(True), NOT_GRANTED),
    "data_protection.encryption_in_transit": Field("encryption in transit", Flag(True), NOT_GRANTED),
    "security.background_checks": Field("background checks", Flag(True), NOT_GRANTED),
    "security.incident_response_plan": Field("incident response plan", Flag(True), NOT_GRANTED),
    "security.vulnerability_remediation_days": Field(
        "critical vulnerabilities fixed within", LOWER, UNKNOWN_DEADLINE, "days"
    ),
    "service_levels.availability_percent": Field("availability", HIGHER, NOTHING_PROMISED, "percent"),
    "service_levels.measurement_period": Field(
        "availability measured per",
        MEASUREMENT,
        Absent(LEAST, "not stated", "without a stated period an outage can be averaged over any span"),
    ),
    "service_levels.critical_response_minutes": Field(
        "response to a critical incident", LOWER, UNKNOWN_DEADLINE, "minutes"
    ),
    "service_levels.critical_restore_hours": Field(
        "critical service restored within", LOWER, UNKNOWN_DEADLINE, "hours"
    ),
    "service_levels.recovery_point_hours": Field(
        "data loss at most (recovery point)", LOWER, UNKNOWN_DEADLINE, "hours"
    ),
    "service_levels.recovery_time_hours": Field(
        "back in service within (recovery time)", LOWER, UNKNOWN_DEADLINE, "hours"
    ),
    "service_levels.service_credit_max_percent": Field(
        "service credits up to (of monthly fees)",
        HIGHER,
        Absent(0, "none", "no credit is owed for a missed service level unless the contract states one"),
        "percent",
    ),
    "service_levels.service_credits_automatic": Field(
        "credits applied without a claim", Flag(True), NOT_GRANTED
    ),
    "service_levels.service_credits_sole_remedy": Field(
        "credits are the only remedy", Flag(False), NO_CLAUSE
    ),
    "service_levels.chronic_failure_termination": Field(
        "may terminate for repeated failures", Flag(True), NOT_GRANTED
    ),
    "warranties.warranty_days": Field("warranty period", HIGHER, NONE_FOR_TIME, "days"),
    "warranties.conforms_to_documentation": Field("conforms to its documentation", Flag(True), NOT_GRANTED),
    "warranties.no_malicious_code": Field("free of malicious code", Flag(True), NOT_GRANTED),
    "warranties.services_workmanlike": Field(
        "services professional and workmanlike", Flag(True), NOT_GRANTED
    ),
    "warranties.remedies": Field(
        "remedies",
        Items(more=True, noun="remedy", names=REMEDIES),
        Absent([], "none", "a remedy the contract does not state cannot be claimed"),
    ),
    "warranties.implied_warranties_disclaimed": Field(
        "implied warranties disclaimed", Flag(False), NO_CLAUSE
    ),
    "intellectual_property.deliverables_owner": Field(
        "deliverables owned by",
        OWNERSHIP,
        Absent(LEAST, "not stated", "unstated ownership leaves the vendor's own terms to decide"),
    ),
    "intellectual_property.embedded_materials_licence": Field(
        "licence to the vendor's materials in deliverables",
        LICENCE_TERMS,
        Absent(
            LEAST, "none stated", "without a stated licence the vendor's embedded materials may not be used"
        ),
    ),
    "intellectual_property.open_source_disclosed": Field(
        "open-source components disclosed", Flag(True), NOT_GRANTED
    ),
    "subcontracting.prior_approval_required": Field(
        "subcontractors need the purchaser's approval", Flag(True), NOT_GRANTED
    ),
    "subcontracting.flow_down_required": Field(
        "contract terms flow down to subcontractors", Flag(True), NOT_GRANTED
    ),
    "subcontracting.contractor_remains_liable": Field(
        "contractor answers for its subcontractors", Flag(True), NOT_GRANTED
    ),
    "subcontracting.offshore_work_prohibited": Field(
        "no subcontracted work outside the country", Flag(True), NOT_GRANTED
    ),
    "subcontracting.subcontractors_disclosed": Field(
        "subcontractors named to the purchaser", Flag(True), NOT_GRANTED
    ),
    "accessibility.standard": Field(
        "standard",
        STANDARDS,
        Absent(LEAST, "none warranted", "without a stated standard no conformance is warranted"),
    ),
    "accessibility.acr_required": Field("conformance report required", Flag(True), NOT_GRANTED),
    "accessibility.remediation_plan_required": Field("remediation plan required", Flag(True), NOT_GRANTED),
    "termination.for_convenience": Field("termination for convenience", Flag(True), NOT_GRANTED),
    "termination.convenience_notice_days": Field("notice for convenience", LOWER, UNKNOWN_DEADLINE, "days"),
    "termination.cure_period_days": Field("cure period", LOWER, UNKNOWN_DEADLINE, "days"),
    "termination.non_appropriation": Field("non-appropriation clause", Flag(True), NOT_GRANTED),
    "termination.transition_assistance_days": Field("transition assistance", HIGHER, NONE_FOR_TIME, "days"),
    "force_majeure.notice_days": Field("notice of a force-majeure event", LOWER, UNKNOWN_DEADLINE, "days"),
    "force_majeure.termination_after_days": Field(
        "purchaser may terminate after a delay of",
        LOWER,
        Absent(LEAST, "no right stated", "without a stated period the purchaser must wait the event out"),
        "days",
    ),
    "force_majeure.continuity_duties_not_excused": Field(
        "continuity and recovery duties not excused", Flag(True), NOT_GRANTED
    ),
    "force_majeure.cyber_attacks_excluded": Field(
        "a preventable cyber-attack is no excuse", Flag(True), NOT_GRANTED
    ),
    "governing_law.law": Field("governing law", Fixed(), NOT_STATED),
    "governing_law.venue": Field("venue", Fixed(), NOT_STATED),
    "governing_law.binding_arbitration": Field("binding arbitration", Flag(False), NO_CLAUSE),
    "audit.right_to_audit": Field("right to audit", Flag(True), NOT_GRANTED),
    "audit.records_retention_years": Field("records kept", HIGHER, NONE_FOR_TIME, "years"),
    "order_of_precedence.purchaser_terms_prevail": Field("state terms prevail", Flag(True), NOT_GRANTED),
    "order_of_precedence.clickwrap_binding": Field("click-through terms bind", Flag(False), NO_CLAUSE),
    "escrow.source_code_escrow": Field("source code in escrow", Flag(True), NOT_GRANTED),
    "escrow.agent": Field("escrow agent", Free(), FOR_INFORMATION),
    "escrow.release_conditions": Field(
        "release conditions",
        Items(more=True, noun="release condition"),
        Absent([], "none", "code is released only on a condition the contract states"),
    ),
    "price_protection.price_hold_months": Field("prices held", HIGHER, NONE_FOR_TIME, "months"),
    "price_protection.max_increases_per_year": Field(
        "increases a year at most",
        LOWER,
        Absent(LEAST, "no limit", "without a stated limit prices may rise at any time"),
    ),
    "price_protection.decreases_passed_through": Field("decreases passed through", Flag(True), NOT_GRANTED),
    "price_protection.most_favored_customer": Field("most-favored customer", Flag(True), NOT_GRANTED),
    "price_protection.min_discount_percent": Field(
        "discount off list at least",
        HIGHER,
        Absent(0, "none", "no discount is owed unless stated"),
        "percent",
    ),
}

# The clause reference (`section`) any family or item may carry.
SECTION = Field("clause", Free(), FOR_INFORMATION)
