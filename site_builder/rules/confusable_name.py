"""Vendor names differ by more than case, width, spacing, punctuation or look-alike letters.

"ACME Gov" next to "Acme Gov", or a name spelled with a Cyrillic letter, would let one vendor pose
as another in search results and on every page that names it.  Names and legal names are
compared once case, width, spacing, punctuation and look-alike letters are set aside.

FAIL:
    name: "ACME Gov"   # while catalog/vendors/acme-gov.yaml is named "Acme Gov"

PASS:
    name: "Acme Public Sector"

Fix: Choose a distinct name; if it is the same company, keep a single vendor entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..confusables import check_vendor_names
from ..model import Catalog
from ..policy import Policy
from ..problems import Level, Problem

ID = "confusable-name"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    return check_vendor_names(catalog, policy)
