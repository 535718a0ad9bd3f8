"""Hostile but valid text through a real build: it passes validation, so it must appear on the
built pages and in the data files exactly as written — as text, never as markup, link or script.
Hostile text that is not valid never gets that far: the build refuses it and names the file.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import build_site

from browser.sitekit import article, catalog_date, page
from conftest import make_project

pytestmark = pytest.mark.slow

VENDOR_NAME = "Tom & Jerry <3 \"quoted\" 'apos'"
LEGAL_NAME = 'x" onmouseover="alert(1) & javascript:alert(2) Inc'
RTL_NAME = "\u05e9\u05dc\u05d5\u05dd"
SOLUTION_NAME = "[not a link](https://evil.example) *literal* `tick`"
SUMMARY = "{ not a template } javascript:alert(3) stays text; 3 < 4 > 2"
DESCRIPTION = "We **serve** agencies & schools; 3 < 4 > 2.\n\nSee [our page](https://blue.example/?a=1&b=2)."
ADDENDUM_PARTY = 'State & "Test" <3 Office'
LOCAL_TERM = "Orders under { addendum } follow [this](https://evil.example) & 3 < 4"
EXPEDITED = 'Call x" onclick="alert(4) & order; 1 < 2'
BASIS = 'Flooding & <3 "storm" *closes* the office'
EVIDENCE = "Report on request & 'quoted' 3<4"
PLAIN = [
    VENDOR_NAME,
    LEGAL_NAME,
    RTL_NAME,
    SOLUTION_NAME,
    SUMMARY,
    ADDENDUM_PARTY,
    LOCAL_TERM,
    EXPEDITED,
    EVIDENCE,
]
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def hostile_project(dest: Path) -> Path:
    root = make_project(dest)
    vendor = "catalog/vendors/blue-river.yaml"
    _replace(root, vendor, "name: Blue River & Sons\n", f"name: {_quoted(VENDOR_NAME)}\n")
    _replace(root, vendor, "legal_name: Blue River & Sons LLC\n", f"legal_name: {_quoted(LEGAL_NAME)}\n")
    _replace(root, vendor, "contacts:", f"description: {_quoted(DESCRIPTION)}\ncontacts:")
    _replace(root, "catalog/vendors/acme-gov.yaml", "name: Acme Gov Systems\n", f"name: {RTL_NAME}\n")
    solution = "catalog/solutions/blue-river-training.yaml"
    text = (root / solution).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name: .*$", f"name: {_quoted(SOLUTION_NAME)}", text, count=1)
    text = re.sub(r"(?m)^summary: .*$", f"summary: {_quoted(SUMMARY)}", text, count=1)
    (root / solution).write_text(text, encoding="utf-8")
    # The law's places: a participating addendum, a contract's emergency provisions, a scenario's
    # facts, a credential's evidence.
    contract = "catalog/contracts/umbrella-software.yaml"
    _replace(
        root,
        contract,
        "url: https://ogs.example/umbrella}",
        "url: https://ogs.example/umbrella, jurisdiction: US-XN}",
    )
    _replace(root, contract, "law: US-NY", "law: US-XN")
    _replace(
        root,
        contract,
        "eligibility: {buyer_types: [state_agency, local_government]}",
        "eligibility:\n  buyer_types: [state_agency, local_government]\n  participating_addenda:\n"
        f'    - {{party: {_quoted(ADDENDUM_PARTY)}, jurisdiction: US-NY, signed_by: CPO, signed: "2024-01-01", '
        f"buyer_types: [state_agency, local_government], local_terms: [{{text: {_quoted(LOCAL_TERM)}}}]}}",
    )
    _replace(
        root,
        contract,
        'expedited_ordering: "Call the 24/7 desk; the purchase order may follow within five business days"',
        f"expedited_ordering: {_quoted(EXPEDITED)}",
    )
    scenario = "catalog/scenarios/ransomware-agency.yaml"
    _replace(
        root,
        scenario,
        "emergency_basis: Benefits cannot be paid while case files are unavailable.",
        f"emergency_basis: {_quoted(BASIS)}",
    )
    _replace(
        root,
        "catalog/solutions/acme-case-manager.yaml",
        "{description: FedRAMP Marketplace listing}",
        f"{{description: {_quoted(EVIDENCE)}}}",
    )
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-text")
    root = hostile_project(tmp / "project")
    with catalog_date():
        assert build_site(root, tmp / "site", strict=True) == 0
    return tmp / "site"


def shown(fragment: str) -> str:
    """Text as a reader sees it: tags dropped, entities decoded (spaces kept as they are)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for item in value.values() for s in strings(item)}
    if isinstance(value, list):
        return {s for item in value for s in strings(item)}
    return set()


def test_plain_fields_appear_exactly_as_written_and_only_as_text(site: Path) -> None:
    vendor = page(site, "vendors/blue-river/")
    solution = page(site, "solutions/blue-river-training/")
    assert VENDOR_NAME in shown(article(vendor))
    assert LEGAL_NAME in shown(article(vendor))
    assert SOLUTION_NAME in shown(article(solution))
    assert SUMMARY in shown(article(solution))
    assert RTL_NAME in shown(article(page(site, "vendors/acme-gov/")))
    title = re.search(r"<title>(.*?)</title>", vendor, re.DOTALL)
    assert title
    assert VENDOR_NAME in html.unescape(title.group(1))
    assert "<3" not in title.group(1)  # escaped, not raw
    for text in (vendor, solution):
        assert 'href="https://evil.example' not in text
        assert "<em>literal</em>" not in text
        assert "<code>tick</code>" not in text


def test_the_laws_places_show_contributor_text_as_text(site: Path) -> None:
    solution = article(page(site, "solutions/acme-case-manager/"))
    contract = article(page(site, "contracts/umbrella-software/"))
    scenario = article(page(site, "scenarios/ransomware-agency/"))
    assert LOCAL_TERM in shown(solution)
    assert LOCAL_TERM in shown(contract)
    assert ADDENDUM_PARTY in shown(contract)
    assert EXPEDITED in shown(contract)
    assert EVIDENCE in shown(solution)
    # the determination is plain text: the facts' Markdown is read, their words kept
    assert 'Flooding & <3 "storm" closes the office' in shown(scenario)
    for text in (solution, contract, scenario):
        assert 'href="https://evil.example' not in text
        assert not HANDLER.search(text)


def test_markdown_renders_its_markup_and_keeps_every_word(site: Path) -> None:
    body = article(page(site, "vendors/blue-river/"))
    assert "<strong>serve</strong>" in body
    assert 'href="https://blue.example/?a=1&amp;b=2" rel="noreferrer"' in body
    assert "We serve agencies & schools; 3 < 4 > 2." in shown(body)


def test_no_page_carries_an_event_handler_or_a_script_link(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not HANDLER.search(text), path
        assert 'href="javascript:' not in text.lower(), path
        assert 'http-equiv="Content-Security-Policy"' in text, path


def test_data_files_keep_the_text_exactly(site: Path) -> None:
    found: set[str] = set()
    for path in sorted(site.rglob("*.json")):
        found |= strings(json.loads(path.read_text(encoding="utf-8")))
    for text in PLAIN:
        assert any(text in value for value in found), text


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("name", "{{ config.site_name }}", "unsafe-text"),
        ("name", "Acme</script><script>alert(1)</script>", "unsafe-text"),
        ("name", "Blue \u0420iver", "confusable-text"),
        ("description", "[click](javascript:alert(1))", "unsafe-text"),
    ],
)
def test_invalid_hostile_text_stops_the_build_and_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: str, rule: str
) -> None:
    root = make_project(tmp_path / "project")
    vendor = root / "catalog/vendors/blue-river.yaml"
    text = re.sub(rf"(?m)^{field}: .*\n", "", vendor.read_text(encoding="utf-8"))
    vendor.write_text(text + f"{field}: {_quoted(value)}\n", encoding="utf-8")
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 1
    said = capsys.readouterr()
    assert "catalog/vendors/blue-river.yaml" in said.out + said.err
    assert f"({rule})" in said.out + said.err
    assert not (tmp_path / "site").exists()
