"""Who may buy, and how, on every page of the built demo: a section per buyer type on every
solution and contract page, a determination per buyer type and authority on every scenario page,
each claim in it the value the data holds, and the policy's law on its own page."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from site_builder.buildinfo import build_info
from site_builder.eligibility import eligibility
from site_builder.emergency import routes
from site_builder.pipeline import check
from site_builder.render import site_data
from site_builder.requirements import check_offering, specs

from browser.sitekit import article, built_site, page, visible_text
from conftest import REPO

pytestmark = pytest.mark.slow
AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    site = built_site(tmp_path_factory.mktemp("demo"), demo=True)
    return site, check(REPO, today=AS_OF)


def sections(text: str) -> dict[str, str]:
    """The buyer-type sections of a page, by buyer type."""
    found = re.findall(
        r'<section class="cat-buyer" data-buyer-type="([a-z_]+)"(.*?)</section>', text, re.DOTALL
    )
    return dict(found)


def rows(text: str) -> list[tuple[str, str]]:
    """The rows of a solution page's buyer table: (buyer type, row)."""
    return re.findall(r'<tr data-buyer-type="([a-z_]+)">(.*?)</tr>', text, re.DOTALL)


def test_every_solution_page_answers_for_every_buyer_type_under_every_contract(demo) -> None:
    site, result = demo
    policy = result.project.policy
    for solution in result.catalog.solutions.values():
        text = article(page(site, f"solutions/{solution.id}/"))
        contracts = [
            result.catalog.contracts[c] for c in dict.fromkeys(o.contract_id for o in solution.offerings)
        ]
        found = rows(text)
        assert [b for b, _ in found] == [b for _ in contracts for b in policy.buyer_types], solution.id
        assert (
            '<form class="cat-buyer-choice cat-noprint" id="buyer-choice" data-what="the answers" hidden></form>'
            in text
        )  # built by the script, the only one that can use it
        assert 'src="../../assets/catalog/buyer.js"' in text
        for (buyer_type, row), contract in zip(
            found, [c for c in contracts for _ in policy.buyer_types], strict=True
        ):
            words = visible_text(row)
            said = eligibility(contract, buyer_type, policy, AS_OF)
            headline = "Yes" if said.may_order_today else "Not now" if said.eligible else "No"
            assert words.startswith(f"{policy.buyer_types[buyer_type].label} "), words
            assert f"{headline}:" in words, (solution.id, buyer_type, contract.id)
            if not said.eligible:
                assert said.reason in words
            elif said.may_order_today:  # every usable authority, with its limits
                for route in (r for r in routes(policy, contract, buyer_type) if r.usable):
                    assert route.authority.short_citation in words, (solution.id, buyer_type)


def test_a_cooperative_contract_says_whose_addendum_opens_it_and_to_whom(demo) -> None:
    site, _ = demo
    text = article(page(site, "contracts/mesa-pine-cyber-response/"))
    words = visible_text(text)
    assert "Awarded by awarded by another state (US-XN (State of Northwood (fictional)))" in words
    assert "governing law US-XN (State of Northwood (fictional))" in words
    assert "State of Example, Office of General Services (fictional) (PA-XE-4417)" in words
    assert "Orders placed by State of Example buyers are governed by the law of the State of Example" in words
    # another state's addendum is listed, but opens nothing to this jurisdiction's buyers
    assert "Commonwealth of Eastbrook" in words
    local = visible_text(sections(text)["local_government"])
    assert "up to $100,000: direct order" in local  # the threshold that applies to local governments
    assert "up to $250,000" not in local  # state agencies' only
    lumiere = visible_text(article(page(site, "solutions/lumiere-interpreter-on-demand/")))
    assert "only Harbor County (fictional) signed one for itself" in lumiere
    retainer = visible_text(article(page(site, "solutions/mesa-pine-incident-response-retainer/")))
    assert "Local government Yes: direct order up to $100,000; then mini-bid; cite PA-XE-4417" in retainer
    assert (
        "Local terms of PA-XE-4417 (contract NPPC-CY-2024-017): Orders placed by State of Example" in retainer
    )


def test_the_gsa_schedule_is_usable_only_through_the_program_its_vendor_opted_into(demo) -> None:
    site, _ = demo
    on_gsa = visible_text(
        sections(article(page(site, "contracts/obriens-gsa-schedule/")))["local_government"]
    )
    assert "GSA Disaster Purchasing program" in on_gsa
    assert "Only when: The purchase is for disaster preparedness or response" in on_gsa
    state_contract = visible_text(article(page(site, "contracts/obriens-network-services/")))
    assert "GSA Disaster Purchasing" not in state_contract  # never a basis for a state contract


def test_every_scenario_has_a_determination_per_buyer_type_and_authority(demo) -> None:
    site, result = demo
    policy = result.project.policy
    for scenario in result.catalog.scenarios.values():
        text = article(page(site, f"scenarios/{scenario.id}/"))
        for buyer_type, authority_id in scenario.authority_pairs:
            anchor = f'id="determination-{buyer_type}-{authority_id}"'
            assert anchor in text, (scenario.id, anchor)
            block = text[text.index(anchor) :].split('<div class="cat-determination"', 1)[0]
            words = visible_text(block)
            authority = policy.authorities[authority_id]
            assert authority.cited in words
            for item in authority.documentation:
                assert item in words
        for buyer in policy.buyer_types.values():
            covered = buyer.id in scenario.buyer_types
            assert (f'id="determinations-{buyer.id}"' in text) is covered


def test_a_determination_claims_only_the_values_the_data_holds(demo) -> None:
    site, result = demo
    policy = result.project.policy
    for scenario in result.catalog.scenarios.values():
        found = specs(scenario.data.get("requirements") or {}, policy)
        text = visible_text(article(page(site, f"scenarios/{scenario.id}/")))
        for ref in scenario.data["ready_solutions"]:
            solution = result.catalog.solutions[ref]
            for offering in solution.offerings:
                if result.catalog.contracts[offering.contract_id].validity.status.value == "expired":
                    continue
                for c in check_offering(found, offering.effective_terms, solution, policy, AS_OF):
                    assert c.met, (scenario.id, ref, c.spec.path)
                    claim = f"{c.spec.label}: {c.shown} ("
                    assert claim in text, (scenario.id, ref, claim)
        assert "selection_basis" not in text
        assert "legal_authority" not in text


def test_the_emergency_purchasing_page_sets_out_the_policys_law(demo) -> None:
    site, result = demo
    policy = result.project.policy
    text = article(page(site, "emergency-purchasing/"))
    for buyer in policy.buyer_types.values():
        assert f'id="buyer-{buyer.id}"' in text
    for authority in policy.authorities.values():
        block = text[text.index(f'<h3 id="{authority.id}">') :].split("</section>", 1)[0]
        words = html.unescape(block)
        assert authority.citation in words
        if authority.fictional:
            assert "Fictional citation" in block
            assert authority.modeled_on.split(" (")[0] in html.unescape(block)
        else:
            assert f'href="{authority.source_url}" rel="noreferrer"' in block
        for item in authority.waives:
            assert item in words


def test_contacts_are_where_they_belong_and_every_solution_page_links_to_them(demo) -> None:
    """A solution page lists the contacts it has of its own and links to its contracts' desks and
    its vendor's people, which their own pages list once each."""
    site, result = demo
    catalog = result.catalog
    for solution in catalog.solutions.values():
        text = article(page(site, f"solutions/{solution.id}/"))
        start = text.index('<h2 id="contacts">') + 1
        block = text[start:].split("<h2", 1)[0]
        mails = re.findall(r'href="mailto:([^"]+)"', block)
        assert len(mails) == len(set(mails)), solution.id
        for contact in solution.data.get("contacts", []):
            if contact.get("email"):
                assert f'href="mailto:{contact["email"]}"' in block, (solution.id, contact)
        for contract_id in dict.fromkeys(o.contract_id for o in solution.offerings):
            assert f'href="../../contracts/{contract_id}/#contacts"' in block, solution.id
        if solution.vendor_id in catalog.vendors:
            assert f'href="../../vendors/{solution.vendor_id}/#contacts"' in block, solution.id
    for owner_kind, owners in (("contracts", catalog.contracts), ("vendors", catalog.vendors)):
        for owner in owners.values():
            text = article(page(site, f"{owner_kind}/{owner.id}/"))
            block = text[text.index('<h2 id="contacts">') :].split("<h2", 2)[1]
            mails = re.findall(r'href="mailto:([^"]+)"', block)
            assert len(mails) == len(set(mails)), owner.id
            for contact in owner.data.get("contacts", []):
                if contact.get("email"):
                    assert f'href="mailto:{contact["email"]}"' in block, (owner.id, contact)


def test_every_effective_term_is_on_its_contract_page_and_every_override_on_its_solution_page(demo) -> None:
    """The class, not the instance: each contract's page states every one of its terms (label and
    value), and each solution page states every term the solution sets itself, under each of its
    contracts, with the contract's value when it tightens it; the rest is one link away."""
    site, result = demo
    data = site_data(result, build_info(REPO, result.catalog.today))
    for contract in result.catalog.contracts.values():
        table = article(page(site, f"contracts/{contract.id}/"))
        table = table[table.index('id="terms-table"') :].split("</table>", 1)[0]
        words = visible_text(table)
        for group in data.contract_groups(contract.id):
            for row in group.rows:
                assert f"{row.label} {row.value}" in words, (contract.id, row.path)
    checked = 0
    for solution in result.catalog.solutions.values():
        text = article(page(site, f"solutions/{solution.id}/"))
        start = text.index('<h2 id="terms">')
        terms = text[start : text.index("<h2 ", start + 1)]
        for offering in solution.offerings:
            assert f'href="../../contracts/{offering.contract_id}/#terms"' in terms, solution.id
        if not solution.overrides:
            assert 'id="terms-table"' not in terms, solution.id
            assert "sets no terms of its own" in terms, solution.id
            continue
        words = visible_text(terms)
        for offering in solution.offerings:
            for group in data.offering_groups(solution, offering):
                for row in group.rows:
                    if row.source != "this solution":
                        continue
                    assert f"{row.label} {row.value}" in words, (solution.id, row.path)
                    if row.tightened_from is not None:
                        assert f"Tightened contract: {row.tightened_from}" in words, (solution.id, row.path)
        checked += 1
    assert checked >= 10
