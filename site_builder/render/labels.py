"""Plain words for the schemas' enumerated values, as buyers read them on the site."""

from __future__ import annotations

CATEGORIES = {
    "saas": "Software as a service (SaaS)",
    "paas": "Platform as a service (PaaS)",
    "iaas": "Infrastructure as a service (IaaS)",
    "software_license": "Software licences",
    "hardware": "Hardware",
    "managed_service": "Managed services",
    "professional_service": "Professional services",
    "network_telecom": "Network and telecom",
    "incident_response": "Incident response",
    "training": "Training",
}

DEPLOYMENTS = {
    "public_cloud": "Public cloud",
    "government_cloud": "Government cloud",
    "private_hosted": "Private hosted",
    "on_premises": "On premises",
    "hybrid": "Hybrid",
    "on_site_service": "Service on site",
    "remote_service": "Remote service",
}

CLASSIFICATIONS = {
    "public": "Public",
    "internal": "Internal",
    "confidential": "Confidential",
    "restricted": "Restricted",
}

RISK_TIERS = {"low": "Low", "moderate": "Moderate", "high": "High"}

STATUSES = {
    "active": "Active",
    "expiring": "Expiring soon",
    "expired": "Expired",
    "not_started": "Not yet started",
}

VEHICLES = {
    "umbrella": "Umbrella contract",
    "master_agreement": "Master agreement",
    "cooperative": "Cooperative contract",
    "schedule": "Schedule",
    "statewide_term": "Statewide term contract",
    "framework": "Framework agreement",
}

PROCUREMENT_METHODS = {
    "open": "Open: any interested vendor could bid",
    "selective": "Selective: only vendors that qualified could bid",
    "limited": "Limited: the buyer approached vendors of its choice",
    "direct": "Direct: awarded without competition",
}

ORDERS_AWARDED = {
    "without_reopening_competition": "Without reopening competition: order directly from an awardee",
    "with_reopening_competition": "With reopening competition: the awardees compete again for each order",
    "with_and_without_reopening_competition": "With or without reopening competition, by the order",
}

ORDER_METHODS = {
    "direct_order": "Direct order",
    "rfq": "Request for quote (RFQ)",
    "mini_bid": "Mini-bid",
    "quote": "Quote",
}

PO_RECIPIENTS = {
    "vendor": "the vendor",
    "reseller": "an authorized reseller",
    "either": "the vendor or a reseller",
}

CONTACT_ROLES = {
    "sales": "Sales",
    "contract_manager": "Contract manager",
    "support": "Support",
    "security_incident": "Security incidents",
    "accessibility": "Accessibility",
    "orders": "Orders",
    "legal": "Legal",
}

DOCUMENT_TYPES = {
    "contract_signed": "Executed contract",
    "appendix": "Appendix",
    "price_list": "Price list",
    "how_to_use": "How to use",
    "insurance_certificate": "Insurance certificate",
    "amendment": "Amendment",
    "solicitation": "Solicitation",
    "accessibility_report": "Accessibility report",
    "security_report": "Security report",
    "other": "Document",
}

THREATS = {
    "ransomware": "Ransomware",
    "data_breach": "Data breach",
    "natural_disaster": "Natural disaster",
    "infrastructure_outage": "Infrastructure outage",
    "vendor_failure": "Vendor failure",
    "public_health": "Public-health event",
    "cyber_attack": "Cyber attack",
    "civil_emergency": "Civil emergency",
}

LIKELIHOODS = {
    "rare": "Rare",
    "unlikely": "Unlikely",
    "possible": "Possible",
    "likely": "Likely",
    "almost_certain": "Almost certain",
}

CONFORMANCE = {
    "supports": "Supports",
    "partially_supports": "Partially supports",
    "does_not_support": "Does not support",
}

SIZES = {"micro": "Micro", "small": "Small", "medium": "Medium", "large": "Large"}

SOCIO_ECONOMIC = {
    "mbe": "Minority-owned business (MBE)",
    "wbe": "Women-owned business (WBE)",
    "mwbe": "Minority- and women-owned business (MWBE)",
    "sdvob": "Service-disabled veteran-owned business (SDVOB)",
    "small_business": "Small business",
    "hub": "Historically underutilized business (HUB)",
    "dvbe": "Disabled veteran business enterprise (DVBE)",
    "8a": "SBA 8(a)",
    "hubzone": "HUBZone",
    "wosb": "Women-owned small business (WOSB)",
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "category": CATEGORIES,
    "deployment": DEPLOYMENTS,
    "classification": CLASSIFICATIONS,
    "risk": RISK_TIERS,
    "status": STATUSES,
    "vehicle": VEHICLES,
    "procurement_method": PROCUREMENT_METHODS,
    "orders_awarded": ORDERS_AWARDED,
    "order_method": ORDER_METHODS,
    "po_to": PO_RECIPIENTS,
    "contact_role": CONTACT_ROLES,
    "document_type": DOCUMENT_TYPES,
    "threat": THREATS,
    "likelihood": LIKELIHOODS,
    "conformance": CONFORMANCE,
    "size": SIZES,
    "socio_economic": SOCIO_ECONOMIC,
}


def label(vocabulary: str, value: object) -> str:
    """The words for `value`; an unknown value (a schema newer than this table) is shown readably."""
    text = str(value)
    return VOCABULARIES[vocabulary].get(text) or text.replace("_", " ")
