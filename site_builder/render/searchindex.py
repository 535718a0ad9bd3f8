"""The search part of the solutions index: an inverted index of folded terms with the fields each
term occurs in, published in shards by a term's first character and fetched for the words typed.

Each solution's text is split into fields of falling weight (name, vendor, keywords, summary,
description; see `FIELDS`). Every distinct term (see searchtext.py) gets one posting list: the
solutions holding it, grouped by the bit mask of fields it occurs in, each group written as
`mask, count, row gaps…` in base-32 digits with a 64-letter alphabet (a letter from the upper half
means "more digits follow"). Terms are sorted, so the browser finds every term starting with
what was typed by binary search.

In a large catalog, a term found in the descriptions of more than a tenth of the solutions (and
of more than `COMMON_AT_LEAST`) tells them apart no better than "the": its description
occurrences are left out, saving a third of the index at 20,000 solutions, and it is listed in
`common`, so a query word standing only for such terms narrows nothing. Its occurrences in the
other fields are kept and still rank.

The whole index is 4 MB compressed at 50,000 solutions, too much to fetch before the first result.
`split_search` cuts it by the first character of each term (see `shard_key`): every term a query
word can stand for (the word itself, words it begins, stems it runs past, and one typo, which
search.js never forgives in the first letter) starts with the same character as the folded word,
so the page fetches one shard per distinct first character typed, and a shard holds exactly the
terms the unsplit index holds there. The facets and rows stay in the index file itself.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from ..credentials import Standing, standings
from ..model import Solution
from .labels import label
from .searchtext import RULES, term_set
from .sitedata import SiteData

# (field, weight): the ranking weighs a match by the heaviest field it is in, plus a little for
# every other field it is in too.
FIELDS: tuple[tuple[str, int], ...] = (
    ("name", 16),
    ("vendor", 8),
    ("keywords", 4),
    ("summary", 2),
    ("description", 1),
)
COMMON_AT_LEAST = 500
# A link's address in Markdown is no word of the text (validation allows no other markup that hides text).
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
SHARD_DIR = "search/"  # beside the index file
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvwxyzWXYZ-_"
_BITS = 5


def _encode_one(value: int) -> str:
    digits = []
    while True:
        digits.append(value & 31)
        value >>= _BITS
        if not value:
            break
    return "".join(ALPHABET[digits[p] + (32 if p else 0)] for p in range(len(digits) - 1, -1, -1))


def _small_numbers() -> list[str]:
    """`_encode_one` of every number below 32**3, built digit by digit (32,768 calls of it were
    30 ms of every build's start)."""
    last, more = ALPHABET[:32], ALPHABET[32:]
    two = [more[high] + low for high in range(1, 32) for low in last]
    tails = [more[middle] + low for middle in range(32) for low in last]
    three = [more[high] + tail for high in range(1, 32) for tail in tails]
    return [*last, *two, *three]


_SMALL = _small_numbers()  # up to three digits, looked up


def encode(values: Iterable[int]) -> str:
    """Non-negative integers as base-32 digits, most significant first; a digit from the upper
    half of ALPHABET means another digit of the same number follows."""
    small, limit = _SMALL, len(_SMALL)
    return "".join(small[value] if value < limit else _encode_one(value) for value in values)


def decode(text: str) -> list[int]:
    values, current = [], 0
    for char in text:
        digit = ALPHABET.index(char)
        current = (current << _BITS) | (digit & 31)
        if digit < 32:
            values.append(current)
            current = 0
    return values


def field_texts(
    data: SiteData, solution: Solution, current: Sequence[Standing] | None = None
) -> tuple[tuple[str, bool], ...]:
    """(text, holds codes) for each of FIELDS, in order; `current` are the solution's credentials
    that have not lapsed, when the caller has them already."""
    catalog = data.catalog
    vendor = catalog.vendors.get(solution.vendor_id)
    contracts = [catalog.contracts[o.contract_id] for o in solution.offerings]
    keywords = [
        *[str(tag) for tag in solution.data.get("tags", [])],
        label("category", solution.category),
        # Current credentials only, as the credential facet has them.
        *[
            f"{s.name} {s.type} {s.data.get('package_id') or s.data.get('certificate_number') or ''}"
            for s in (current if current is not None else current_standings(data, solution))
        ],
        *[f"{c.number} {c.award_citation}" for c in contracts],
    ]
    description = solution.data.get("description")
    return (
        (solution.name, False),
        (f"{vendor.name} {vendor.data.get('legal_name', '')}" if vendor else solution.vendor_id, False),
        (" \n ".join(keywords), True),
        (str(solution.data.get("summary", "")), False),
        (_LINK_TARGET.sub("]", str(description)) if description else "", False),
    )


def current_standings(data: SiteData, solution: Solution) -> list[Standing]:
    """The solution's credentials that have not lapsed: what the credential facet and search list."""
    return [s for s in standings(solution, data.policy, data.as_of) if not s.lapsed]


def search_section(
    data: SiteData, solutions: Sequence[Solution], current: Sequence[Sequence[Standing]] | None = None
) -> dict[str, Any]:
    """`current`, when given, are each solution's current credentials (`current_standings`)."""
    # Per term, the rows holding it grouped by the mask of fields they hold it in: rows come in
    # order, so each group's rows are sorted as they are appended. Rows are kept as 32-bit
    # numbers: at 50,000 solutions there are millions of postings, which as Python ints in lists
    # took hundreds of megabytes. Most of a solution's terms are in its description only: those
    # are found with set operations, and only the few in other fields have their mask worked out
    # term by term.
    postings: dict[str, dict[int, array[int]]] = {}
    described_only: dict[str, array[int]] = {}  # the group of rows holding a term in the description only
    description = 1 << (len(FIELDS) - 1)
    for row, solution in enumerate(solutions):
        texts = field_texts(data, solution, current[row] if current is not None else None)
        *heads, described = [term_set(text, numbers=codes) for text, codes in texts]
        masks: dict[str, int] = {}
        for bit, held in enumerate(heads):
            flag = 1 << bit
            for term in held:
                masks[term] = masks.get(term, 0) | flag
        for term in described.intersection(masks):
            masks[term] |= description
        for term in described.difference(masks):
            rows = described_only.get(term)
            if rows is None:
                described_only[term] = array("I", (row,))
            else:
                rows.append(row)
        for term, mask in masks.items():
            groups = postings.get(term)
            if groups is None:
                postings[term] = {mask: array("I", (row,))}
            else:
                found = groups.get(mask)
                if found is None:
                    groups[mask] = array("I", (row,))
                else:
                    found.append(row)
    for term, rows in described_only.items():
        postings.setdefault(term, {})[description] = rows
    del described_only
    limit = max(COMMON_AT_LEAST, len(solutions) // 10)
    vocabulary = sorted(postings)
    lists, common = [], []
    for number, term in enumerate(vocabulary):
        groups = postings[term]
        if sum(len(rows) for mask, rows in groups.items() if mask & description) > limit:
            common.append(number)
            merged: dict[int, list[int]] = {}
            for mask, rows in groups.items():
                if mask & ~description:
                    merged.setdefault(mask & ~description, []).extend(rows)
            groups = {mask: array("I", sorted(rows)) for mask, rows in merged.items()}
        values = []
        for mask, rows in sorted(groups.items()):
            values += [mask, len(rows)]
            values += [row - previous for previous, row in zip([-1, *rows], rows, strict=False)]
        lists.append(encode(values))
    return {
        "fields": [name for name, _ in FIELDS],
        "weights": [weight for _, weight in FIELDS],
        "alphabet": ALPHABET,
        "fold": RULES,
        "terms": vocabulary,
        "postings": lists,
        "common": common,
    }


def shard_key(term: str) -> str:
    """The shard a term is published in: its first character when that is a plain letter or
    digit (the file names stay plain), else "_" for the few that start otherwise."""
    first = term[0]
    return first if "a" <= first <= "z" or "0" <= first <= "9" else "_"


def split_search(section: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The section without its terms (for the index file) and the shards it names, by key: each
    shard's terms in order, their postings, and which of them are common (by place in the shard)."""
    common = set(section["common"])
    shards: dict[str, dict[str, Any]] = {}
    for number, (term, posting) in enumerate(zip(section["terms"], section["postings"], strict=True)):
        shard = shards.setdefault(shard_key(term), {"terms": [], "postings": [], "common": []})
        if number in common:
            shard["common"].append(len(shard["terms"]))
        shard["terms"].append(term)
        shard["postings"].append(posting)
    head = {key: value for key, value in section.items() if key not in ("terms", "postings", "common")}
    head["shards"] = {"path": SHARD_DIR, "keys": sorted(shards)}
    return head, shards
