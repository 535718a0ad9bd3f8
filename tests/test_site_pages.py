"""Pages beyond the entries: waivers on a solution, the rules and coverage pages, expiry, the
scenario's determination, paged lists, and the preview subset; built with the real mkdocs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import build_site
from site_builder.buildinfo import build_info
from site_builder.pipeline import check
from site_builder.render import PageSpec, site_data
from site_builder.render.datafiles import build_index
from site_builder.render.markup import environment
from site_builder.rules import RULES

from browser.sitekit import article, built_site, catalog_date, page, visible_text
from conftest import make_project

pytestmark = pytest.mark.slow

WAIVERS = """waivers:
  - entry: solutions/acme-case-manager
    rule: insurance-minimum
    approver: Chief Procurement Officer (test)
    reason: Insurer market for high-tier cyber cover is thin
    granted: "2026-01-15"
    expires: "2027-01-15"
  - entry: solutions/acme-case-manager
    rule: security-credential
    approver: Chief Procurement Officer (test)
    reason: FedRAMP High authorization in progress
    granted: "2026-01-15"
    expires: "2027-01-15"
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("good"))


def test_waived_findings_are_shown_on_the_solution(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    solution = root / "catalog" / "solutions" / "acme-case-manager.yaml"
    solution.write_text(
        solution.read_text("utf-8").replace("risk_tier: moderate", "risk_tier: high"), "utf-8"
    )
    policy = root / "schema" / "terms-policy.yaml"
    policy.write_text(policy.read_text("utf-8").replace("waivers: []\n", WAIVERS), "utf-8")
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 0
    words = visible_text(article(page(tmp_path / "site", "solutions/acme-case-manager/")))
    assert "Waived findings." in words
    assert "insurance-minimum on Insurance: cyber and privacy liability, per claim" in words
    assert "the policy requires at least $10M for a high-risk solution" in words
    assert "Approved by Chief Procurement Officer (test) until 2027-01-15" in words
    assert "Waivers in force" in visible_text(article(page(tmp_path / "site", "rules/")))


def test_rules_page_documents_every_rule_at_its_policy_level(site: Path) -> None:
    text = article(page(site, "rules/"))
    for rule_id, rule in RULES.items():
        assert f'<dt id="{rule_id}"><code>{rule_id}</code>' in text, rule_id
        entry = text[text.index(f'<dt id="{rule_id}">') :].split("</dd>", 1)[0]
        assert visible_text(rule.passing) in visible_text(entry), rule_id  # the PASS example too
    words = visible_text(text)
    assert "Reads: Data protection: confirmed breach notice." in words
    assert "accessibility-report warning" in words  # the fixture's policy makes it a warning
    assert "Minimum carrier rating (A.M. Best) A- VII" in words
    assert "Commercial general liability, per occurrence $1M" in words


def test_coverage_page_counts_the_solutions_stating_each_term(site: Path) -> None:
    words = visible_text(article(page(site, "terms/")))
    assert "Stated for 3 of 3 solutions." in words
    # acme-case-manager tightens the 72 h notice to 24 h; the two others keep 72 h
    assert re.search(r"Confirmed breach notice 3 72 h \(2\); 24 h \(1\) breach-notification", words), words
    # each term says which rules read it under this policy, or that none does
    assert re.search(r"Data ownership 3 purchaser \(3\) data-ownership", words), words
    assert "not checked by the policy" in words


def test_expiring_page_lists_what_needs_attention(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    contract = root / "catalog" / "contracts" / "umbrella-software.yaml"
    contract.write_text(
        contract.read_text("utf-8").replace('end: "2029-01-31"', 'end: "2027-01-20"'), "utf-8"
    )
    contract.write_text(
        contract.read_text("utf-8").replace('decision_by: "2028-08-01"', 'decision_by: "2026-12-15"'), "utf-8"
    )
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 0
    words = visible_text(article(page(tmp_path / "site", "expiring/")))
    assert "PM-0001 IT Umbrella Contract, Software and Cloud 2027-01-20 Expiring in 56 days" in words
    assert (
        "2026-12-15 PM-0001: IT Umbrella Contract, Software and Cloud Renewal decision (60 months)" in words
    )


def test_scenario_determinations_are_written_from_the_data_per_buyer_type(site: Path) -> None:
    text = article(page(site, "scenarios/ransomware-agency/"))
    start = text.index('id="determination-state_agency-state_agency_emergency"')
    state = visible_text(text[start : text.index('id="determinations-local_government"')])
    assert "Written determination of emergency: Ransomware encrypts an agency's case files" in state
    assert "Test Finance Law §1 (fictional): Emergency purchase by a state agency" in state
    assert (
        "Acme Case Manager from Acme Gov Systems, Inc., lot 3 of IT Umbrella Contract, Software and "
        "Cloud, under contract PM-0001, in force" in state
    )
    assert "Other pre-negotiated terms: liability capped at" in state
    assert "emergency orders up to $500,000 (the contract's emergency ceiling)" in state
    assert "for at most 90 days (the law)" in state
    # what the solution meets is the checked value (its override's 24 h), never a free-text claim
    assert "confirmed breach notice: 24 h (at most 72 h required)" in state
    assert "lead time from order to service: 48 h (at most 48 h required)" in state
    assert "The contract, to The comptroller, within 15 days" in state
    assert "follows its own state procurement procedures (2 CFR 200.317)" in state
    assert "buy it competitively (request for proposals or quotes), starting by day 60" in state
    local = visible_text(text[text.index('id="determination-local_government-local_government_emergency"') :])
    assert "Test Municipal Law §3 (fictional)" in local
    assert "must meet the federal procurement standards of 2 CFR 200.318-200.327" in local
    assert "2 CFR 200.320(c)(3)" in local
    assert 'id="determinations-school_district"' not in text  # the scenario does not cover it
    assert 'src="../../assets/catalog/scenario.js"' in text
    assert 'src="../../assets/catalog/buyer.js"' in text


def test_long_lists_are_paged_and_every_page_links_its_entries(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "catalog" / "solutions"
    source = (folder / "blue-river-training.yaml").read_text("utf-8")
    for number in range(120):
        new_id = f"training-{number:03d}"
        (folder / f"{new_id}.yaml").write_text(source.replace("blue-river-training", new_id), "utf-8")
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 0
    site = tmp_path / "site"
    ids = sorted(p.stem for p in folder.glob("*.yaml"))
    linked = set()
    for url in ("solutions/", "solutions/page/2/"):
        linked |= set(re.findall(r'href="(?:\.\./)*solutions/([a-z0-9-]+)/"', article(page(site, url))))
    assert sorted(linked - {"page"}) == ids
    assert 'href="../../../solutions/page/2/"' in page(site, "solutions/page/2/") or "aria-current" in page(
        site, "solutions/page/2/"
    )
    assert (site / "categories" / "training" / "page" / "2" / "index.html").is_file()


@pytest.mark.parametrize("count", [1, 2, 7, 8, 200])
def test_every_page_of_a_long_list_is_reached_by_plain_links_from_the_first(count: int) -> None:
    """The pager shows the first, the last and the pages near the current one: following its
    links from page 1 reaches every page, and no page lists every other one."""
    pager = environment().get_template("_macros.html.j2").module.pager  # type: ignore[attr-defined]
    paths = [(n, "solutions/" if n == 1 else f"solutions/page/{n}/") for n in range(1, count + 1)]
    number_of = {path: n for n, path in paths}
    seen, todo = {1}, [1]
    while todo:
        current = todo.pop()
        spec = PageSpec("solutions/index.md", "Solutions", "browse.html.j2", number=current, pages=count)
        html = str(pager("../", spec, paths))
        links = re.findall(r'href="\.\./([^"]+)"', html)
        assert len(links) <= 7, (current, links)
        assert ('aria-current="page"' in html) == (count > 1)
        for path in links:
            if number_of[path] not in seen:
                seen.add(number_of[path])
                todo.append(number_of[path])
    assert seen == set(range(1, count + 1))


def test_preview_limit_keeps_what_the_first_solutions_need(project: Path) -> None:
    result = check(project)
    data = site_data(result, build_info(project, result.catalog.today), limit=1)
    assert sorted(data.catalog.solutions) == ["acme-case-manager"]
    assert sorted(data.catalog.vendors) == ["acme-gov"]
    assert sorted(data.catalog.contracts) == ["umbrella-software"]
    assert sorted(data.catalog.scenarios) == ["ransomware-agency"]


def test_search_index_is_a_plain_function_and_deterministic(project: Path) -> None:
    result = check(project)
    data = site_data(result, build_info(project, result.catalog.today))
    first, second = (
        build_index(data),
        build_index(site_data(result, build_info(project, result.catalog.today))),
    )
    assert first == second
    assert first["facet_order"][0] == "category"
    statuses = first["facets"]["status"]
    assert [statuses["values"][i] for i in first["columns"]["status"]] == ["active", "active", "active"]
    emergency = first["facets"]["emergency"]
    assert [emergency["values"][i] for i in first["columns"]["emergency"]] == ["yes", "no", "no"]


def test_docs_page_clashing_with_a_generated_one_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "project")
    (root / "docs" / "solutions").mkdir()
    shutil.copy(root / "docs" / "about.md", root / "docs" / "solutions" / "index.md")
    with catalog_date():
        assert build_site(root, tmp_path / "site", strict=True) == 1
    err = capsys.readouterr().err
    assert "docs/solutions/index.md would hide the generated page /solutions/; rename it" in err
    assert "the site was not built" in err
    assert not (tmp_path / "site").exists()
