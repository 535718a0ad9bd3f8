"""The contract is governed by a law the policy accepts for a contract of its origin.

A dispute under an unexpected law would be fought in unfamiliar courts at the purchaser's
expense. But a contract keeps the law of the government that awarded it: this jurisdiction's own
contracts its law, a cooperative contract led by another state that state's law (its participating
addendum may add local terms for this jurisdiction's orders), a federal schedule federal law. The
policy lists the laws it accepts per origin (`accepted_by_origin`); `awarding_state` stands for
the awarding state's own law.

FAIL:
    issuing_authority: {name: Office of General Services}     # awarded here (US-XE)
    terms:
      governing_law: {law: US-DE}

PASS:
    issuing_authority: {name: Northwood Purchasing, jurisdiction: US-XN}
    terms:
      governing_law: {law: US-XN}     # other_state: [awarding_state]

Fix: Record the law the contract really has; if the policy does not accept it for a contract of
that origin, the contract needs an amendment or a waiver.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..eligibility import ORIGIN_WORDS, awarding_law, origin
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_contract_term, term_hint
from ..problems import Level, Problem

ID = "governing-law"
LEVEL = Level.ERROR
FAMILY = "terms"


def terms_read(policy: Policy) -> tuple[str, ...]:
    return ("governing_law.law",) if policy.sets("governing_law", "accepted_by_origin") else ()


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    accepted_by_origin = policy.section("governing_law").get("accepted_by_origin")
    if not accepted_by_origin:
        return
    for contract in catalog.contracts.values():
        kind = origin(contract, policy)
        accepted = accepted_by_origin.get(kind)
        if not accepted:
            continue  # the policy sets no law for contracts of this origin
        awarding = awarding_law(contract, policy)
        laws = [awarding if code == "awarding_state" else code for code in accepted]
        law = terms.get(contract.terms, "governing_law.law")
        if law in laws:
            continue
        wanted = " or ".join(policy.law_name(code) for code in dict.fromkeys(laws))
        yield at_contract_term(
            contract,
            "governing_law.law",
            ID,
            f"governing law is {policy.law_name(law) if law else 'not stated'}; for a contract "
            f"{ORIGIN_WORDS[kind]} the policy accepts {wanted}",
            term_hint("governing_law.law", laws[0])
            if len(set(laws)) == 1
            else f"write the law the signed contract names under `law:` ({', '.join(dict.fromkeys(laws))}), "
            "or have it amended",
        )
