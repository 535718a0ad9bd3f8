"""The credentials the terms policy can ask for: attestation types, and the authorization classes
it defines (a program, the levels that count, the statuses that count)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .law import LawIssue

# Audit reports and certificates, then signed agreements: the schema's attestation types.
ATTESTATION_TYPES = {
    "soc2_type2": "SOC 2 Type 2 report",
    "iso27001": "ISO/IEC 27001 certificate",
    "pci_dss_aoc": "PCI DSS attestation of compliance",
    "hipaa_baa": "HIPAA business associate agreement",
    "cjis_security_addendum": "CJIS Security Addendum",
    "irs_1075_safeguards": "IRS Publication 1075 safeguards agreement",
}
AGREEMENTS = frozenset({"hipaa_baa", "cjis_security_addendum", "irs_1075_safeguards"})
PROGRAMS = {"fedramp": "FedRAMP", "govramp": "GovRAMP", "txramp": "TX-RAMP"}
LEVELS = {
    "li_saas": "LI-SaaS",
    "low": "Low",
    "low_plus": "Low+",
    "moderate": "Moderate",
    "high": "High",
    "level_1": "Level 1",
    "level_2": "Level 2",
}
STATUSES = {
    "ready": "Ready",
    "in_process": "In Process",
    "active": "Active",
    "core": "Core",
    "provisional": "Provisionally Authorized",
    "authorized": "Authorized",
    "certified": "Certified",
    "suspended": "Suspended",
    "revoked": "Revoked",
}
WITHDRAWN = frozenset({"suspended", "revoked"})
REGULATED_DATA = {
    "cji": "criminal justice information",
    "phi": "protected health information",
    "fti": "federal tax information",
    "cardholder_data": "payment card data",
    "student_records": "student education records",
}


@dataclass(frozen=True)
class AuthorizationClass:
    name: str
    program: str
    levels: frozenset[str]
    statuses: frozenset[str]

    def words(self) -> str:
        """ "FedRAMP Moderate or High authorization (Authorized)"."""
        levels = " or ".join(LEVELS[level] for level in LEVELS if level in self.levels)
        statuses = " or ".join(STATUSES[status] for status in STATUSES if status in self.statuses)
        return f"{PROGRAMS[self.program]} {levels} authorization ({statuses})"


def authorization_classes_of(data: Mapping[str, Any]) -> dict[str, AuthorizationClass]:
    section = data.get("credentials") or {}
    return {
        name: AuthorizationClass(
            name, str(item["program"]), frozenset(item["levels"]), frozenset(item["statuses"])
        )
        for name, item in (section.get("authorization_classes") or {}).items()
    }


def credential_words(name: str, classes: Mapping[str, AuthorizationClass]) -> str:
    """A credential name the policy uses, in words."""
    if name in classes:
        return classes[name].words()
    return ATTESTATION_TYPES.get(name, name.replace("_", " "))


def check_credential_names(data: Mapping[str, Any]) -> list[LawIssue]:
    """Every credential the policy's options name must be an attestation type or a defined class."""
    section = data.get("credentials") or {}
    classes = authorization_classes_of(data)
    known = sorted({*ATTESTATION_TYPES, *classes})
    issues = []
    named: list[tuple[str, str]] = [
        (f"/credentials/by_risk_tier/{tier}/{i}/{j}", name)
        for tier, options in (section.get("by_risk_tier") or {}).items()
        for i, option in enumerate(options)
        for j, name in enumerate(option)
    ]
    named += [
        (f"/credentials/required_for_regulated_data/{kind}/{i}", name)
        for kind, names in (section.get("required_for_regulated_data") or {}).items()
        for i, name in enumerate(names)
    ]
    for pointer, name in named:
        if name not in known:
            issues.append(
                LawIssue(
                    pointer,
                    f'"{name}" is neither an attestation type nor a class under `authorization_classes`',
                    "use one of: " + ", ".join(known),
                )
            )
    for name, item in classes.items():
        wrong = [level for level in item.levels if not _fits(item.program, level)]
        if wrong:
            issues.append(
                LawIssue(
                    f"/credentials/authorization_classes/{name}/levels",
                    f'class "{name}" names levels {PROGRAMS[item.program]} does not have: '
                    + ", ".join(sorted(wrong)),
                    "use " + ", ".join(level for level in LEVELS if _fits(item.program, level)),
                )
            )
    return issues


def _fits(program: str, level: str) -> bool:
    if program == "txramp":
        return level.startswith("level_")
    if program == "govramp":
        return level in {"low", "low_plus", "moderate", "high"}
    return level in {"li_saas", "low", "moderate", "high"}
