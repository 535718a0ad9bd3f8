"""Vendor and solution names differ by more than case, accents, spacing or look-alike letters.

"ACME Gov" next to "Acme Gov", or a name spelled with a Cyrillic letter or "rn" for "m", would let
one vendor pose as another in search results and on every page that names it.  Names and legal
names are compared by one key, shared with ids: Unicode's confusables data (UTS #39) maps every
character to the one it imitates, and case, width, accents, small capitals, spacing and
punctuation are set aside.  No two vendors may share a key; a solution name may not differ from
another only in look-alike letters (an identical name is allowed: the vendor shows beside it).

FAIL:
    name: "ACME Gov"   # while catalog/vendors/acme-gov.yaml is named "Acme Gov"

PASS:
    name: "Acme Public Sector"

Fix: Choose a distinct name; if it is the same company, keep a single vendor entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..confusables import check_names
from ..model import Catalog
from ..policy import Policy
from ..problems import Level, Problem

ID = "confusable-name"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    return check_names(catalog, policy)
