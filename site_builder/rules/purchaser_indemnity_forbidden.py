"""The purchaser never indemnifies the vendor.

A government that promises to cover a vendor's losses takes on an unbounded debt no budget has
approved; most jurisdictions forbid it (in the US, the Anti-Deficiency Act and state
constitutions).  When the policy sets `forbid_purchaser_indemnifying_vendor`, no contract may.

FAIL:
    terms:
      indemnification:
        purchaser_indemnifies_vendor: true

PASS:
    terms:
      indemnification:
        purchaser_indemnifies_vendor: false

Fix: Set `purchaser_indemnifies_vendor: false`; governments may not indemnify vendors.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import term_hint
from ..policy.scope import forbidden_flag
from ..problems import Level, Problem

ID = "purchaser-indemnity-forbidden"
LEVEL = Level.ERROR
FAMILY = "terms"
_PATH = "indemnification.purchaser_indemnifies_vendor"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return (_PATH,) if policy.sets("indemnification", "forbid_purchaser_indemnifying_vendor") else ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if policy.section("indemnification").get("forbid_purchaser_indemnifying_vendor"):
        yield from forbidden_flag(
            catalog,
            _PATH,
            ID,
            "indemnification has the purchaser indemnify the vendor, which the policy forbids",
            term_hint(_PATH, False),
        )
