"""The contribute form in headless Chromium: filled in as a vendor would, the file it makes passes
`catalog validate` in a copy of the demo; every published entry, loaded into the form and written
back unchanged, is the same data; errors are listed and announced; it fits a phone; without
JavaScript it says what to do instead; axe finds nothing serious."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from site_builder import yamlsafe

from browser.harness import PageWatch, axe_source, chromium, run_axe, serve
from browser.sitekit import built_site
from conftest import REPO, make_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_FILE_PAGE = "https://code.example.gov/procurement/it-catalog/new/main"  # from the demo's mkdocs.yml


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_site(tmp_path_factory.mktemp("demo"), demo=True)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def open_form(browser: Any, url: str, kind: str, width: int = 1280) -> tuple[Any, Any, PageWatch]:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    watch = PageWatch(page, url)
    page.goto(f"{url}contribute/{kind}/")
    page.wait_for_function("() => !document.getElementById('contribute').hidden")
    return context, page, watch


def group(page: Any, path: str) -> Any:
    return page.locator(f'fieldset[data-path="{path}"]')


def add_item(page: Any, path: str) -> Any:
    """Press the list's "Add …" button; the new item."""
    group(page, path).locator(":scope > [data-add]").click()
    return group(page, path).locator(":scope > [data-items] > [data-item]").last


def made_file(page: Any) -> str:
    page.locator("#contribute-form button[type=submit]").click()
    assert page.locator("#contribute-errors").is_hidden(), page.locator("#contribute-errors").inner_text()
    page.locator("#contribute-result").wait_for(state="visible")
    return str(page.locator("#contribute-yaml").input_value())


def test_a_vendor_fills_in_a_new_solution_and_it_validates(
    browser: Any, demo: str, tmp_path: Path, run_cli: Any
) -> None:
    context, page, watch = open_form(browser, demo, "solution")
    page.get_by_label("Id (required)", exact=True).first.fill("northwind-records")
    page.get_by_label("Name (required)", exact=True).first.fill("Northwind Records: case files & scans")
    page.get_by_label("Vendor (required)", exact=True).first.fill("harborline-data-systems")
    page.locator("[data-path='offered_under[].contract'] input").fill("harborline-it-umbrella")
    page.get_by_label("Summary (required)", exact=True).first.fill(
        'Records "management" for agencies: #1 choice'
    )
    page.get_by_label("Category (required)", exact=True).first.select_option("saas")
    page.get_by_label("Deployment model (required)", exact=True).first.select_option("government_cloud")
    page.get_by_label("Max classification (required)", exact=True).first.select_option("internal")
    page.get_by_label("Risk tier (required)", exact=True).first.select_option("moderate")

    # What the terms policy asks for these choices is shown beside the fields it concerns.
    page.wait_for_function("() => document.getElementById('contribute-needs').textContent.includes('asks')")
    assert (
        "Accessibility Conformance Report"
        in group(page, "accessibility").locator(".cat-policy").first.inner_text()
    )
    cyber = page.locator(
        "[data-policy-for='terms_overrides.insurance.coverages.cyber_privacy_liability.per_claim']"
    )
    assert "harborline-it-umbrella" in cyber.inner_text()
    assert "$5M" in cyber.inner_text()

    authorization = add_item(page, "authorizations")
    authorization.get_by_label("Program (required)").select_option("fedramp")
    authorization.get_by_label("Level (required)").select_option("moderate")
    authorization.get_by_label("Status (required)").select_option("authorized")
    authorization.get_by_label("Authorized", exact=True).fill("2026-03-02")
    authorization.get_by_label("Last continuous monitoring").fill("2026-11-02")
    authorization.get_by_label("Description (required)").fill("FedRAMP Marketplace listing")
    accessibility = group(page, "accessibility")
    accessibility.get_by_label("Standard (required)").select_option("WCAG 2.2 AA")
    accessibility.get_by_label("Report date (required)").fill("2026-05-01")
    accessibility.get_by_label("Conformance (required)").select_option("supports")
    page.locator("#c-terms-overrides-insurance-coverages-cyber-privacy-liability-per-claim").fill("5000000")
    # The policy's provenance: who approved the solution, and the signed rider behind the override.
    approval = group(page, "catalog_approval")
    approval.get_by_text("Fill in: Catalog approval").click()
    approval.get_by_label("Approver role (required)").fill("Chief Information Security Officer")
    approval.get_by_label("Date (required)").fill("2026-11-03")
    approval.get_by_label("Security review (required)").fill("SR-2026-112")
    instrument = add_item(page, "instruments")
    instrument.get_by_label("Id (required)").fill("rider-7")
    instrument.get_by_label("Type (required)").select_option("rider")
    instrument.get_by_label("Title (required)").fill("Rider 7")
    instrument.get_by_label("Date (required)").fill("2026-11-01")
    instrument.get_by_label("Url (required)").fill("https://procurement.example/riders/7.pdf")
    signatory = add_item(page, "instruments[].signatories")
    signatory.get_by_label("Name (required)").fill("Dana Ruiz")
    signatory.get_by_label("Role (required)").fill("Chief Procurement Officer")
    signatory.get_by_label("Party (required)").select_option("purchaser")
    add_item(page, "instruments[].covers").locator("input").fill("insurance")

    text = made_file(page)
    link = page.locator("#contribute-open").get_attribute("href")
    address = urlparse(link)
    assert f"{address.scheme}://{address.netloc}{address.path}" == NEW_FILE_PAGE
    query = parse_qs(address.query)
    assert query["filename"] == ["catalog/solutions/northwind-records.yaml"]
    assert query["value"] == [text]

    project = make_project(tmp_path / "demo", demo=True)
    path = project / "catalog/solutions/northwind-records.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("-C", project, "validate", path)
    assert result.exit_code == 0, text + result.output
    assert "No problems in 1 file." in result.output, text + result.output
    data, _ = yamlsafe.load(text, "made")
    assert data["name"] == "Northwind Records: case files & scans"
    assert data["summary"] == 'Records "management" for agencies: #1 choice'
    assert data["terms_overrides"] == {
        "insurance": {"coverages": {"cyber_privacy_liability": {"per_claim": 5000000}}}
    }
    context.close()
    assert watch.errors == []
    assert watch.foreign == []


@pytest.mark.parametrize("kinds", ["vendors", "vehicles", "contracts", "solutions", "scenarios"])
def test_every_published_entry_comes_back_unchanged(browser: Any, demo: str, kinds: str) -> None:
    """Loaded into the form and written back with no change, each entry of the demo is the same
    data as its file: no field of the schemas is lost or altered on the way."""
    kind = kinds[:-1]
    context, page, watch = open_form(browser, demo, kind)
    for path in sorted((REPO / "catalog" / kinds).glob("*.yaml")):
        page.get_by_label("Its id (the file name without .yaml)").fill(path.stem)
        page.get_by_role("button", name="Fill in the form with it").click()
        page.wait_for_function(
            "(id) => document.getElementById('contribute-load-hint').textContent.includes(id)", arg=path.stem
        )
        text = made_file(page)
        made, problems = yamlsafe.load(text, "made")
        assert problems == []
        original, _ = yamlsafe.load(path.read_text(encoding="utf-8"), str(path))
        assert made == original, path.name
        link = page.locator("#contribute-open")
        assert link.get_attribute("href").endswith(f"/edit/main/catalog/{kinds}/{path.name}")
        assert "cannot be filled in from a link" in page.locator("#contribute-next").inner_text()
    context.close()
    assert watch.errors == []
    assert watch.foreign == []


def test_errors_are_listed_announced_and_lead_to_their_field(browser: Any, demo: str) -> None:
    context, page, _ = open_form(browser, demo, "vendor")
    page.get_by_label("Id (required)", exact=True).first.fill("Not An Id")
    page.locator("#contribute-form button[type=submit]").press("Enter")
    errors = page.locator("#contribute-errors")
    assert errors.is_visible()
    assert errors.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.id") == "contribute-errors"
    listed = errors.inner_text()
    assert "Id:" in listed
    assert "Name:" in listed
    errors.get_by_role("link", name="Id:", exact=False).first.click()
    assert page.evaluate("() => document.activeElement.id") == "c-id"
    assert page.locator("#contribute-result").is_hidden()
    context.close()


def test_the_form_fits_a_phone_and_axe_finds_nothing_serious(browser: Any, demo: str) -> None:
    for kind in ("solution", "contract"):
        context, page, _ = open_form(browser, demo, kind, width=390)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert run_axe(page, axe_source()) == []
        context.close()


def test_without_javascript_it_says_what_to_do_instead(browser: Any, demo: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo}contribute/solution/")
    assert page.locator("#contribute").is_hidden()
    text = page.locator("article").inner_text()
    assert "This form needs JavaScript" in text
    assert "repository's web editor" in text
    page.get_by_role("link", name="See how").click()
    assert "On your own computer, with git" in page.locator("article").inner_text()
    context.close()
