"""What a buyer in an emergency reads, on every page that should say it: the panel on every
emergency-ready solution, each scenario's list with numbers and limits, contacts once each, and a
draft determination without raw Markdown. Built from the demo with the real mkdocs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from site_builder.eligibility import all_buyers
from site_builder.pipeline import check

from browser.sitekit import article, built_site, page, visible_text
from conftest import AS_OF, REPO

pytestmark = pytest.mark.slow

CATALOG = REPO / "catalog"


def _load(kind: str) -> dict[str, dict[str, object]]:
    return {p.stem: yaml.safe_load(p.read_bytes()) for p in sorted((CATALOG / kind).glob("*.yaml"))}


SOLUTIONS, CONTRACTS, VENDORS, SCENARIOS = (
    _load(k) for k in ("solutions", "contracts", "vendors", "scenarios")
)


def _section(html: str, anchor: str) -> str:
    """The HTML from the h2 with id `anchor` to the next h2."""
    start = html.index(f'<h2 id="{anchor}"')
    end = html.find("<h2 ", start + 1)
    return html[start : end if end != -1 else len(html)]


def _hotline(solution: dict[str, object]) -> dict[str, str] | None:
    vendor = VENDORS[str(solution["vendor"])]
    found = [
        c
        for c in [*solution.get("contacts", []), *vendor.get("contacts", [])]  # type: ignore[misc]
        if c["role"] == "security_incident"
    ]
    found.sort(key=lambda c: "24/7" not in str(c.get("hours", "")))
    return found[0] if found else None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("demo"), demo=True)


@pytest.fixture(scope="module")
def buyers() -> dict[str, list[str]]:
    """Per contract, the buyer types that may order under it on the build's date, in words."""
    result = check(REPO, today=date.fromisoformat(AS_OF))
    policy = result.project.policy
    return {
        contract.id: [
            policy.buyer_label(e.buyer_type)
            for e in all_buyers(contract, policy, result.catalog.today)
            if e.may_order_today
        ]
        for contract in result.catalog.contracts.values()
    }


def test_every_emergency_ready_solution_opens_with_the_panel(
    site: Path, buyers: dict[str, list[str]]
) -> None:
    ready = [i for i, s in SOLUTIONS.items() if (s.get("emergency") or {}).get("ready")]  # type: ignore[attr-defined]
    assert len(ready) > 10
    for solution_id in ready:
        solution = SOLUTIONS[solution_id]
        html = article(page(site, f"solutions/{solution_id}/"))
        panel = _section(html, "emergency")
        assert html.index('id="emergency"') < html.index("<dl"), solution_id  # before everything else
        words = visible_text(panel)
        line = _hotline(solution)
        if line is not None and line.get("phone"):
            dial = re.sub(r"[^\d+]", "", line["phone"])
            assert f'href="tel:{dial}"' in panel, solution_id
        # Every contract it is offered under, with what that contract says and who may order today.
        offered = [o["contract"] for o in solution["offered_under"]]  # type: ignore[attr-defined]
        for contract_id in offered:
            contract = CONTRACTS[contract_id]
            assert f"Contract {contract['number']}" in words, solution_id
            own = contract.get("emergency_provisions") or {}
            if own.get("max_order_value") is not None:  # type: ignore[attr-defined]
                assert "per emergency order (the contract)" in words, solution_id
            for label in buyers[contract_id]:
                assert label in words, (solution_id, label)
        assert 'href="#buyers"' in panel, solution_id  # the authority per buyer type, one step away
        assert "Basis" not in words  # a contract is never called the legal basis
        if not any(buyers[c] for c in offered):
            assert "Check first: no buyer type of this jurisdiction may order it" in words, solution_id


def test_solutions_not_ready_have_no_panel(site: Path) -> None:
    for solution_id, solution in SOLUTIONS.items():
        if (solution.get("emergency") or {}).get("ready"):  # type: ignore[attr-defined]
            continue
        html = article(page(site, f"solutions/{solution_id}/"))
        assert "In an emergency" not in html, solution_id
        assert "Not marked ready for emergency purchases." in visible_text(html)


def test_every_scenario_lists_numbers_limits_and_who_may_buy(site: Path) -> None:
    for scenario_id, scenario in SCENARIOS.items():
        html = article(page(site, f"scenarios/{scenario_id}/"))
        listing = _section(html, "ready")
        items = listing.split('<li class="cat-card cat-emergency-card">')[1:]
        assert len(items) == len(scenario["ready_solutions"]), scenario_id  # type: ignore[arg-type]
        for solution_id, item in zip(scenario["ready_solutions"], items, strict=True):  # type: ignore[call-overload]
            words = visible_text(item)
            assert f'solutions/{solution_id}/"' in item
            line = _hotline(SOLUTIONS[solution_id])
            if line is not None and line.get("phone"):
                assert line["phone"] in words, (scenario_id, solution_id)
            assert "Who may buy today:" in words, (scenario_id, solution_id)
            assert "Cite: Contract " in words, (scenario_id, solution_id)
            assert "Contract's limits: " in words, (scenario_id, solution_id)
            assert " days" in words or "no longest term" in words, (scenario_id, solution_id)


def test_contacts_have_their_own_section_and_appear_once(site: Path) -> None:
    for solution_id, solution in SOLUTIONS.items():
        html = article(page(site, f"solutions/{solution_id}/"))
        contacts = _section(html, "contacts")
        assert '<h2 id="contacts">' in html, solution_id  # a heading links to #contacts land on
        items = re.findall(r"<li>(.*?)</li>", contacts, re.DOTALL)
        assert len(items) == len(set(items)), solution_id
        for person in solution.get("contacts", []):  # type: ignore[attr-defined]
            address = f'href="mailto:{person["email"]}"' if person.get("email") else person["name"]
            assert contacts.count(address) == 1, (solution_id, person["name"])
        for offered in solution["offered_under"]:  # type: ignore[attr-defined]
            assert f'contracts/{offered["contract"]}/#contacts"' in contacts, solution_id
            desk_page = _section(article(page(site, f"contracts/{offered['contract']}/")), "contacts")
            for desk in CONTRACTS[offered["contract"]].get("contacts", []):  # type: ignore[attr-defined]
                assert desk["name"] in visible_text(desk_page), (solution_id, desk["name"])
        vendor_page = _section(article(page(site, f"vendors/{solution['vendor']}/")), "contacts")
        assert f'vendors/{solution["vendor"]}/#contacts"' in contacts, solution_id
        for person in VENDORS[str(solution["vendor"])]["contacts"]:  # type: ignore[attr-defined]
            address = f'href="mailto:{person["email"]}"' if person.get("email") else person["name"]
            assert vendor_page.count(address) == 1, (solution_id, person["name"])
        assert "Contact" not in visible_text(_section(html, "order")), solution_id  # not repeated there


def test_draft_determinations_have_paragraphs_and_lists_not_raw_markdown(site: Path) -> None:
    for scenario_id, scenario in SCENARIOS.items():
        html = article(page(site, f"scenarios/{scenario_id}/"))
        drafts = re.findall(r'<div class="cat-determination" id="([^"]+)">(.*?)</div>', html, re.DOTALL)
        assert len(drafts) == len(scenario["authorities"]), scenario_id  # type: ignore[arg-type]
        for anchor, block in drafts:
            for paragraph in re.findall(r"<p>(.*?)</p>", block, re.DOTALL):
                assert "\n" not in paragraph.strip(), (scenario_id, anchor, paragraph)
                assert not visible_text(paragraph).startswith("- "), (scenario_id, anchor, paragraph)
            assert "<ul><li>" in block, (scenario_id, anchor)  # what the authority demands, at least
