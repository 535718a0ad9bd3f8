"""The terms coverage page formats a family no override touches once per contract
(`render/coverage.py`); it must count exactly what formatting every solution's effective terms
whole gives, on the demo and on a generated catalog where half the solutions have overrides."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from site_builder.buildinfo import build_info
from site_builder.pipeline import check
from site_builder.render import SiteData, site_data
from site_builder.render.coverage import term_coverage
from site_builder.render.views import primary_offering_index, term_groups
from site_builder.terms import FAMILIES

from browser.sitekit import catalog_date
from conftest import REPO, make_project

NAMES = REPO / "tests" / "fixtures" / "names" / "product-names.tsv"


def _every_solution_whole(data: SiteData) -> dict[str, tuple[int, dict[str, Counter[str]]]]:
    """Family label → (solutions stating it, term path → values counted), solution by solution."""
    stated: Counter[str] = Counter()
    values: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for solution in data.catalog.solutions.values():
        if not solution.offerings:
            continue
        offering = solution.offerings[primary_offering_index(data.catalog, solution)]
        for group in term_groups(offering.effective_terms, data.currency):
            stated[group.label] += 1
            for row in group.rows:
                values[group.label][row.label][row.value] += 1
    return {family: (stated[family], values[family]) for family in stated}


def _coverage(root: Path) -> None:
    with catalog_date():
        result = check(root)
        data = site_data(result, build_info(root, result.catalog.today))
    expected = _every_solution_whole(data)
    found = term_coverage(data)
    assert [family for family, _, _ in found] == [f for f in FAMILIES.values() if f in expected]
    for family, count, spreads in found:
        assert count == expected[family][0], family
        assert {spread.label for spread in spreads} == set(expected[family][1]), family
        for spread in spreads:
            counter = expected[family][1][spread.label]
            assert spread.stated == sum(counter.values()), (family, spread.label)
            top = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[: len(spread.values)]
            assert list(spread.values) == top, (family, spread.label)


def test_the_demo_catalog_is_counted_as_solution_by_solution(tmp_path: Path) -> None:
    _coverage(make_project(tmp_path / "demo", demo=True))


@pytest.mark.slow
def test_a_generated_catalog_is_counted_as_solution_by_solution(tmp_path: Path) -> None:
    dest = tmp_path / "generated"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "300", "--out", str(dest),
         "--names", str(NAMES), "--no-git"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    _coverage(dest)
