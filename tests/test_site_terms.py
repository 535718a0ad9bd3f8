"""The site's "Tightened" labels come from the terms engine: a term the contract leaves unstated
is judged by what silence means, on the real built page of the demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import build_site

from browser.sitekit import article, catalog_date, page, visible_text
from conftest import make_project

pytestmark = pytest.mark.slow


SIGNED = """instruments:
  - id: rider-9
    type: rider
    title: Rider 9
    date: "2026-02-01"
    url: https://procurement.example/rider-9.pdf
    signatories: [{name: Marisol Vega, role: Chief Procurement Officer, party: purchaser}]
    covers: [escrow]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("tightened")
    root = make_project(tmp / "demo", demo=True)
    for name, value in (
        ("alder-finch-accessibility-remediation", "true"),
        ("alder-finch-cloud-skills-training", "false"),
    ):
        path = root / "catalog" / "solutions" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert "terms_overrides" not in text
        path.write_text(
            text
            + f"terms_overrides:\n  escrow:\n    source_code_escrow: {value}\n"
            + SIGNED,  # the demo policy requires every override to be signed
            encoding="utf-8",
        )
    with catalog_date():
        assert build_site(root, tmp / "site", strict=True) == 0
    return tmp / "site"


def test_a_protection_the_contract_leaves_unstated_is_tightened_when_granted(site: Path) -> None:
    words = visible_text(article(page(site, "solutions/alder-finch-accessibility-remediation/")))
    assert "Source code in escrow yes Tightened contract: not stated (not granted)" in words


def test_restating_what_silence_means_is_not_tightening(site: Path) -> None:
    words = visible_text(article(page(site, "solutions/alder-finch-cloud-skills-training/")))
    assert "Source code in escrow no" in words
    assert "Source code in escrow no Tightened" not in words
