"""The compare page's data: a record's facts line up with the labels given once per file, and the
contract's facts (null in the record) come from the contract's file, in the same order; put
together as the page does, every solution of the demo has every fact, in words."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from site_builder.buildinfo import build_info
from site_builder.pipeline import check
from site_builder.render.datafiles import (
    CHUNK,
    COMPARE_DIR,
    FACT_LABELS,
    changed_words,
    compare_record,
    contract_terms_record,
    write_compare_data,
)
from site_builder.render.sitedata import site_data
from site_builder.render.views import flat_terms

from browser.sitekit import catalog_date
from conftest import make_project


def test_records_and_contract_files_give_every_fact_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "demo", demo=True)
    with catalog_date():
        result = check(root)
        data = site_data(result, build_info(root, result.catalog.today))
        contracts = {c.id: contract_terms_record(data, c) for c in result.catalog.contracts.values()}
        checked = 0
        for solution in result.catalog.solutions.values():
            if not solution.offerings:
                continue
            record = compare_record(data, solution)
            theirs = list(contracts[record["contract_id"]]["facts"])
            assert len(record["facts"]) == len(FACT_LABELS)
            assert record["facts"].count(None) == len(theirs), solution.id
            facts = dict(
                zip(FACT_LABELS, [theirs.pop(0) if v is None else v for v in record["facts"]], strict=True)
            )
            assert all(isinstance(words, str) and words for words in facts.values()), (solution.id, facts)
            assert facts["Contract"].startswith(contracts[record["contract_id"]]["number"] + ": ")
            assert not {"id", "name", "contract"} & set(record)
            checked += 1
    assert checked >= 40


def test_the_files_words_give_back_every_record(tmp_path: Path) -> None:
    """What the page reads from a file (positions in its `words`, no key for empty or false) is the
    solution's compare record, word for word, and every file's words are each given once."""
    root = make_project(tmp_path / "demo", demo=True)
    with catalog_date():
        result = check(root)
        data = site_data(result, build_info(root, result.catalog.today))
        write_compare_data(data, tmp_path / "site")
        assert not list((tmp_path / "site").rglob("*.json"))  # gzipped only: the page inflates them
        ids = sorted(result.catalog.solutions)
        checked = 0
        for number in range(0, len(ids), CHUNK):
            path = tmp_path / "site" / COMPARE_DIR / f"{number // CHUNK}.json.gz"
            chunk = json.loads(gzip.decompress(path.read_bytes()))
            words = chunk["words"]
            assert len(words) == len(set(words))
            for solution_id, small in chunk["records"].items():

                def word(at: int | None, words: list[str] = words) -> str | None:
                    return None if at is None else words[at]

                assert compare_record(data, result.catalog.solutions[solution_id]) == {
                    "contract_id": small["contract_id"],
                    "facts": [word(at) for at in small["facts"]],
                    "overrides": [[p, word(v), word(c)] for p, v, c in small.get("overrides", [])],
                    "other_contracts": small.get("other_contracts", []),
                    "waived": small.get("waived", False),
                }
                checked += 1
    assert checked >= 40


def test_changed_words_are_the_rows_of_the_solutions_own_terms_that_differ(tmp_path: Path) -> None:
    """Every offering of every solution of the demo: what the compare record lists as changed is
    each row of the terms its page shows (SiteData.offering_groups, flattened) whose words differ
    from the contract's, in the same order."""
    root = make_project(tmp_path / "demo", demo=True)
    with catalog_date():
        result = check(root)
        data = site_data(result, build_info(root, result.catalog.today))
        changed = 0
        for solution in result.catalog.solutions.values():
            for offering in solution.offerings:
                baseline = data.contract_flat(offering.contract_id)
                shown = flat_terms(data.offering_groups(solution, offering))
                expected = {path: words for path, words in shown.items() if baseline.get(path) != words}
                found = changed_words(data, solution, offering, baseline)
                assert list(found.items()) == list(expected.items()), (solution.id, offering.contract_id)
                changed += bool(found)
    assert changed >= 5
