"""Property-based tests: whatever bytes or YAML-ish text a contributor commits, the loader and the
whole check return problems — never an exception — and every problem points inside the file.

Example counts are modest so the suite stays fast.  Set HYPOTHESIS_PROFILE=ci (CI does) for a
derandomized, reproducible run; locally the default profile explores new examples each time.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder import yamlsafe
from site_builder.content import check_text
from site_builder.pipeline import Project, check, open_project
from site_builder.problems import Problem
from site_builder.rules import RULES
from site_builder.skeleton import comparison_key

from conftest import make_project

PROFILE = settings.get_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
SHARED_DIR = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

VENDOR = "catalog/vendors/acme-gov.yaml"
ODD = [
    "", " ", "  ", "\t", "\n", "\r\n", "#", ":", ": ", "- ", "? ", "&a ", "*a", "!!str ", "!e ", "<<",
    "'", '"', "\\", "{", "}", "[", "]", ",", "|", ">", "|-", "%YAML 1.1", "@", "`", "---", "...", "~",
    "null", "yes", "NO", "012", "0x1F", "1_000", "2024-01-01", "1e3", ".inf", "-.nan", "\u00e9", "e\u0301",
    "\u0410", "\U0001f600", "<script>", "{{ x }}", "[x](javascript:1)", "&#x61;", "--8<--", "\U0010ffff",
]  # fmt: skip
odd = st.sampled_from(ODD)
visible = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))
# Hidden characters stop a parse at once, so documents use visible text; the byte and text
# tests below cover hidden ones.
words = st.one_of(st.text(visible, max_size=12), st.lists(odd, max_size=4).map("".join))
scalar = st.one_of(
    words,  # plain: often not valid YAML at all, which is the point
    words.map(lambda s: json.dumps(s, ensure_ascii=False)),
    words.map(lambda s: "'" + s.replace("'", "''") + "'"),
    st.integers().map(str),
    st.floats(allow_nan=True).map(repr),
)
# Anchors, aliases and tags are rejected wherever they appear: keep them rare, so that most
# documents get past the parser and reach the later checks.
prefix = st.sampled_from(
    [""] * 24 + ["&a ", "*a ", "!!str ", "!!python/object/apply:os.system ", "!e ", "!!binary "]
)
keys = st.one_of(
    st.sampled_from(
        ["id", "name", "legal_name", "contacts", "description", "role", "email", "<<", "? k", "1", ""]
    ),
    words,
)
leaf = st.tuples(st.just("scalar"), prefix, scalar)
tree = st.recursive(
    leaf,
    lambda kids: st.one_of(
        st.tuples(st.just("seq"), st.booleans(), prefix, st.lists(kids, max_size=4)),
        st.tuples(st.just("map"), st.booleans(), prefix, st.lists(st.tuples(keys, kids), max_size=4)),
    ),
    max_leaves=16,
)


def render(node: Any, indent: int = 0, flow: bool = False) -> str:
    """A tree as YAML text, in block or flow style, with anchors, tags and odd scalars."""
    kind, *rest = node
    if kind == "scalar":
        return f"{rest[0]}{rest[1]}"
    use_flow, items = rest[0], rest[2]
    tag = str(rest[1])
    pad = " " * indent
    if flow or use_flow:
        if kind == "seq":
            return tag + "[" + ", ".join(render(item, flow=True) for item in items) + "]"
        return tag + "{" + ", ".join(f"{key}: {render(value, flow=True)}" for key, value in items) + "}"
    if not items:
        return tag + ("[]" if kind == "seq" else "{}")
    if kind == "seq":
        lines = [f"{pad}- {render(item, indent + 2)}" for item in items]
    else:
        lines = [f"{pad}{key}: {render(value, indent + 2)}" for key, value in items]
    return tag + "\n" + "\n".join(lines)


top = st.tuples(
    st.just("map"), st.just(False), st.just(""), st.lists(st.tuples(keys, tree), min_size=1, max_size=6)
)
documents = st.builds(
    lambda node, edits: _edit(render(node).lstrip("\n") + "\n", edits),
    st.one_of(top, top, tree),
    st.lists(st.tuples(st.integers(0, 10_000), odd), max_size=3),
)


def _edit(text: str, edits: list[tuple[int, str]]) -> str:
    for position, token in edits:
        at = position % (len(text) + 1)
        text = text[:at] + token + text[at:]
    return text


# Pieces of text that the content checks look for, mixed with arbitrary text.
TOKENS = [
    *ODD, "\u0301", "\u0300\u0301\u0302\u0303", "\u202e", "\u2066", "\u200b", "\x00", "\x85", "\u2028",
    "\u0430", "\u03bf", "\uff21", "\U0001d400", "\ufb01", "\u05e9", "\u0627", "\u2000", "\u212b", "](",
    "]: ", "[", "](https://a.example)", "](//x)", "<https://a.example>", "<a@b.example>", "![", "{:",
    "{#", "{%", "&amp;", "&#", ";", "https://", "http://", "javascript:", "data:", "\n\n", "\n    ", "> ",
    "1. ", "`", "```\n",
]  # fmt: skip
hostile_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=12).map("".join)

# Documents that are valid YAML, shaped like a vendor, with hostile values: they reach the schema,
# text and catalog rules rather than stopping in the parser.
hostile_values = st.one_of(
    words, st.text(max_size=40), st.sampled_from(ODD), st.integers(), st.booleans(), st.none()
)
vendors = st.fixed_dictionaries(
    {
        "id": st.one_of(st.just("acme-gov"), hostile_values),
        "name": hostile_values,
        "legal_name": hostile_values,
        "contacts": st.lists(
            st.fixed_dictionaries({"role": hostile_values, "name": hostile_values}), max_size=2
        ),
    },
    optional={"description": hostile_values, "homepage": hostile_values, "size": hostile_values},
).map(lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def assert_inside(problems: list[Problem], text: str, file: str) -> None:
    lines = text.split("\n")
    widest = max(len(line) for line in lines)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.rule in RULES, f"undocumented rule {problem.rule}"
        assert problem.message
        assert problem.hint
        if problem.file != file:
            continue
        assert 0 <= problem.line <= len(lines) + 1, (problem, len(lines))
        assert 0 <= problem.column <= widest + 2, (problem, widest)
        assert (problem.line == 0) == (problem.column == 0), problem


def assert_plain(value: Any) -> None:
    """What the loader returns is plain JSON data: no dates, bytes, sets or objects."""
    json.dumps(value, allow_nan=True)
    if isinstance(value, dict):
        assert all(isinstance(key, str) for key in value)
        for item in value.values():
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)
    else:
        assert value is None or isinstance(value, str | int | float | bool)


@settings(PROFILE, max_examples=200)
@given(st.binary(max_size=400))
def test_any_bytes_decode_and_load_to_problems_or_data(raw: bytes) -> None:
    text, problems = yamlsafe.decode(raw, "f.yaml")
    if text is None:
        assert problems
        assert problems[0].rule in {"encoding", "file-size"}
        return
    data, problems = yamlsafe.load(text, "f.yaml")
    assert_inside(problems, text, "f.yaml")
    if not problems:
        assert_plain(data)


@settings(PROFILE, max_examples=300)
@given(documents)
def test_any_yaml_like_document_loads_to_problems_or_plain_data(text: str) -> None:
    marks: dict[str, yamlsafe.Mark] = {}
    data, problems = yamlsafe.load(text, "f.yaml", marks)
    assert_inside(problems, text, "f.yaml")
    if problems:
        assert data is None
        return
    assert_plain(data)
    lines = text.count("\n") + 1
    assert all(1 <= mark.line <= lines + 1 for mark in marks.values())
    check_text(data, frozenset({"description"}))


@settings(PROFILE, max_examples=300)
@given(st.one_of(hostile_text, st.text(max_size=200)), st.booleans())
def test_text_checks_never_raise(text: str, rich: bool) -> None:
    for finding in check_text({"description" if rich else "name": text}, frozenset({"description"})):
        assert finding.rule in RULES
        assert finding.message
        assert finding.hint
    assert isinstance(comparison_key(text), str)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Project]:
    root = make_project(tmp_path_factory.mktemp("fuzz") / "project").resolve()
    return root, replace(open_project(root), root=root)


@settings(PROFILE, max_examples=80, suppress_health_check=SHARED_DIR)
@given(st.one_of(documents, vendors, st.binary(max_size=300).map(lambda raw: raw.decode("latin-1"))))
def test_whole_check_of_any_vendor_file_gives_located_problems(
    fuzz_project: tuple[Path, Project], text: str
) -> None:
    root, project = fuzz_project
    raw = text.encode("utf-8", "surrogatepass")
    (root / VENDOR).write_bytes(raw)
    result = check(root, project=project)
    assert_inside(result.report.problems, raw.decode("utf-8", "replace"), VENDOR)
    assert result.report.files_checked == 7
    assert "umbrella-software" in result.catalog.contracts  # the rest of the catalog was still checked


@settings(PROFILE, max_examples=60, suppress_health_check=SHARED_DIR)
@given(vendors)
def test_whole_check_of_a_single_named_file_never_raises(
    fuzz_project: tuple[Path, Project], text: str
) -> None:
    root, project = fuzz_project
    (root / VENDOR).write_text(text, encoding="utf-8")
    result = check(root, [root / VENDOR], project=project)
    assert_inside(result.report.problems, text, VENDOR)


# Large shapes: lists, mappings and texts around the loader's and the schemas' limits, with mixed
# item types (what makes the reference validator's uniqueItems quadratic), as a vendor's fields.
LIST_FIELDS = ["contacts", "identifiers", "resellers", "socio_economic", "unknown_list"]
big_item = st.sampled_from(["word", "1", "-2.5", "true", "null", "{a: 1}", "[x]", '"<b>x</b>"', "US"])
big_shapes = st.one_of(
    st.builds(
        lambda field, count, items: (
            f"{field}: [" + ", ".join(items[i % len(items)] for i in range(count)) + "]\n"
        ),
        st.sampled_from(LIST_FIELDS),
        st.integers(0, yamlsafe.MAX_ITEMS + 200),
        st.lists(big_item, min_size=1, max_size=4),
    ),
    st.builds(
        lambda count: "address:\n" + "".join(f"  k{i}: v\n" for i in range(count)),
        st.integers(0, yamlsafe.MAX_KEYS + 50),
    ),
    st.builds(
        lambda lists, size: (
            "resellers:\n"
            + "".join(
                f"  - {{name: R{i}, regions: [" + ", ".join(["NY"] * size) + "]}\n" for i in range(lists)
            )
        ),
        st.integers(1, 60),
        st.integers(0, 900),
    ),
    st.builds(
        lambda size, text: f"description: '{text * size}'\n",
        st.integers(0, 30_000),
        st.sampled_from(["a", "[a", "](", "<", "&#"]),
    ),
)


@settings(PROFILE, max_examples=40, suppress_health_check=SHARED_DIR)
@given(big_shapes)
def test_large_shapes_give_few_located_problems(fuzz_project: tuple[Path, Project], extra: str) -> None:
    root, project = fuzz_project
    base = "id: acme-gov\nname: Acme Gov Systems\nlegal_name: Acme Gov Systems, Inc.\n"
    text = (
        base
        + ("contacts:\n  - {role: sales, name: Sales desk}\n" if not extra.startswith("contacts") else "")
        + extra
    )
    (root / VENDOR).write_text(text, encoding="utf-8")
    result = check(root, project=project)
    mine = [p for p in result.report.problems if p.file == VENDOR]
    assert_inside(result.report.problems, text, VENDOR)
    assert len(mine) <= 3 * yamlsafe.MAX_PROBLEMS  # loader, text and schema each stop at their cap
    assert "umbrella-software" in result.catalog.contracts
