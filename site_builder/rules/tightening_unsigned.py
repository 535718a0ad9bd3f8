"""Every tightening is signed: each term an award states over its vehicle's common terms, and each
solution override, is covered by a signed instrument dated on or before the day of the check.

A catalog entry is written by a vendor or a maintainer; what binds the vendor is the signed
document. When the terms policy sets `provenance.tightenings_signed`, an award's or a solution's
`instruments` must name, for every term it states, the amendment, rider, task-order clause, award
letter or executed contract that carries it (`covers`, a dotted path, covers every field below
it). An instrument dated after the day of the check does not bind yet.

FAIL:
    terms_overrides:
      data_protection:
        breach_notification: {confirmed_breach_hours: 24}
    # no instruments

PASS:
    terms_overrides:
      data_protection:
        breach_notification: {confirmed_breach_hours: 24}
    instruments:
      - id: rider-2
        type: rider
        title: Rider 2
        date: "2026-02-01"
        url: https://agency.example/rider-2.pdf
        signatories: [{name: Dana Ruiz, role: Chief Procurement Officer, party: purchaser}]
        covers: [data_protection.breach_notification]

Fix: Add the signed instrument to `instruments`, with the term in its `covers`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import terms
from ..model import Catalog, Entry
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem
from ..provenance import instruments_of, signed_terms, signing

ID = "tightening-unsigned"
LEVEL = Level.ERROR
FAMILY = "terms"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if not policy.sets("provenance", "tightenings_signed"):
        return
    for award in catalog.contracts.values():
        if award.vehicle is not None:
            yield from _unsigned(award, award.own_terms, "/terms", "the award", catalog)
    for solution in catalog.solutions.values():
        yield from _unsigned(solution, solution.overrides, "/terms_overrides", "the override", catalog)


def _unsigned(
    entry: Entry, stated: Mapping[str, Any], base: str, what: str, catalog: Catalog
) -> Iterator[Problem]:
    instruments = instruments_of(entry.data)
    for path in signed_terms(stated):
        if signing(instruments, path, catalog.today) is not None:
            continue
        later = sorted(i.signed for i in instruments if i.covers_path(path))
        if later:
            message = (
                f"{terms.label_for(path)} ({path}): {what}'s instrument covering it is dated "
                f"{later[0].isoformat()}, after {catalog.today.isoformat()}; it does not bind yet"
            )
            hint = "correct the instrument's date if it was signed earlier, or wait until it is signed"
        else:
            message = f"{terms.label_for(path)} ({path}): no signed instrument covers {what}'s term"
            hint = (
                "add the signed amendment, rider, task-order clause or executed contract to `instruments`, "
                f"with `{path}` (or its family) in its `covers`"
            )
        yield at_entry(entry, base + "/" + path.replace(".", "/"), ID, message, hint, path)
