"""A contract states every term its solutions need: one finding on the contract, not one per solution.

Some requirements depend on what a solution is: its data, category or risk tier (breach notice
for confidential data, cyber insurance for cloud services).  When a solution's contract does not
state such a term at all, and the solution does not add it, the fix is in the contract.  The
findings of the rules named in the message are then gathered into this one, at the contract's
`terms:` (or at the family that lacks the field), naming every solution that needs it.  A term the
contract states, but not strictly enough for one solution's own data, stays on that solution.

FAIL:
    # contract: terms without data_protection; solutions under it hold confidential data
    terms:
      indemnification: {…}

PASS:
    terms:
      indemnification: {…}
      data_protection: {data_ownership: purchaser, data_locations: [US], …}

Fix: Add the term to the contract as signed (an amendment if it is not there), or, for one
solution, add it to that solution's `terms_overrides`.
"""

from __future__ import annotations

from ..problems import Level

ID = "required-term-missing"
LEVEL = Level.ERROR
FAMILY = "terms"
