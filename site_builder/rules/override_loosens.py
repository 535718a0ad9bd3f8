"""A solution's term overrides only tighten its contracts' terms.

The contract's terms were negotiated and approved once; a catalog entry may promise more for one
solution, never less.  Every overridden field is compared with the contract's value using the
terms vocabulary's direction (which way protects the purchaser).

FAIL:
    # contract: confirmed_breach_hours: 24
    terms_overrides:
      data_protection:
        breach_notification: {confirmed_breach_hours: 72}

PASS:
    # contract: confirmed_breach_hours: 72
    terms_overrides:
      data_protection:
        breach_notification: {confirmed_breach_hours: 24}

Fix: Remove the override; loosening a term needs a contract amendment, not a catalog entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import terms
from ..advice import remove
from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "override-loosens"
LEVEL = Level.ERROR
FAMILY = "terms"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    for solution in catalog.solutions.values():
        overrides = solution.overrides
        if not overrides:
            continue
        for offering in solution.offerings:
            contract = catalog.contracts.get(offering.contract_id)
            if contract is None:
                continue
            for path, _ in terms.iter_leaves(overrides):
                old = terms.get(contract.terms, path)
                new = terms.get(offering.effective_terms, path)  # carve-outs add to the contract's
                if terms.compare(path, old, new) < 0:
                    yield at_entry(
                        solution,
                        "/terms_overrides/" + path.replace(".", "/"),
                        ID,
                        f"{terms.label_for(path)} is {terms.format_value(path, old, policy.currency)} "
                        f'under contract "{contract.id}"; the override '
                        f"({terms.format_value(path, new, policy.currency)}) would loosen it",
                        remove(
                            "/terms_overrides/" + path.replace(".", "/"),
                            "remove the override; only the contract can be amended to loosen a term",
                        ),
                        path,
                    )
