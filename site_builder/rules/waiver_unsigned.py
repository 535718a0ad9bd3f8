"""Every waiver names the signed memo that grants it, when the terms policy requires it.

A waiver lets a finding stand; the approver's name in the policy file is not a signature. When
the policy sets `provenance.waivers_signed`, each waiver must carry `memo`: the signed memo's
title, date, address and signatories, signed on or before the day the waiver was granted.

FAIL:
    waivers:
      - {entry: solutions/x, rule: insurance-minimum, approver: CPO, …}   # no memo

PASS:
    waivers:
      - entry: solutions/x
        rule: insurance-minimum
        …
        memo:
          title: Waiver memo CPO-2026-14
          date: "2026-10-02"
          url: https://procurement.example/waivers/cpo-2026-14.pdf
          signatories: [{name: Dana Ruiz, role: Chief Procurement Officer, party: purchaser}]

Fix: Add the signed memo under the waiver's `memo`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..model import Catalog
from ..policy import Policy
from ..problems import Level, Problem

ID = "waiver-unsigned"
LEVEL = Level.ERROR
FAMILY = "policy"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    if not policy.sets("provenance", "waivers_signed"):
        return
    for index, waiver in enumerate(policy.data.get("waivers") or []):
        what = f"the waiver of {waiver['rule']} for {waiver['entry']}"
        memo = waiver.get("memo")
        if memo is None:
            message, pointer = f"{what} names no signed memo; the terms policy requires one", ""
            hint = "add `memo:` with the signed memo's title, date, url and signatories"
        elif date.fromisoformat(memo["date"]) > date.fromisoformat(waiver["granted"]):
            message = (
                f"{what} was granted on {waiver['granted']}, before its memo was signed ({memo['date']})"
            )
            pointer, hint = "/memo/date", "correct the grant date or the memo's date"
        else:
            continue
        yield Problem(policy.file, 0, 0, LEVEL, ID, message, pointer=f"/waivers/{index}{pointer}", hint=hint)
