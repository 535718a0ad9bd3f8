"""The hardened loader: strict scalar resolution, positions, and what it refuses."""

from __future__ import annotations

import itertools
import re

import pytest

from site_builder import hidden, yamlsafe


def load(text: str) -> object:
    data, problems = yamlsafe.load(text, "f.yaml")
    assert problems == [], problems
    return data


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("false", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("0", 0),
        ("-12", -12),
        ("1.5", 1.5),
        ("NO", "NO"),
        ("no", "no"),
        ("off", "off"),
        ("Yes", "Yes"),
        ("012345", "012345"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("1:20", "1:20"),
        ("+4930123456", "+4930123456"),
        ("2024-01-01", "2024-01-01"),
        (".inf", ".inf"),
        ("1e3", "1e3"),
        ("True", "True"),
        ("'true'", "true"),
        ('"12"', "12"),
        ("nulls", "nulls"),
        ("t", "t"),
        ("fals", "fals"),
        ("~x", "~x"),
        ("-0", 0),
        ("0.", "0."),
        ("-1.25", -1.25),
        ("name", "name"),
    ],
)
def test_scalars_resolve_strictly(text: str, value: object) -> None:
    result = load(f"key: {text}\n")
    assert result == {"key": value}
    assert type(result["key"]) is type(value)  # type: ignore[index]


def _resolved_as_the_rules_say(value: str) -> object:
    """The strict rules of the module docstring, written out plainly."""
    if value in ("", "~", "null"):
        return None
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", value):
        return int(value)
    if re.fullmatch(r"-?(0|[1-9][0-9]*)\.[0-9]+", value):
        return float(value)
    return value


def test_every_short_plain_scalar_resolves_as_the_rules_say() -> None:
    """Every string of up to four characters made of the characters that matter (those that
    start or spell a word or a number, and a few others) resolves by the rules."""
    alphabet = "~nulltrefas-0123456789.xN "
    strings = [""]
    for length in range(1, 5):
        strings += ["".join(chars) for chars in itertools.product(sorted(set(alphabet)), repeat=length)]
    strings += ["null", "true", "false", "nulls", "truex", "falsex", "-10.25", "100.0", "1.5e3"]
    for value in strings:
        expected = _resolved_as_the_rules_say(value)
        resolved = yamlsafe.resolve_plain(value)
        assert (resolved, type(resolved)) == (expected, type(expected)), value


def test_comment_is_not_part_of_value() -> None:
    assert load("terms: Net 30 # plus fees\n") == {"terms": "Net 30"}


def test_marks_locate_every_value() -> None:
    marks: dict[str, yamlsafe.Mark] = {}
    data, problems = yamlsafe.load("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml", marks)
    assert problems == []
    assert data == {"a": 1, "b": ["x", {"c": 2}]}
    assert marks["/a"] == yamlsafe.Mark(1, 1)
    assert marks["/b"] == yamlsafe.Mark(2, 1)
    assert marks["/b/0"] == yamlsafe.Mark(3, 5)
    assert marks["/b/1/c"] == yamlsafe.Mark(4, 6)


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2),
        ("a: &x 1\nb: *x\n", "yaml-alias", 1),
        ("base: {x: 1}\nother:\n  <<: {y: 2}\n", "yaml-alias", 3),
        ("a: !!binary aGVsbG8=\n", "yaml-tag", 1),
        ("a: !!set {x, y}\n", "yaml-tag", 1),
        ("a: !!python/object/apply:os.system [id]\n", "yaml-tag", 1),
        ("1: one\n", "yaml-key-type", 1),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2),
        ("a: [1, 2\n", "yaml-syntax", 1),  # where the list opens, not where libyaml gave up
        ("a: \u200bb\n", "invisible-character", 1),
        ("a: b\x07\n", "invisible-character", 1),
        ("x: " + "[" * 30 + "]" * 30 + "\n", "yaml-nesting", 1),
    ],
)
def test_refusals_name_rule_and_line(text: str, rule: str, line: int) -> None:
    data, problems = yamlsafe.load(text, "f.yaml")
    assert data is None
    assert problems, "expected a problem"
    assert problems[0].rule == rule
    assert problems[0].line == line
    assert problems[0].file == "f.yaml"
    assert problems[0].hint


def test_alias_bomb_is_refused_without_expansion() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        prev, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(
            f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    data, problems = yamlsafe.load("\n".join(lines) + "\n", "bomb.yaml")
    assert data is None
    assert {p.rule for p in problems} == {"yaml-alias"}


def test_decode_rejects_bad_utf8_with_position() -> None:
    text, problems = yamlsafe.decode(b"a: ok\nb: caf\xe9\n", "f.yaml")
    assert text is None
    assert (problems[0].rule, problems[0].line, problems[0].column) == ("encoding", 2, 7)


def test_decode_rejects_oversized_files() -> None:
    text, problems = yamlsafe.decode(b"a" * (yamlsafe.MAX_FILE_BYTES + 1), "f.yaml")
    assert text is None
    assert problems[0].rule == "file-size"


@pytest.mark.parametrize("escape", ["\\u202e", "\\x1b[31m", "\\u200b", "\\0"])
def test_escaped_hidden_characters_are_refused(escape: str) -> None:
    data, problems = yamlsafe.load(f'a: ok\nname: "Acme{escape}evil"\n', "f.yaml")
    assert data is None
    assert [(p.rule, p.line) for p in problems] == [("invisible-character", 2)]


def test_astral_characters_are_told_apart_from_the_rest_of_unicode() -> None:
    """`has_astral` (which decides whether the astral classes are searched) agrees with a scan
    for characters above U+FFFF on the edges: the last of the BMP, lone and paired surrogates
    written as two characters, the first and last astral characters, an astral tag in ASCII."""
    texts = [
        "",
        "plain",
        "caf\u00e9",
        "\uffff",
        "\ud800",
        "\udfff",
        "\ud83d\ude00",
        "\U00010000",
        "\U0010ffff",
        "a\U0001f600b",
        "name: Acme\U000e0041\n",
        "\u4e2d\u6587\U00020000",
    ]
    for text in texts:
        assert hidden.has_astral(text) is any(ord(char) > 0xFFFF for char in text), ascii(text)
    found = list(yamlsafe.find_invisible("name: Acme\U000e0041 Cloud\n"))
    assert found == [(1, 11, "\U000e0041")]
    assert hidden.has_hidden("caf\u00e9 \U000e0041")
    assert not hidden.has_hidden("caf\u00e9 \U0001f600")
