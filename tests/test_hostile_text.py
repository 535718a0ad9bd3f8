"""The text checks one string at a time: what they reject, with which words, and — just as
important for contributors — the ordinary text they must leave alone."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from site_builder import content
from site_builder.content import check_text
from site_builder.identity import identity_key
from site_builder.pipeline import check
from site_builder.rules import RULES
from site_builder.skeleton import comparison_key, prototypes

RICH = frozenset({"description"})
# The whole list of 2,413 real product names beside the checkout when it is there, else the excerpt
# kept in the repository (every tenth row), so the check runs in any clone.
_ALL_NAMES = Path(__file__).resolve().parents[2] / "shared" / "data" / "landscape-items.tsv"
_EXCERPT = Path(__file__).resolve().parent / "fixtures" / "names" / "product-names.tsv"
PRODUCT_NAMES = _ALL_NAMES if _ALL_NAMES.is_file() else _EXCERPT


def findings(text: str, field: str = "description") -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in check_text({field: text}, RICH)]


ACCEPTED_RICH = [
    "Tom & Jerry <3, and 3 < 4 > 2.",
    "Data: stored in the US. Note: javascript is not required.",
    "We serve **agencies** & *schools*.\n\n- one\n- two [a list](https://acme.example/list)",
    "See the [product page](https://acme.example/case?a=1&b=2#top).",
    "A [link](https://acme.example/a_(b)) with brackets [not a link] and `code`.",
    "Prices in € and £; naïve café résumé, Zürich, São Paulo, Łódź, İstanbul.",
    "ООО Ромашка supplies Windows版 and 東京 offices; שלום עולם.",
    "Latency under 10 µs (micro sign), 5 × faster, 99.9 % uptime.",
    "A heading\n\n# Our approach\n\n1. first\n2. second",
    "Email sales@acme.example or call +1 555 0100.",
    "[acme.example](https://acme.example/) and [www.acme.example](https://acme.example/x)",
]
ACCEPTED_PLAIN = [
    "Blue River & Sons",
    'O\'Brien "Quoted" Systems',
    "Tom & Jerry <3",
    'x" onmouseover="alert(1)',
    "javascript:alert(1) is shown as text here",
    "[not a link](https://evil.example) *stays* literal",
    "Société Générale",
    "שלום",
    "Ромашка",
    "AT&amp;T as written",
]


@pytest.mark.parametrize("text", ACCEPTED_RICH)
def test_ordinary_markdown_is_accepted(text: str) -> None:
    assert findings(text) == []


@pytest.mark.parametrize("text", ACCEPTED_PLAIN)
def test_ordinary_names_are_accepted(text: str) -> None:
    assert findings(text, "name") == []


REJECTED = [
    ("description", "<b>bold</b>", "unsafe-text", "contains HTML markup"),
    ("description", "<!-- hidden -->", "unsafe-text", "contains HTML markup"),
    ("description", "<?php echo 1 ?>", "unsafe-text", "contains HTML markup"),
    ("name", "Acme</title><script>", "unsafe-text", "contains HTML markup"),
    ("description", "[x](javascript:alert(1))", "unsafe-text", 'links to "javascript:alert(1)"'),
    ("description", "[x](JAVASCRIPT:alert(1))", "unsafe-text", "links to"),
    ("description", "[x](jav&#x09;ascript:alert(1))", "unsafe-text", "character references (&#x09;)"),
    ("description", "[x](java\\script:alert(1))", "unsafe-text", "links to"),
    ("description", "[x](%6Aavascript:alert(1))", "unsafe-text", "links to"),
    ("description", "[x]( javascript:alert(1) )", "unsafe-text", "links to"),
    ("description", "[x](data:text/html,<script>)", "unsafe-text", "links to"),
    ("description", "[x](file:///etc/passwd)", "unsafe-text", "links to"),
    ("description", "[x](/relative/page)", "unsafe-text", 'links to "/relative/page"'),
    ("description", "[x](#top)", "unsafe-text", 'links to "#top"'),
    ("description", "[x](mailto:a@b.example)", "unsafe-text", "links to"),
    ("description", "[x](https://)", "unsafe-text", "links to"),
    ("description", "[x](HTTPS://acme.example)", "unsafe-text", "links to"),
    ("description", "[x](https://user:pw@acme.example/)", "unsafe-text", "links to"),
    ("description", '[x](https://acme.example/"onmouseover)', "unsafe-text", "links to"),
    ("description", "[https://acme.example](https://evil.example)", "unsafe-text", "shows the address"),
    ("description", "[www.acme.example/login](https://evil.example/)", "unsafe-text", "shows the address"),
    ("description", "[x][ref]\n\n[ref]: https://acme.example", "unsafe-text", "reference-style link"),
    ("description", "> [ref]: https://acme.example\n\n[x][ref]", "unsafe-text", "reference-style link"),
    ("description", "![](https://evil.example/pixel.gif)", "unsafe-text", "contains an image"),
    ("description", "<https://acme.example>", "unsafe-text", "angle brackets"),
    ("description", "see ftp://files.acme.example/x", "unsafe-text", '"ftp://" address'),
    ("description", "data:text/html;base64,AAAA", "unsafe-text", '"data:" address'),
    ("description", "{{ config.extra }}", "unsafe-text", "template or include syntax ({{)"),
    ("description", "{%raw%}", "unsafe-text", "template or include syntax ({%)"),
    ("description", '--8<-- "/etc/passwd"', "unsafe-text", "template or include syntax (--8<--)"),
    ("description", "Title\n{: #id .class onclick=x}", "unsafe-text", "attribute list"),
    ("description", "Title {.warning}", "unsafe-text", "attribute list"),
    ("name", "{{ 7*7 }}", "unsafe-text", "template or include syntax"),
    ("name", "Acme\nGov", "single-line", "spans several lines"),
    ("name", "FILL IN: the name", "placeholder", "still a placeholder"),
    ("name", "Cafe\u0301", "unicode-normalization", "not NFC"),
    ("name", "Acme\u2000Gov", "unicode-normalization", "not NFC"),  # a space NFC replaces
    ("name", "\u0410cme", "confusable-text", '"\u0410cme" mixing Cyrillic and Latin'),
    ("name", "\u0421\u0410\u0422", "confusable-text", 'reads as "CAT"'),
    ("name", "\u13aa\u13df\u13b7\u13ac", "confusable-text", 'reads as "ACME"'),  # Cherokee
    ("name", "\uff21\uff23\uff2d\uff25", "confusable-text", "styled or wide letters"),
    ("name", "Acme \u0393\u03b5\u03c9", "confusable-text", "mixes Greek and Latin letters"),
    ("name", "Acme \u05e9\u05dc\u05d5\u05dd", "confusable-text", "left-to-right and right-to-left"),
    ("name", "Acmex\u0300\u0301\u0302\u0303", "confusable-text", "piles several accent marks"),
    ("description", "Contact s\u0435curity@acme.example", "confusable-text", "mixing Cyrillic and Latin"),
]


@pytest.mark.parametrize(("field", "text", "rule", "words"), REJECTED)
def test_hostile_text_is_rejected_with_a_reason(field: str, text: str, rule: str, words: str) -> None:
    found = findings(text, field)
    assert any(r == rule and words in message for r, message in found), found
    assert all(message.startswith(f'"{field}" ') for _, message in found)


def test_multi_line_findings_name_the_line_of_the_text() -> None:
    found = findings("Intro.\n\nMore text.\nSee [x](http://acme.example).")
    assert found == [("unsafe-text", '"description" links to "http://acme.example" (line 4 of the text)')]


def test_keys_and_nested_fields_are_checked_and_named() -> None:
    data = {"contacts": [{"name": "<b>desk</b>"}], "<script>": "x", "k" * 100: "y"}
    found = {(f.pointer, f.rule) for f in check_text(data, RICH)}
    assert ("/contacts/0/name", "unsafe-text") in found
    assert ("/<script>", "unsafe-text") in found
    assert ("/" + "k" * 100, "schema") in found


def test_one_key_folds_case_width_accents_punctuation_and_unicode_look_alikes() -> None:
    same = [
        "Acme Gov",
        "ACME GOV",
        "acme-gov",
        "Acme, Gov.",
        "\uff21cme Gov",  # fullwidth
        "\u0410cme G\u043ev",  # Cyrillic
        "Acme G0v",  # zero for o
        "Acrne Gov",  # "rn" for "m"
        "\u1ea0cme Gov",  # a dot below
        "\u1d00cme Gov",  # a small capital
        "\U0001d400cme Gov",  # mathematical bold
    ]
    keys = {comparison_key(name) for name in same}
    assert len(keys) == 1, keys
    assert comparison_key("Acme Gov") != comparison_key("Acme Gob")
    assert comparison_key("Intel") == comparison_key("lntel") == comparison_key("intel")  # I, l, i
    assert comparison_key("\u029cealth") == comparison_key("health")  # small capital H
    assert identity_key("acme-g0v") == identity_key("acme-gov") == comparison_key("Acme Gov")


def test_the_key_comes_from_unicode_data_not_a_short_table() -> None:
    table = prototypes()
    assert len(table) > 6000  # Unicode 15.1's confusables.txt maps about 6,300 characters
    assert table[ord("\u0430")] == "a"  # Cyrillic a
    assert table[ord("m")] == "rn"
    assert table[ord("0")] == "O"
    assert table[ord("I")] == "l"


def test_real_product_names_do_not_collide_beyond_case_and_spacing() -> None:
    """Real product names (2,413, or the 242 of the excerpt): the key adds no collision that plain
    case folding lacks."""
    names = [line.split("\t", 1)[0] for line in PRODUCT_NAMES.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(names) > (2000 if PRODUCT_NAMES == _ALL_NAMES else 200)
    spellings: dict[str, set[str]] = {}
    for name in names:
        plain = "".join(c for c in unicodedata.normalize("NFKC", name).casefold() if c.isalnum())
        spellings.setdefault(comparison_key(name), set()).add(plain)
    assert [s for s in spellings.values() if len(s) > 1] == []


@pytest.mark.parametrize(
    ("other_name", "collides"),
    [
        ("ACME GOV SYSTEMS", True),
        ("Acme-Gov Systems", True),
        ("\u0410cme Gov Systems", False),  # rejected as confusable text already, never in the catalog
        ("Acme G0v Systems", True),
        ("Acme Gov Systems, Inc.", True),  # acme-gov's legal name
        ("Acme Government Systems", False),
    ],
)
def test_vendor_names_must_not_be_mistaken_for_one_another(
    project: Path, other_name: str, collides: bool
) -> None:
    vendor = project / "catalog/vendors/blue-river.yaml"
    vendor.write_text(
        vendor.read_text(encoding="utf-8").replace("name: Blue River & Sons\n", f"name: {other_name}\n"),
        encoding="utf-8",
    )
    found = [p for p in check(project).report.problems if p.rule == "confusable-name"]
    if not collides:
        assert found == []
        return
    assert {p.file for p in found} == {"catalog/vendors/blue-river.yaml", "catalog/vendors/acme-gov.yaml"}
    mine = next(p for p in found if p.file.endswith("blue-river.yaml"))
    assert mine.line == 2
    assert 'can be mistaken for vendor "acme-gov"' in mine.message


def test_new_rules_are_documented_with_an_example_and_a_fix() -> None:
    for rule_id in (
        "unsafe-text",
        "unicode-normalization",
        "confusable-text",
        "confusable-name",
        "file-type",
    ):
        rule = RULES[rule_id]
        assert rule.summary
        assert rule.example
        assert rule.fix
    assert RULES["confusable-name"].check is not None


N = 19_990  # just under the length at which text is refused unread
PATHOLOGICAL = {
    "unclosed link targets": "](" * (N // 2),
    "open brackets": "[a" * (N // 2),
    "dotted link text": "[" + "a." * (N // 2) + "](https://x.example)",
    "unclosed angle": "<" + "a" * (N // 2) + "@" + "a" * (N // 2),
    "ampersands": "&#" * (N // 2),
    "braces": "{ " * (N // 2),
    "simple links": "[a](https://x.example) " * (N // 23),
    "links and targets": "[a](https://x.example)](" * (N // 24),
    "nested brackets": "[" * (N // 2) + "]" * (N // 2) + "(https://x.example)",
    "one long word": "a" * N + " \u00e9",
    "alternating scripts": "a\u0410" * (N // 2),
    "accents": "a" + "\u0301" * N,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
@pytest.mark.parametrize("field", ["description", "name"])
def test_pathological_text_is_checked_in_linear_time(text: str, field: str) -> None:
    content.markdown_parser()  # made (and markdown-it imported) once, on first need: not timed
    # CPU time of this process, not wall time: a loaded machine (tests run in parallel) stretches
    # the latter, and what the test is about is the work the check does.
    started = time.process_time()
    check_text({field: text}, RICH)
    assert time.process_time() - started < 0.5  # about 0.01 s each; quadratic would take minutes


def test_overlong_text_is_refused_unread() -> None:
    [finding] = check_text({"description": "<script>" * 5000}, RICH)
    assert finding.rule == "schema"
    assert "40,000 characters long" in finding.message


@pytest.mark.parametrize(
    ("other_name", "collides"),
    [
        ("Acrne Desktop Suite", True),  # "rn" for "m"
        ("Acme Deskt\u043ep Suite", False),  # a Cyrillic o is refused as confusable text first
        ("\u1ea0cme Desktop Suite", True),  # a dot below
        ("Acme Desktop Suite", False),  # the same name openly: the vendor shows beside it
        ("ACME DESKTOP SUITE", False),  # case is no disguise
        ("Acme Desktop Studio", False),
    ],
)
def test_solution_names_must_not_imitate_one_another(project: Path, other_name: str, collides: bool) -> None:
    solution = project / "catalog/solutions/blue-river-training.yaml"
    text = solution.read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if line.startswith("name: "))
    solution.write_text(text.replace(name_line, f"name: {other_name}"), encoding="utf-8")
    found = [p for p in check(project).report.problems if p.rule == "confusable-name"]
    if not collides:
        assert found == []
        return
    files = {p.file for p in found}
    assert files == {
        "catalog/solutions/blue-river-training.yaml",
        "catalog/solutions/acme-desktop-suite.yaml",
    }
    mine = next(p for p in found if p.file.endswith("blue-river-training.yaml"))
    assert 'can be mistaken for solution "acme-desktop-suite"' in mine.message


def test_the_ascii_shortcut_gives_the_full_key() -> None:
    """ASCII text (every id) is keyed through a per-character table; it must equal the full path."""
    from site_builder.skeleton import _full_key

    samples = [chr(code) * 2 for code in range(128)] + ["Intel", "ACME-GOV 0x1F | rn", "a\tb\x00c", "mIlI0"]
    for text in samples:
        assert comparison_key(text) == _full_key(text), repr(text)
