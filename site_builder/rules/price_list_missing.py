"""A solution in a category the terms policy names publishes a dated price list.

Buyers compare ceiling rates and discounts against the price list the contract incorporates; for
the categories in `pricing.price_list_required_for` (professional services, say, where every order
is priced by labour category), a solution without `pricing.price_list` cannot be priced at all.

FAIL:
    # policy: pricing: {price_list_required_for: [professional_service]}
    category: professional_service
    pricing: {summary: "On request"}

PASS:
    category: professional_service
    pricing:
      summary: Ceiling rates by labour category
      price_list: {title: Rate card 2026, url: https://vendor.example/rates.pdf, date: "2026-01-01"}

Fix: Add `pricing.price_list` with the price list's title, address and date.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Catalog
from ..policy import Policy
from ..policy.findings import at_entry
from ..problems import Level, Problem

ID = "price-list-missing"
LEVEL = Level.ERROR
FAMILY = "catalog"


def check(catalog: Catalog, policy: Policy) -> Iterator[Problem]:
    required = set(policy.section("pricing").get("price_list_required_for") or [])
    if not required:
        return
    for solution in catalog.solutions.values():
        if solution.category not in required:
            continue
        pricing = solution.data.get("pricing")
        if pricing is not None and pricing.get("price_list"):
            continue
        yield at_entry(
            solution,
            "/pricing" if pricing is not None else "",
            ID,
            f"a solution in the category {solution.category.replace('_', ' ')} must publish a dated "
            "price list; the terms policy requires one",
            "add `pricing.price_list` with `title`, `url` and `date` (the date the prices take effect)",
        )
