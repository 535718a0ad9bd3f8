"""The engine against the real rules, over the whole vocabulary, on the demo catalog.

The demo is read from its YAML once; each example changes one solution's overrides in memory,
rebuilds that solution as the pipeline does, and runs every policy rule on the catalog:
- an override the engine calls tighter than what it replaces never makes a finding appear;
- an override the engine calls looser than its contract's term is always an `override-loosens` error.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from termdomain import PROFILE, leaf_schemas, values

from site_builder import pipeline, rules, terms
from site_builder.model import Catalog, Solution, build_entry
from site_builder.term_order import LEAST, MOST, Fixed, Flag, Free, Grades, Items, Ladder, Scale, Verdict

from conftest import make_project

COUNTRIES = ["US", "CA", "MX", "GB", "IE", "DE", "FR", "IN", "JP", "AU"]  # for lists of country codes
PATHS = sorted(path for path in leaf_schemas() if not path.endswith(".section"))


class Demo:
    """The checked demo, shown by name: hypothesis prints a failing test's arguments, and the
    whole catalog would be hundreds of kilobytes."""

    def __init__(self, result: pipeline.Result) -> None:
        self.result = result

    def __repr__(self) -> str:
        return "<the demo catalog, checked>"


@pytest.fixture(scope="module")
def demo_result(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    result = pipeline.check(make_project(Path(tmp_path_factory.mktemp("demo")), demo=True))
    assert not result.report.errors
    return Demo(result)


def _set(overrides: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(dict(overrides))
    node = changed
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return changed


def _replaced(result: pipeline.Result, solution: Solution, overrides: dict[str, Any]) -> Catalog:
    """The catalog with one solution's overrides changed, the solution rebuilt as the pipeline does."""
    catalog = result.catalog
    data = {**solution.data, "terms_overrides": overrides}
    assert result.project.schemas.findings("solutions", data) == [], "the example must be a valid entry"
    warn = result.project.policy.expiry_warning_days
    entry = build_entry("solutions", solution.file, data, catalog.today, warn, catalog.contracts)
    return dataclasses.replace(catalog, solutions={**catalog.solutions, solution.id: entry})


def _findings(catalog: Catalog, result: pipeline.Result) -> set[tuple[str, str, str]]:
    """What the terms judge. Whether a drawn override is signed is not a question about its value:
    tightening-unsigned reports every unsigned one (its own bad case), so it is left out here."""
    found = rules.run(catalog, result.project.policy)
    return {(p.file, p.rule, p.term) for p in found if p.rule != "tightening-unsigned"}


def _related(a: str, b: str) -> bool:
    """The same term, or one inside the other (a coverage and its per-claim limit)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".") or not a or not b


def _step(field: Any, current: Any, schema: dict[str, Any], tighter: bool) -> st.SearchStrategy[Any] | None:
    """Values that move `current` the wanted way, or None when there are none."""
    order = field.order
    means = field.absent.means if current is None else current
    if isinstance(order, Free) or (isinstance(order, Fixed) and tighter):
        return None
    if isinstance(order, Fixed):
        return values(schema).filter(lambda v: v != current)
    if means is (LEAST if not tighter else MOST):
        return None  # nothing is below "nothing promised", nothing above "no cap"
    if means in (LEAST, MOST) or isinstance(order, Grades | Ladder):
        return values(schema)  # the engine's verdict decides; most values move the right way
    if isinstance(order, Flag):
        wanted = order.protective if tighter else not order.protective
        return None if means == wanted else st.just(wanted)
    if isinstance(order, Scale):
        low, high = int(schema.get("minimum", 0)), int(schema.get("maximum", 10**9))
        up = order.higher == tighter
        if (up and means >= high) or (not up and means <= low):
            return None
        return (
            st.integers(int(means) + 1, high)
            if up
            else st.integers(low, int(means) - 1 if means == int(means) else int(means))
        )
    if isinstance(order, Items):
        pool = schema["items"].get("enum") or COUNTRIES
        grow = order.more == tighter
        present = list(means)
        if grow:
            extra = [v for v in pool if v not in present]
            if not extra:
                return None
            more = st.lists(st.sampled_from(extra), min_size=1, unique=True)
            return more.map(lambda added: present + added)
        if len(present) <= 1 and tighter:
            return None
        return (
            st.lists(st.sampled_from(present), min_size=1, max_size=max(len(present) - 1, 1), unique=True)
            if present
            else None
        )
    return values(schema)


PROPERTY = settings(
    PROFILE,
    max_examples=300,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)


def _pick(demo: pipeline.Result, data: st.DataObject) -> Solution:
    return demo.catalog.solutions[data.draw(st.sampled_from(sorted(demo.catalog.solutions)))]


@PROPERTY
@given(data=st.data())
def test_an_override_the_engine_calls_tighter_never_makes_a_finding_appear(
    demo_result: Demo, data: st.DataObject
) -> None:
    demo = demo_result.result
    solution = _pick(demo, data)
    path = data.draw(st.sampled_from(PATHS))
    field, schema = terms.field_for(path), leaf_schemas()[path]
    assert field is not None
    current = [terms.get(o.effective_terms, path) for o in solution.offerings]
    moves = _step(field, current[0], schema, tighter=True)
    assume(moves is not None)
    value = data.draw(moves)
    overrides = _set(solution.overrides, path, value)
    after = [
        terms.get(terms.merge(demo.catalog.contracts[o.contract_id].terms, overrides), path)
        for o in solution.offerings
    ]
    assume(all(terms.compare(path, a, b) is Verdict.TIGHTENED for a, b in zip(current, after, strict=True)))
    before_found = _findings(demo.catalog, demo)
    after_found = _findings(_replaced(demo, solution, overrides), demo)
    appeared = [
        found
        for found in after_found - before_found
        if not any(f[0] == found[0] and _related(f[2], found[2]) for f in before_found)
    ]
    assert not appeared, f"{solution.id}: {path} {current} → {value} made {appeared} appear"


@PROPERTY
@given(data=st.data())
def test_a_loosening_override_is_always_caught(demo_result: Demo, data: st.DataObject) -> None:
    demo = demo_result.result
    solution = _pick(demo, data)
    path = data.draw(st.sampled_from(PATHS))
    field, schema = terms.field_for(path), leaf_schemas()[path]
    assert field is not None
    contract = demo.catalog.contracts[solution.offerings[0].contract_id]
    moves = _step(field, terms.get(contract.terms, path), schema, tighter=False)
    assume(moves is not None)
    value = data.draw(moves)
    overrides = _set(solution.overrides, path, value)
    effective = terms.merge(contract.terms, overrides)
    # Judged as the value binds: a cap's multiple under a fixed-amount basis limits nothing.
    verdict = terms.compare_terms(path, contract.terms, effective)
    assume(verdict < 0)
    found = _findings(_replaced(demo, solution, overrides), demo)
    assert (solution.file, "override-loosens", path) in found, (solution.id, path, value, verdict)
