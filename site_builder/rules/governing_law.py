"""The contract is governed by the jurisdiction's law.

A dispute under a foreign or another state's law would be fought in unfamiliar courts at the
purchaser's expense.  When the policy sets `require_law`, every contract names that law (an empty
`require_law` accepts any stated law).

FAIL:
    terms:
      governing_law: {law: US-DE}

PASS:
    terms:
      governing_law: {law: US-NY}

Fix: Set `governing_law.law` to the law the policy requires, e.g. `US-NY`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term
from ..problems import Level, Problem

ID = "governing-law"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return ("governing_law.law",) if policy.sets("governing_law", "require_law") else ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    section = policy.section("governing_law")
    if "require_law" not in section:
        return
    required = section["require_law"]
    for contract in catalog.contracts.values():
        law = terms.get(contract.terms, "governing_law.law")
        if law is None or (required and law != required):
            shown = law or "not stated"
            wanted = required or "a US law"
            yield at_contract_term(
                contract,
                "governing_law.law",
                ID,
                f"governing law is {shown}; the policy requires {wanted}",
                f"set `law: {required or 'US-XX'}`",
            )
