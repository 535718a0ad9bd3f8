"""A solution page formats only the terms its overrides state, and shows what it showed when it
formatted all of its terms and kept those.

`SiteData.own_groups` skips the rows a solution leaves as its contract has them; for every
solution and offering of the demo and of a generated catalog (thousands of overrides over
vehicles, awards and stand-alone contracts), its rows must be exactly the rows of
`offering_groups` that the solution states, and the page's table built from either the same.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.buildinfo import build_info
from site_builder.pipeline import check
from site_builder.render import SiteData, site_data
from site_builder.render.termtable import own_terms, single_term, term_matrix

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> list[SiteData]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate  # benchmarks/generate.py: the catalog the build is measured on

    generated = tmp_path_factory.mktemp("generated") / "catalog"
    generate.main(["400", "--out", str(generated)])
    found = []
    for root in (ROOT, generated):
        result = check(root)
        found.append(site_data(result, build_info(root, result.catalog.today)))
    return found


def test_own_groups_are_the_stated_rows_of_offering_groups(catalogs: list[SiteData]) -> None:
    checked = 0
    for data in catalogs:
        for solution in data.catalog.solutions.values():
            for offering in solution.offerings:
                full = data.offering_groups(solution, offering)
                expected = [
                    (
                        group.family,
                        group.label,
                        [replace(row, clause="") for row in group.rows if row.source == "this solution"],
                    )
                    for group in full
                ]
                expected = [item for item in expected if item[2]]
                own = data.own_groups(solution, offering)
                assert [
                    (group.family, group.label, [replace(row, clause="") for row in group.rows])
                    for group in own
                ] == expected, solution.id
                checked += bool(own)
    assert checked >= 100  # the catalogs have overrides enough to test on


def test_the_page_s_table_is_the_same_from_either(catalogs: list[SiteData]) -> None:
    for data in catalogs:
        for solution in data.catalog.solutions.values():
            contracts = {o.contract_id: data.catalog.contracts[o.contract_id] for o in solution.offerings}
            seen: set[str] = set()
            full, own = [], []
            for offering in solution.offerings:
                if offering.contract_id in seen:
                    continue
                seen.add(offering.contract_id)
                contract = contracts[offering.contract_id]
                full.append((contract, data.offering_groups(solution, offering)))
                own.append((contract, data.own_groups(solution, offering)))
            by_full, by_own = own_terms(full, solution.overrides), own_terms(own, solution.overrides)
            assert by_own == by_full, solution.id
            assert single_term(by_own) == single_term(by_full)
            assert term_matrix(by_own) == term_matrix(by_full)
