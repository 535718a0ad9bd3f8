"""A credential's details and the entry pages' badges and external links, written in Python,
say exactly what the templates' markup said.

`credentials.details` replaced an if-chain of the solution page's credentials table, and the
`badge` and `external` filters replaced macros; each is checked against that template text (kept
here as the reference) for every credential type, with and without each optional field, for
every status, and for hostile text, which must come out escaped.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from site_builder.credentials import details
from site_builder.model import Status, Validity
from site_builder.policy.credential_classes import AGREEMENTS, ATTESTATION_TYPES
from site_builder.render.markup import environment
from site_builder.render.snippets import badge, external

# The solution page's "Details" cell before it moved to Python.
_DETAILS_TEMPLATE = (
    '{% if kind == "authorization" %}{% if x.get("package_id") %}package {{ x.package_id }}; {% endif %}'
    '{% if x.get("sponsor") %}sponsor {{ x.sponsor }}; {% endif %}{% if x.get("assessor") %}assessed by '
    '{{ x.assessor }}; {% endif %}{% if x.get("authorized") %}status since {{ x.authorized }}; {% endif %}'
    'last continuous monitoring {{ x.get("last_continuous_monitoring", "not recorded") }}'
    '{% elif x.type == "soc2_type2" %}period {{ x.period_start }} to {{ x.period_end }}; auditor {{ x.auditor }}'
    '{% elif x.type == "iso27001" %}issued {{ x.issued }}{% if x.get("certificate_number") %}, certificate '
    "{{ x.certificate_number }}{% endif %}; {{ x.certification_body }}"
    '{% elif x.type == "pci_dss_aoc" %}attested {{ x.assessed }} by {{ x.auditor }}'
    '{% else %}signed {{ x.signed }} by {{ x.parties|join(" and ") }}{% endif %}'
)
_BADGE_TEMPLATE = '<span class="cat-b-{{ validity.status.value }}">{{ validity.label[:1]|upper ~ validity.label[1:] }}</span>'
_EXTERNAL_TEMPLATE = (
    '{% if url is https %}<a href="{{ url }}" rel="noreferrer">{{ text }}</a>{% else %}{{ text }}{% endif %}'
)

_HOSTILE = "<script>alert(\"x\")</script> & 'quoted'"


def _reference() -> Environment:
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.tests["https"] = lambda value: isinstance(value, str) and value.startswith("https://")
    return env


def _authorizations() -> list[dict[str, Any]]:
    optional = {
        "package_id": "F1234567890",
        "sponsor": "Department of Examples",
        "assessor": _HOSTILE,
        "authorized": "2024-05-01",
        "last_continuous_monitoring": "2026-10-01",
    }
    found = []
    for present in itertools.product((False, True), repeat=len(optional)):
        item: dict[str, Any] = {"program": "fedramp", "level": "moderate", "status": "authorized"}
        item.update(
            {key: value for (key, value), keep in zip(optional.items(), present, strict=True) if keep}
        )
        found.append(item)
    found.append({"program": "govramp", "level": "high", "status": "authorized", "package_id": ""})
    return found


def _attestations() -> list[dict[str, Any]]:
    evidence = {"description": "Report", "url": "https://example.org/r.pdf"}
    found: list[dict[str, Any]] = [
        {"type": "soc2_type2", "period_start": "2025-01-01", "period_end": "2025-12-31", "auditor": _HOSTILE},
        {"type": "iso27001", "issued": "2024-02-02", "expires": "2027-02-01", "certification_body": "BSI"},
        {
            "type": "iso27001",
            "issued": "2024-02-02",
            "expires": "2027-02-01",
            "certification_body": "BSI & Co",
            "certificate_number": "IS 123",
        },
        {"type": "pci_dss_aoc", "assessed": "2025-06-30", "auditor": "QSA Ltd"},
    ]
    for kind in sorted(AGREEMENTS):
        found.append({"type": kind, "signed": "2025-03-03", "parties": ["The State", _HOSTILE]})
        found.append({"type": kind, "signed": "2025-03-03", "parties": ["Only one"], "expires": "2028-01-01"})
    for item in found:
        item["evidence"] = evidence
    return found


def test_every_attestation_type_is_covered() -> None:
    assert {item["type"] for item in _attestations()} == set(ATTESTATION_TYPES)


@pytest.mark.parametrize(
    ("kind", "item"),
    [("authorization", item) for item in _authorizations()]
    + [("attestation", item) for item in _attestations()],
)
def test_details_say_what_the_template_said(kind: str, item: dict[str, Any]) -> None:
    expected = _reference().from_string(_DETAILS_TEMPLATE).render(kind=kind, x=item)
    assert environment().from_string("{{ text }}").render(text=details(kind, item)) == expected


def test_details_words() -> None:
    assert details("authorization", {"package_id": "P1", "sponsor": "", "authorized": "2024-01-01"}) == (
        "package P1; status since 2024-01-01; last continuous monitoring not recorded"
    )
    assert details("attestation", {"type": "hipaa_baa", "signed": "2025-01-01", "parties": ["A", "B"]}) == (
        "signed 2025-01-01 by A and B"
    )


_VALIDITIES = [Validity(status, days) for status in Status for days in (-30, -1, 0, 1, 2, 45, 400)]


@pytest.mark.parametrize("validity", _VALIDITIES, ids=str)
def test_badge_is_the_macro_s_markup(validity: Validity) -> None:
    expected = _reference().from_string(_BADGE_TEMPLATE).render(validity=validity)
    assert badge(validity) == expected
    assert isinstance(badge(validity), Markup)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://example.org/a?b=1&c=2", "A & B"),
        ('https://example.org/"onmouseover=alert(1)', _HOSTILE),
        ("http://example.org/", "plain http is no link"),
        ("javascript:alert(1)", _HOSTILE),
        (None, "no address"),
        ("", 12),
        ("https://example.org/", date(2026, 1, 2)),
    ],
)
def test_external_is_the_macro_s_markup(url: Any, text: Any) -> None:
    expected = _reference().from_string(_EXTERNAL_TEMPLATE).render(url=url, text=text)
    assert external(url, text) == expected
    assert "<script>" not in external(url, text)


# The solution page's `lots` macro before it moved to Python.
_LOTS_TEMPLATE = (
    '{% if words and items %}{{ "lots " if items|length > 1 else "lot " }}{% endif %}{% for lot, name in items %}'
    "{{ lot }}{% if name %} ({{ name }}){% endif %}{% if not loop.last %}, {% endif %}"
    '{% else %}{{ "all lots" if words else "all" }}{% endfor %}'
)


@pytest.mark.parametrize(
    "items",
    [
        [],
        [("1", "Software")],
        [("2", "")],
        [("1", "Software"), ("2", "")],
        [("1", "A & B"), ("2", "<Services>"), ("10", "Cloud")],
    ],
)
@pytest.mark.parametrize("words", [True, False])
def test_lot_words_are_the_macro_s(items: list[tuple[str, str]], words: bool) -> None:
    expected = _reference().from_string(_LOTS_TEMPLATE).render(items=items, words=words)
    shown = environment().from_string("{{ items|lot_words(words) }}").render(items=items, words=words)
    assert shown == expected
