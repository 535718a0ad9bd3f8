"""What a set of terms lacks against a requirement, independent of where the terms come from.

The same gap is reported at a contract (for requirements every contract must meet) or at a
solution (for requirements that depend on its category, risk tier or data), so the comparisons
live here once and return plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import terms

LIMIT_WORDS = {"per_occurrence": "per occurrence", "per_claim": "per claim", "aggregate": "aggregate"}


@dataclass(frozen=True)
class Gap:
    term: str  # dotted term path
    message: str  # completes "the contract's …" / "under contract X, …"
    fix: Any = None  # the value that would satisfy the requirement, if one can be named


def indemnity_gaps(
    effective: Mapping[str, Any], required: list[str], uncapped: list[str], why: str = ""
) -> list[Gap]:
    gaps = []
    for name in required:
        indemnity = terms.get(effective, f"indemnification.{name}") or {}
        label = terms.INDEMNITIES[name].lower()
        if not terms.meets(f"indemnification.{name}.included", indemnity.get("included"), True):
            gaps.append(
                Gap(
                    f"indemnification.{name}.included",
                    f"indemnification does not include the {label}{why}",
                    True,
                )
            )
        elif name in uncapped and not terms.meets(
            f"indemnification.{name}.uncapped", indemnity.get("uncapped"), True
        ):
            gaps.append(
                Gap(
                    f"indemnification.{name}.uncapped",
                    f"{label} is capped, but the policy requires it to be uncapped",
                    True,
                )
            )
    return gaps


def carve_out_gaps(effective: Mapping[str, Any], required: list[str], why: str = "") -> list[Gap]:
    liability = terms.get(effective, "limitation_of_liability")
    if not isinstance(liability, Mapping) or liability.get("basis") == "unlimited":
        return []  # a missing cap is reported by liability-cap; an unlimited one needs no carve-outs
    stated = liability.get("carve_outs")
    if terms.meets("limitation_of_liability.carve_outs", stated, required):
        return []
    present = set(stated or [])
    missing = [c for c in required if c not in present]
    words = ", ".join(terms.CARVE_OUTS[c] for c in missing)
    return [
        Gap(
            "limitation_of_liability.carve_outs",
            f"limitation of liability has no carve-out for {words}{why}",
            sorted(present | set(missing)),
        )
    ]


def coverage_gaps(effective: Mapping[str, Any], required: list[str], why: str = "") -> list[Gap]:
    coverages = terms.get(effective, "insurance.coverages") or {}
    return [
        Gap(f"insurance.coverages.{name}", f"insurance has no {terms.COVERAGES[name].lower()} coverage{why}")
        for name in required
        if name not in coverages
    ]


def limit_gaps(
    effective: Mapping[str, Any], minimums: Mapping[str, Mapping[str, Any]], currency: str, why: str = ""
) -> list[Gap]:
    """Coverages present but below their minimum limits (absent ones are coverage gaps)."""
    coverages = terms.get(effective, "insurance.coverages") or {}
    gaps = []
    for name, limits in minimums.items():
        coverage = coverages.get(name)
        if coverage is None:
            continue
        label = terms.COVERAGES[name].lower()
        for key, minimum in limits.items():
            path = f"insurance.coverages.{name}.{key}"
            actual = coverage.get(key)
            if key == "statutory":
                if minimum and not terms.meets(path, actual, True):
                    gaps.append(Gap(path, f"{label} is not at statutory limits", True))
                continue
            if not terms.meets(path, actual, minimum):
                shown = "not stated" if actual is None else terms.format_money(actual, currency)
                gaps.append(
                    Gap(
                        path,
                        f"{label} {LIMIT_WORDS.get(key, key)} is {shown}; the "
                        f"policy requires at least {terms.format_money(minimum, currency)}"
                        f"{why}",
                        minimum,
                    )
                )
    return gaps
