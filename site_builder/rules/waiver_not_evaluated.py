"""A waiver whose entry could not be checked is reported as not evaluated, never as unused.

When an entry has errors that stop its checks (a schema error, a contract it names that is
missing or broken), the finding a waiver excuses cannot arise, and "matches no finding" would
invite deleting a waiver that is still needed.  The waiver is left alone and evaluated again once
the entry's own errors are fixed.

FAIL:
    # solutions/x has a schema error, and the policy waives insurance-minimum for it
    waivers:
      - {entry: solutions/x, rule: insurance-minimum, …}

PASS:
    # solutions/x passes its own checks; the waiver excuses its insurance-minimum finding
    waivers:
      - {entry: solutions/x, rule: insurance-minimum, …}

Fix: Fix the entry's errors reported above; the waiver is then checked again.
"""

from __future__ import annotations

from ..problems import Level

ID = "waiver-not-evaluated"
LEVEL = Level.WARNING
FAMILY = "policy"
