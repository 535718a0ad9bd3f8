"""Every shortcut validation takes for speed gives exactly what the thorough path gives.

A whole-catalog check at 50,000 solutions must stay within twice the time libyaml needs just to
parse the files (benchmarks/README.md), so the hot paths take shortcuts: the loader builds most
values in line, the text checks clear a whole file at once, the terms engine remembers verdicts.
Each shortcut is compared here with the path it stands in for, over the demo catalog, every test
fixture, a generated catalog, and those files again with hostile text and YAML put into them.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder import content, terms, yamlsafe
from site_builder.pipeline import open_project
from site_builder.vocabulary import FIELDS

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
NAMES = FIXTURES / "names" / "product-names.tsv"
MARKDOWN = open_project(REPO).markdown_fields

# YAML a contributor might add anywhere: anchors, aliases, tags, merge keys, quoting, escapes,
# flow collections, odd scalars, block scalars.
YAML_PIECES = [
    "&a ", "*a", "!!str ", "!e ", "<<: {}", "? k\n", '"\\u202e"', '"\\x41"', "'it''s'", "[a, b]", "{a: 1}",
    "- ", ": ", "|\n  x\n", ">-\n  y\n", "~", "null", "NO", "012", "1.5", "-0", "true", "---\n", "#c",
    "\t", "  ", "\n", "key: value\n", "key: value\nkey: again\n", "\u00e9", "\u0430", '"a\\\nb"',
]  # fmt: skip
# Text the content checks look for, alone and mixed with ordinary words.
HOSTILE_TEXT = [
    "FILL IN: the name", "<b>x</b>", "<https://a.example>", "<a@b.example>", "{{ x }}", "{% x %}", "{: .c}",
    "--8<-- 'f'", "a ;;; b", "&amp;", "&#x202E;", "[t](javascript:alert(1))", "[t](https://a.example)",
    "[a.example](https://b.example)", "[t](https://a.example \"title\")", "![i](https://a.example/i.png)",
    "[r]: https://a.example", "see http://a.example", "JavaScript:x", "DATA:text", "javaſcript:x", "x://y",
    "line\nbreak", "tab\there", "cr\rhere", "\u0410cme", "Acme \u0410\u0412", "\uff21cme", "e\u0301",
    "a\u0300\u0301\u0302\u0303", "\u05e9\u05dc\u05d5\u05dd abc", "\U0001d400cme", "plain words", "x" * 70,
    "What buyers get:\n\n- a\n- b\n", "\u2019quoted\u2019", "caf\u00e9", "",
]  # fmt: skip


def _seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311  (the same cases on every run, not secrets)


def _catalog_texts(root: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(root.rglob("*.yaml")):
        if path.is_file() and not path.is_symlink():
            raw = path.read_bytes()
            text, _ = yamlsafe.decode(raw, path.name)
            if text is not None:
                yield path.relative_to(root).as_posix(), text


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic catalog of 200 solutions from the benchmark's generator."""
    dest = tmp_path_factory.mktemp("generated")
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "200", "--out", str(dest / "p"),
         "--names", str(NAMES), "--no-git"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return dest / "p"


@pytest.fixture(scope="module")
def corpus(generated: Path) -> list[tuple[str, str]]:
    """(name, text) of every catalog file in the demo, the fixtures and the generated catalog."""
    texts = [
        *_catalog_texts(REPO / "catalog"),
        *_catalog_texts(FIXTURES),
        *(("generated/" + name, text) for name, text in _catalog_texts(generated / "catalog")),
    ]
    assert len(texts) > 500
    return texts


def _mutations(text: str, rng: random.Random, count: int) -> Iterator[str]:
    """`text` with YAML pieces put at random places: at line starts, after keys, anywhere."""
    lines = text.splitlines(keepends=True)
    for _ in range(count):
        edited = list(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(edited) + 1)
            piece = rng.choice(YAML_PIECES)
            if at < len(edited) and ": " in edited[at] and rng.random() < 0.5:
                key, _, _ = edited[at].partition(": ")
                edited[at] = f"{key}: {piece}\n"
            else:
                edited.insert(at, piece if piece.endswith("\n") else piece + "\n")
        yield "".join(edited)


def _limits() -> Iterator[str]:
    """Documents at and just past each of the loader's limits."""
    for items in (yamlsafe.MAX_ITEMS, yamlsafe.MAX_ITEMS + 1):
        yield "list:\n" + "".join(f"- {i}\n" for i in range(items))
        yield "list:\n" + "".join("- {a: 1}\n" for _ in range(items))
    for keys in (yamlsafe.MAX_KEYS, yamlsafe.MAX_KEYS + 1):
        yield "".join(f"k{i}: v\n" for i in range(keys))
    for depth in (yamlsafe.MAX_DEPTH - 1, yamlsafe.MAX_DEPTH, yamlsafe.MAX_DEPTH + 1):
        yield "a: " + "[" * depth + "x" + "]" * depth + "\n"
        yield "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "v\n"
    per = yamlsafe.MAX_NODES // 100
    for extra in (-2, -1, 0, 1):
        yield "".join(f"k{i}: [" + ", ".join(["x"] * 98) + "]\n" for i in range(per - 1)) + (
            "last: [" + ", ".join(["y"] * (98 + extra)) + "]\n"
        )


def _load_both(text: str) -> tuple[Any, Any]:
    fast = yamlsafe.load(text, "f.yaml")
    # Recording marks turns the in-line path off: every event goes through `scalar` and `feed`.
    thorough = yamlsafe.load(text, "f.yaml", {})
    return fast, thorough


def test_loader_in_line_path_equals_the_event_handlers(corpus: list[tuple[str, str]]) -> None:
    rng = _seeded(17)
    checked = 0
    for name, text in corpus:
        for variant in (text, *_mutations(text, rng, 6)):
            fast, thorough = _load_both(variant)
            assert fast == thorough, (name, variant)
            checked += 1
    for variant in _limits():
        fast, thorough = _load_both(variant)
        assert fast == thorough, variant[:200]
        checked += 1
    assert checked > 3_000


def test_loader_results_keep_types_apart() -> None:
    """The in-line path resolves plain scalars exactly as `resolve_plain` does."""
    text = "a: [true, 'true', 1, '1', 1.0, ~, '', null, NO, 012, -0, 0.5, -1.25, 1e3, .inf]\nb: true\n"
    fast, thorough = _load_both(text)
    assert fast == thorough
    values = fast[0]["a"]
    assert [type(v).__name__ for v in values] == [
        "bool", "str", "int", "str", "float", "NoneType", "str", "NoneType", "str", "str", "int", "float",
        "float", "str", "str",
    ]  # fmt: skip


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))
    elif isinstance(value, str):
        yield path


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _documents(corpus: list[tuple[str, str]]) -> Iterator[tuple[str, Any]]:
    for name, text in corpus:
        data, _ = yamlsafe.load(text, name)
        if isinstance(data, dict):
            yield name, data


def test_text_checks_clear_a_file_only_when_the_thorough_pass_finds_nothing(
    corpus: list[tuple[str, str]],
) -> None:
    rng = _seeded(7)
    checked = with_findings = 0
    for name, data in _documents(corpus):
        assert content.check_text(data, MARKDOWN) == content._findings(data, MARKDOWN), name
        places = list(_strings(data))
        for _ in range(8 if places else 0):
            variant = _copy(data)
            for _ in range(rng.randint(1, 2)):
                piece = rng.choice(HOSTILE_TEXT)
                where = rng.choice(places)
                original = _get(variant, where)
                mixed = rng.choice([piece, original + " " + piece, piece + " " + original])
                _replace(variant, where, mixed)
            if rng.random() < 0.2:  # a key of its own, hostile too
                variant[rng.choice(HOSTILE_TEXT) or "k"] = rng.choice(HOSTILE_TEXT)
            expected = content._findings(variant, MARKDOWN)
            assert content.check_text(variant, MARKDOWN) == expected, (name, variant)
            checked += 1
            with_findings += bool(expected)
    assert checked > 2_000
    assert with_findings > checked // 2  # the mutations reach the checks


def test_text_checks_on_odd_shapes() -> None:
    """Values the loader never makes still go through the thorough pass."""

    class Text(str):
        pass

    for data in (
        {"name": Text("<b>x</b>")},
        {1: "a"},
        {"a": [["\u0410cme", {"description": "[t](javascript:1)"}]]},
        {"description": ["<b>", "ok"]},
        {"k" * 65: "v"},
        {"description": "x" * (content.MAX_TEXT_LENGTH + 1)},
        "plain\nlines",
    ):
        assert content.check_text(data, MARKDOWN) == content._findings(data, MARKDOWN), data


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_copy(child) for child in value]
    return value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for part in path:
        node = node[part]
    return node


VALUES: list[Any] = [
    None, True, False, 0, 1, 1.0, -1, 24, 72, 0.5, 2_000_000, 5_000_000, float("nan"), "purchaser", "vendor",
    "shared", "A- VII", "A VI", "US", ["US"], ["US", "IE"], [], ["data_breach"], ["data_breach", "fraud"],
    [1], [True], ("US",), {"a": 1}, [{"a": 1}], "1", "true",
]  # fmt: skip


def test_remembered_verdicts_equal_fresh_ones() -> None:
    """`terms.compare` keeps verdicts keyed by value and type: True and 1 (equal in Python)
    or a list and a tuple never share one, and a mapping is never kept."""
    paths = [*sorted(FIELDS), "unknown.term", "insurance.coverages.cyber_privacy_liability.per_claim"]
    for _ in range(2):  # the second round answers from what the first kept
        for path in paths:
            for old in VALUES:
                for new in VALUES:
                    assert terms.compare(path, old, new) is terms._compare(path, old, new), (path, old, new)


def test_character_tests_never_hide_a_pattern_match(corpus: list[tuple[str, str]]) -> None:
    """The text checks test for a character before running a pattern that needs it; both the
    shortcut and the thorough pass use these tests, so they are proven against the patterns
    themselves here."""
    rng = _seeded(3)
    alphabet = [*HOSTILE_TEXT, ":", "//", "ſ", "\u212a", "K", "JAVASCRIPT", "file", "blob", "vbscript", "x"]
    texts = [piece for _, data in _documents(corpus) for piece in _all_strings(data)]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(20_000)]
    needs = {
        content._TEMPLATE: ("{", ";;;", "--8<--"),
        content._ATTR_LIST: ("{",),
        content._ANGLE_ADDRESS: ("<",),
        content._HTML: ("<",),
        content._ENTITY: ("&",),
        content._SIMPLE_LINK: ("](",),
        content._LINK_SYNTAX: ("](",),
    }
    for text in texts:
        for pattern, pieces in needs.items():
            assert not pattern.search(text) or any(piece in text for piece in pieces), (pattern, text)
        assert not content._BARE_SCHEME.search(text) or content._may_name_scheme(text), text
        for rich in (False, True):
            suspect = (re.compile(r"[<{&\[:]|;;;") if rich else re.compile(r"[<{]|;;;")).search(text)
            assert content._suspect(text, rich) == bool(suspect), text
    assert any(content._BARE_SCHEME.search(text) for text in texts)


def _all_strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _all_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _all_strings(child)
    elif isinstance(value, str):
        yield value


def test_dependents_found_through_grep_equal_a_read_of_every_file(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-contract run lets grep pick the files to read; it must find what reading every file
    finds, with odd files among the solutions (a folder, a link, a pipe, a near-miss id)."""
    import os
    import shutil

    from site_builder import grepfiles, refindex, selection

    monkeypatch.setattr(refindex, "naming", lambda *args: None)  # the reading path, not the index
    root = tmp_path / "p"
    shutil.copytree(generated, root)
    folder = root / "catalog" / "solutions"
    contracts = sorted(p.stem for p in (root / "catalog" / "contracts").glob("*.yaml"))
    some = next(folder.glob("*.yaml"))
    (folder / "inner.yaml").mkdir()
    (folder / "inner.yaml" / "x.yaml").write_bytes(some.read_bytes())
    (folder / "linked.yaml").symlink_to(some)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "near.yaml").write_text(
        f"offered_under:\n  - contract: {contracts[0]}-extra\n", encoding="utf-8"
    )
    (folder / "latin1.yaml").write_bytes(
        b"name: caf\xe9\noffered_under:\n  - contract: " + contracts[0].encode()
    )
    asked = [[c] for c in contracts] + [contracts[:3], ["no-such-contract"]]
    with_grep = [[f.file for f in selection.dependents(root, *ids)] for ids in asked]
    assert grepfiles.grep_path() is not None  # the fast path ran
    monkeypatch.setattr(grepfiles, "grep_path", lambda: None)
    without = [[f.file for f in selection.dependents(root, *ids)] for ids in asked]
    assert with_grep == without
    assert sum(map(len, without)) > len(contracts)
    assert any(name.endswith("latin1.yaml") for name in without[0])


def _schema_mutations(document: Any, rng: random.Random, count: int) -> Iterator[Any]:
    """Broken (and a few harmless) variants of a schema: wrong types, bad keywords, regular
    expressions only one dialect accepts."""
    import copy
    import json

    bad_values: list[Any] = [
        "strin",
        -1,
        1.5,
        [],
        {},
        None,
        True,
        "(?<name>x)",
        "[",
        "a{2,1}",
        "(?P<n>x)",
        "\\p{L}",
        ["x", "x"],
        {"type": "object"},
        "#/$defs/nowhere",
        "not a uri",
        "",
    ]
    keywords = ["type", "pattern", "minLength", "maxItems", "required", "properties", "enum", "$ref",
                "items", "additionalProperties", "patternProperties", "format", "uniqueItems", "$id"]  # fmt: skip
    paths = list(_json_paths(document))
    for _ in range(count):
        mutated = copy.deepcopy(document)
        path = rng.choice(paths)
        node = _get(mutated, path)
        if isinstance(node, dict):
            key = rng.choice(keywords)
            value = rng.choice(bad_values)
            node[key] = {value: {}} if key == "patternProperties" and isinstance(value, str) else value
        else:
            _replace(mutated, path, rng.choice(bad_values))
        yield json.loads(json.dumps(mutated))


def _json_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, item in items:
        yield from _json_paths(item, (*path, key))


def test_the_fast_schema_check_agrees_with_jsonschema() -> None:
    import json

    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from site_builder.metaschema import check_schema

    def verdict(check: Any, document: Any) -> str | None:
        try:
            check(document)
        except SchemaError as error:
            return error.message
        return None

    rng = _seeded(17)
    checked = rejected = 0
    for path in sorted((REPO / "schema").glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert verdict(check_schema, document) is None
        for mutated in _schema_mutations(document, rng, 60):
            expected = verdict(Draft202012Validator.check_schema, mutated)
            assert verdict(check_schema, mutated) == expected, mutated
            checked += 1
            rejected += expected is not None
    assert checked > 350
    assert rejected > checked // 4


def test_ascii_comparison_keys_equal_the_full_skeleton() -> None:
    """Ids and ASCII names are keyed through byte tables; Unicode's steps give the same keys."""
    from site_builder import skeleton

    rng = _seeded(23)
    texts = [chr(c) for c in range(128)] + ["Acme Gov", "ACME-GOV", "m1|I0%x", "%", ""]
    texts += ["".join(chr(rng.randrange(128)) for _ in range(rng.randrange(16))) for _ in range(20000)]
    for text in texts:
        assert skeleton.comparison_key(text) == skeleton._full_key(text), repr(text)
    texts += ["a/b", "Аcme", "ｍ/", "x%y", "/", "//", ""]
    rng.shuffle(texts)
    assert skeleton.comparison_keys(texts) == [skeleton.comparison_key(t) for t in texts]
    assert skeleton.comparison_keys([]) == []
    plain = [t for t in texts if t.isascii() and "%" not in t and "/" not in t]
    assert skeleton.comparison_keys(plain) == [skeleton.comparison_key(t) for t in plain]
    assert skeleton.comparison_keys([""]) == [""]
