"""Hostile input, table-driven: every file in tests/fixtures/hostile_corpus/ replaces the vendor
catalog/vendors/acme-gov.yaml of a good project, and must end in a clear problem naming the file,
the line and the rule — never a traceback, never a hang — or, for hostile-but-valid input, be
accepted with its text exactly as written.  A sibling entry with an ordinary schema error sits in
every project, and must be reported too: one bad file never hides the others.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from site_builder.pipeline import Project, Result, check, open_project
from site_builder.yamlsafe import MAX_PROBLEMS

from conftest import FIXTURES, Run, make_project

CORPUS = FIXTURES / "hostile_corpus"
VENDOR = "catalog/vendors/acme-gov.yaml"
SIBLING = "catalog/solutions/acme-desktop-suite.yaml"
SIBLING_LINE = 13  # the line appended below
MAX_SECONDS = 2.0
MAX_TRACED_BYTES = 48 * 1024 * 1024

# corpus file → the (rule, line) problems it must raise in the vendor file; () means accepted.
CASES: dict[str, tuple[tuple[str, int], ...]] = {
    # YAML parsing
    "yaml-alias-bomb": (("yaml-alias", 1), ("yaml-alias", 2), ("yaml-alias", 6)),  # the first 50 problems
    "yaml-anchor-alias": (("yaml-alias", 3), ("yaml-alias", 6)),
    "yaml-deep-flow": (("yaml-syntax", 2),),
    "yaml-deep-block": (("yaml-nesting", 26),),
    "yaml-duplicate-key": (("yaml-duplicate-key", 6),),
    "yaml-python-object": (("yaml-tag", 6),),
    "yaml-python-name": (("yaml-tag", 6),),
    "yaml-binary-tag": (("yaml-tag", 6),),
    "yaml-set-tag": (("yaml-tag", 6),),
    "yaml-env-tag": (("yaml-tag", 6),),
    "yaml-tag-directive": (("yaml-tag", 4),),
    "yaml-merge-key": (("yaml-alias", 2),),
    "yaml-multi-document": (("yaml-syntax", 6),),
    "yaml-syntax-unclosed": (("yaml-syntax", 6),),  # the line the list opens on
    "yaml-tab-indent": (("yaml-syntax", 5),),
    "yaml-key-number": (("yaml-key-type", 6),),
    "yaml-key-complex": (("yaml-key-type", 6),),
    "yaml-empty": (("schema", 1),),
    "yaml-comments-only": (("schema", 1),),
    "yaml-top-level-list": (("schema", 1),),
    "yaml-top-level-scalar": (("schema", 1),),
    "yaml-latin1": (("encoding", 3),),
    "yaml-utf16-bom": (("encoding", 1),),
    "yaml-utf8-bom": (("invisible-character", 1),),
    "yaml-nul-byte": (("invisible-character", 5),),
    "yaml-yes-for-enum": (("schema", 6),),
    "yaml-null-list": (("schema", 4),),
    "yaml-norway": (),
    "yaml-octal-id": (),
    "yaml-unquoted-date": (),
    "yaml-hex-and-underscore": (),
    "yaml-crlf": (),
    # Schema
    "schema-unknown-key": (("schema", 6),),
    "schema-wrong-type": (("schema", 4),),
    "schema-missing-required": (("schema", 1),),
    "schema-http-homepage": (("schema", 6),),
    "schema-javascript-homepage": (("schema", 6),),
    "schema-userinfo-homepage": (("schema", 6),),
    "schema-id-mismatch": (("id-mismatch", 1),),
    "schema-long-key": (("schema", 6),),
    # Content: markup, scripts, links, templates
    "content-script-tag": (("unsafe-text", 6),),
    "content-img-onerror": (("unsafe-text", 6),),
    "content-html-block": (("unsafe-text", 6),),
    "content-html-in-name": (("unsafe-text", 2),),
    "content-javascript-link": (("unsafe-text", 6),),
    "content-entity-javascript": (("unsafe-text", 6),),
    "content-mixed-case-scheme": (("unsafe-text", 6),),
    "content-tab-in-scheme": (("unsafe-text", 6),),
    "content-newline-in-scheme": (("unsafe-text", 6),),
    "content-data-url": (("unsafe-text", 6),),
    "content-vbscript-link": (("unsafe-text", 6),),
    "content-protocol-relative": (("unsafe-text", 6),),
    "content-http-link": (("unsafe-text", 6),),
    "content-bare-http": (("unsafe-text", 6),),
    "content-autolink": (("unsafe-text", 6),),
    "content-email-autolink": (("unsafe-text", 6),),
    "content-image": (("unsafe-text", 6),),
    "content-reference-link": (("unsafe-text", 6),),
    "content-link-title": (("unsafe-text", 6),),
    "content-userinfo-link": (("unsafe-text", 6),),
    "content-deceptive-link": (("unsafe-text", 6),),
    "content-idn-link": (("unsafe-text", 6), ("confusable-text", 6)),
    "content-template-jinja": (("unsafe-text", 6),),
    "content-template-block": (("unsafe-text", 2),),
    "content-template-comment": (("unsafe-text", 6),),
    "content-snippet": (("unsafe-text", 6),),
    "content-attr-list": (("unsafe-text", 6),),
    "content-entity-in-markdown": (("unsafe-text", 6),),
    "content-placeholder": (("placeholder", 3),),
    "content-multiline-name": (("single-line", 2),),
    "content-tab-in-name": (("single-line", 2),),
    "content-tab-in-line": (("single-line", 5),),
    # Misleading links: the whole visible text is compared, however its dots are written
    "content-link-code-span": (("unsafe-text", 6),),
    "content-link-trailing-dot": (("unsafe-text", 6),),
    "content-link-email": (("unsafe-text", 6),),
    "content-link-spaced-dot": (("unsafe-text", 6),),
    "content-link-fullwidth-dot": (("unsafe-text", 6),),
    # Unicode: look-alikes, hidden and reordering characters
    "unicode-cyrillic-a": (("confusable-text", 2),),
    "unicode-all-cyrillic": (("confusable-text", 2),),
    "unicode-greek-omicron": (("confusable-text", 2),),
    "unicode-fullwidth": (("confusable-text", 2),),
    "unicode-math-bold": (("confusable-text", 2),),
    "unicode-ligature": (("confusable-text", 2),),
    "unicode-nfd-name": (("unicode-normalization", 2),),
    "unicode-zalgo": (("confusable-text", 2),),
    "unicode-cyrillic-in-description": (("confusable-text", 6),),
    "unicode-mixed-direction": (("confusable-text", 2),),
    "unicode-zero-width": (("invisible-character", 2),),
    "unicode-bidi-override": (("invisible-character", 2),),
    "unicode-bidi-isolate": (("invisible-character", 2),),
    "unicode-bom-inside": (("invisible-character", 2),),
    "unicode-control-char": (("invisible-character", 2),),
    "unicode-c1-control": (("invisible-character", 2),),
    "unicode-rtl-name": (),
    "unicode-tag-characters": (("invisible-character", 6),),
    "unicode-grapheme-joiner": (("invisible-character", 2),),
    "unicode-variation-selector": (("invisible-character", 2),),
    "unicode-emoji-selector": (),
    "unicode-line-separator": (("invisible-character", 2),),
    "unicode-paragraph-separator": (("invisible-character", 6),),
    "unicode-hangul-filler": (("invisible-character", 2),),
    "unicode-choseong-filler": (("invisible-character", 2),),
    "unicode-braille-blank": (("invisible-character", 2),),
    "unicode-private-use": (("invisible-character", 2),),
    "unicode-small-capital": (("confusable-text", 2),),
    # Names that collide with blue-river's "Blue River & Sons" once look-alikes are mapped
    "unicode-dot-below-name": (("confusable-name", 2),),
    "unicode-capital-i-for-l": (("confusable-name", 2),),
    # Size: bounded before any schema or text check (a quadratic check would take minutes)
    "size-list-of-numbers": (("yaml-size", 8),),
    "size-mixed-list-within-loader-limit": (("schema", 8),),
    "size-many-keys": (("yaml-size", 7),),
    "size-many-values": (("yaml-size", 56),),
    "size-many-problems": (("unsafe-text", 8), ("schema", 8)),
}

# Accepted cases: the value each must keep, exactly as written (YAML 1.1 would change them all).
KEPT: dict[str, dict[str, Any]] = {
    "yaml-norway": {"address": {"locality": "Oslo", "region": "NO", "country": "NO", "postal_code": "0150"}},
    "yaml-octal-id": {"identifiers": [{"scheme": "US-EIN", "id": "012345"}]},
    "yaml-unquoted-date": {
        "socio_economic": [{"type": "sdvob", "certifier": "State office", "expires": "2030-01-01"}]
    },
    "yaml-hex-and-underscore": {
        "identifiers": [{"scheme": "US-EIN", "id": "0x1F"}, {"scheme": "US-DUNS", "id": "1_000"}]
    },
    "yaml-crlf": {"legal_name": "Acme Gov Systems, Inc."},
    "unicode-rtl-name": {"name": "\u05e9\u05dc\u05d5\u05dd"},
    "unicode-emoji-selector": {"description": "We \u2764\ufe0f open data; press 1\ufe0f\u20e3 for sales."},
}
BASE = (CORPUS / "yaml-crlf.yaml").read_text(encoding="utf-8").replace("\r\n", "\n")  # a valid vendor
BOUNDED = {name for name in CASES if name.startswith("size-")} | {
    "yaml-alias-bomb",
    "yaml-deep-flow",
    "yaml-deep-block",
}
CATALOG_RULES = {"confusable-name"}  # found once the catalog is built: the entry stays in it


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Schemas and policy read once for the module; every case has its own catalog."""
    return open_project(make_project(tmp_path_factory.mktemp("shared") / "project"))


def hostile_project(dest: Path, corpus: str) -> Path:
    root = make_project(dest)
    (root / VENDOR).write_bytes((CORPUS / f"{corpus}.yaml").read_bytes())
    sibling = root / SIBLING
    sibling.write_text(sibling.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    return root


def run_check(root: Path, shared: Project) -> tuple[Result, float]:
    """The check's result and the CPU seconds it took (a loaded machine stretches wall time, not
    the work); a check that blocks instead of working fails on the generous wall-time bound."""
    started, cpu = time.perf_counter(), time.process_time()
    result = check(root, project=replace(shared, root=root.resolve()))
    assert time.perf_counter() - started < 30 * MAX_SECONDS
    return result, time.process_time() - cpu


def test_the_corpus_is_complete_and_large_enough() -> None:
    on_disk = {path.stem for path in CORPUS.glob("*.yaml")}
    assert on_disk == set(CASES), "every corpus file needs a row in CASES, and every row a file"
    assert len(CASES) >= 50
    assert set(KEPT) == {name for name, expected in CASES.items() if not expected}


@pytest.mark.parametrize("corpus", sorted(CASES))
def test_hostile_file_is_reported_clearly_and_siblings_still_checked(
    tmp_path: Path, shared: Project, corpus: str
) -> None:
    root = hostile_project(tmp_path / "project", corpus)
    result, seconds = run_check(root, shared)
    problems = result.report.problems
    shown = "\n".join(f"{p.file}:{p.line}:{p.column} {p.rule} {p.message}" for p in problems)

    mine = [p for p in problems if p.file == VENDOR]
    expected = CASES[corpus]
    assert {(p.rule, p.line) for p in mine} >= set(expected), shown
    assert {p.rule for p in mine} <= {rule for rule, _ in expected}, shown  # nothing unrelated
    for problem in mine:
        assert problem.level == "error", shown
        assert problem.hint, shown  # every problem says what to do
        assert "Traceback" not in problem.message
    # The sibling's own mistake is still found, and the valid contract still reaches the catalog.
    assert any(p.file == SIBLING and p.rule == "schema" and p.line == SIBLING_LINE for p in problems), shown
    assert "umbrella-software" in result.catalog.contracts
    assert result.report.files_checked == 7
    assert seconds < MAX_SECONDS
    if not expected:
        data = result.catalog.vendors["acme-gov"].data
        for key, value in KEPT[corpus].items():
            assert data[key] == value
    elif not {rule for rule, _ in expected} <= CATALOG_RULES:
        assert "acme-gov" not in result.catalog.vendors
    assert len(mine) <= 2 * MAX_PROBLEMS, f"{len(mine)} problems reported for one file"


@pytest.mark.parametrize("corpus", sorted(BOUNDED))
def test_bombs_and_deep_nesting_fail_fast_in_little_memory(
    tmp_path: Path, shared: Project, corpus: str
) -> None:
    root = hostile_project(tmp_path / "project", corpus)
    tracemalloc.start()
    try:
        result, seconds = run_check(root, shared)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.report.errors
    assert seconds < MAX_SECONDS
    assert peak < MAX_TRACED_BYTES, f"{peak / 2**20:.1f} MiB traced"


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path, shared: Project) -> None:
    root = make_project(tmp_path / "project")
    (root / VENDOR).write_bytes(b"description: |\n" + b"  " + b"x" * 300_000 + b"\n")
    tracemalloc.start()
    try:
        result, seconds = run_check(root, shared)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [problem] = [p for p in result.report.problems if p.file == VENDOR]
    assert problem.rule == "file-size"
    assert "262,144" in problem.message
    assert seconds < MAX_SECONDS
    assert peak < 4 * 300_000


def test_a_very_long_line_fails_the_field_length_not_the_run(tmp_path: Path, shared: Project) -> None:
    root = make_project(tmp_path / "project")
    (root / VENDOR).write_text(BASE + "description: " + "word " * 40_000 + "\n", encoding="utf-8")
    result, seconds = run_check(root, shared)
    [problem] = [p for p in result.report.problems if p.file == VENDOR]
    assert (problem.rule, problem.line) == ("schema", 6)
    assert "199,999 characters long" in problem.message  # the trailing blank is not part of a plain scalar
    assert len(problem.message) < 200  # the text itself is not echoed back
    assert seconds < MAX_SECONDS


@pytest.mark.parametrize(
    "corpus", ["yaml-alias-bomb", "yaml-utf16-bom", "content-script-tag", "unicode-bidi-override"]
)
@pytest.mark.parametrize("fmt", ["json", "text", "parsable", "github"])
def test_cli_reports_hostile_files_in_every_format_without_a_traceback(
    tmp_path: Path, run_cli: Any, corpus: str, fmt: str
) -> None:
    root = hostile_project(tmp_path / "project", corpus)
    result: Run = run_cli("-C", root, "validate", "--format", fmt)
    assert result.exit_code == 1, result.output + result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "internal error" not in result.stderr
    assert VENDOR in result.output
    assert SIBLING in result.output
    if fmt == "json":
        rules = {(p["file"], p["rule"]) for p in json.loads(result.output)}
        assert (VENDOR, CASES[corpus][0][0]) in rules
        assert (SIBLING, "schema") in rules
    if fmt == "github":  # hostile text must not start a workflow command of its own
        lines = result.output.splitlines()
        assert all(line.startswith("::") for line in lines[:-1]), result.output


@pytest.mark.parametrize("fmt", ["json", "text", "parsable", "github"])
def test_terminal_and_annotations_show_control_characters_as_escapes(
    tmp_path: Path, run_cli: Any, fmt: str
) -> None:
    """A file name or a quoted value with ESC sequences, a carriage return or a bidi override
    must not erase, rewrite or reorder the lines of a terminal or a CI log."""
    root = make_project(tmp_path / "project")
    hostile = "catalog/vendors/x\x1b[2K\x1b[1A\r::error::forged\u202e.yaml"
    (root / hostile).write_text("id: x\n", encoding="utf-8")
    (root / VENDOR).write_text(BASE.replace("name: Acme Gov Systems", 'name: "<b>\\x1b[31m</b>"'), "utf-8")
    result: Run = run_cli("-C", root, "validate", "--format", fmt)
    assert result.exit_code == 1
    for char in ("\x1b", "\r", "\u202e", "\x85"):
        assert char not in result.output, (char, result.output)
    if fmt == "json":
        assert hostile in {p["file"] for p in json.loads(result.output)}  # JSON keeps the exact name
    elif fmt == "github":  # line breaks take GitHub's own escapes, so the annotation finds the file
        assert "x\\x1b[2K\\x1b[1A%0D%3A%3Aerror%3A%3Aforged\\u202e.yaml" in result.output
    else:
        assert "x\\x1b[2K\\x1b[1A\\x0d::error::forged\\u202e.yaml" in result.output
    if fmt == "github":
        assert all(line.startswith("::") for line in result.output.splitlines()[:-1]), result.output
