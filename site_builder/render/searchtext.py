"""Words as the search compares them: split, folded and stemmed the same way when the index is
built (here) and when a query is typed (assets/search.js).

The spelling rules travel inside the search index (`RULES`), so the browser applies exactly the
table the index was built with; the two small engines that apply them (this module and the
script) are kept equal by a test that feeds both the same words. Stemming is M. F. Porter's
1980 algorithm ("An algorithm for suffix stripping", Program 14(3)): plurals and common suffixes
fold ("backups" -> "backup", "translator" and "translation" -> "translat"), with one step added
after the paper's five: "-ery" nouns join their verbs ("recovery", "recover" -> "recov").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from .porter import stem

# British spellings as one word each -> the American spelling (applied before the rules below).
SPELLING = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "pretence": "pretense",
    "practise": "practice",
    "practised": "practiced",
    "practises": "practices",
    "practising": "practicing",
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "cheque": "check",
    "cheques": "checks",
    "kerb": "curb",
    "mould": "mold",
    "moulds": "molds",
    "plough": "plow",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "draught": "draft",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "ageing": "aging",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "enquiry": "inquiry",
    "enquiries": "inquiries",
    "enquire": "inquire",
    "whilst": "while",
    "amongst": "among",
    "learnt": "learned",
    "storey": "story",
    "storeys": "stories",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "gaol": "jail",
    "pyjamas": "pajamas",
    "cosy": "cozy",
    "jewellery": "jewelry",
    "aeroplane": "airplane",
    "aeroplanes": "airplanes",
}

# Regular differences, as (pattern, replacement) over a whole word. Patterns use only what Python's
# `re` and JavaScript's RegExp read alike; "$1" in a replacement is the first group.
SPELLING_RULES: tuple[tuple[str, str], ...] = (
    # colour -> color, behaviours -> behaviors, labourer -> laborer
    (
        (
            "^(colo|favo|hono|labo|neighbo|harbo|rumo|humo|flavo|vapo|armo|savo|endeavo|odo|rigo|vigo|parlo"
            "|behavio|clamo|glamo|splendo|tumo)ur(s|ed|ing|ful|ite|ites|able|ably|er|ers|less|hood|hoods|ly)?$"
        ),
        "$1r$2",
    ),
    # centre -> center, centres -> centers, centred -> centered, fibre, litre, metre, theatre
    ("^(cent|met|lit|fib|theat|calib|sab|somb|spect|lust|meag|sepulch)re(s?)$", "$1er$2"),
    ("^(cent|met|lit|fib|theat|calib|sab|somb|spect|lust|meag|sepulch)r(ed|ing)$", "$1er$2"),
    # organise -> organize, organisation -> organization (short words such as "rise" are left)
    ("^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations|ational)$", "$1iz$2"),
    # analyse -> analyze, paralysed -> paralyzed
    ("^(anal|paral|catal|dial|electrol|hydrol)ys(e|es|ed|ing|er|ers)$", "$1yz$2"),
    # catalogue -> catalog, catalogued -> cataloged
    ("^(catalog|dialog|analog|prolog|epilog|monolog)ue(s?)$", "$1$2"),
    ("^(catalog|dialog|analog|prolog|epilog|monolog)u(ed|ing|er|ers)$", "$1$2"),
    # programme -> program
    ("^(program|kilogram|gram)me(s?)$", "$1$2"),
    # travelled -> traveled, modelling -> modeling
    (
        (
            "^(travel|model|label|cancel|fuel|counsel|signal|level|channel|tunnel|dial|total|equal|marshal"
            "|jewel|panel|shovel|quarrel|funnel|pedal|libel|rival|medal|parcel|barrel)l(ed|ing|er|ers|or|ors)$"
        ),
        "$1$2",
    ),
    # enrolment -> enrollment, fulfil -> fulfill, skilful -> skillful
    ("^(enrol|fulfil|instal|distil|instil)(s|ment|ments)?$", "$1l$2"),
    ("^(skil|wil)ful(ly)?$", "$1lful$2"),
    # paediatric -> pediatric, haemorrhage -> hemorrhage, anaesthesia -> anesthesia, leukaemia
    ("^(.*)paed(.*)$", "$1ped$2"),
    ("^(.*)haem(.*)$", "$1hem$2"),
    ("^(.*)anaes(.*)$", "$1anes$2"),
    ("^(.*)aemia$", "$1emia"),
    ("^oes(oph|trogen)(.*)$", "es$1$2"),
)

# Words too common to tell solutions apart; never indexed, and dropped from a query of several words.
_STOPWORDS = "a an and are as at be by for from in into is its of on or our that the their this to with your"
STOPWORDS = frozenset(_STOPWORDS.split())

_COMPILED = tuple((re.compile(pattern), re.sub(r"\$(\d)", r"\\\1", repl)) for pattern, repl in SPELLING_RULES)
# Any rule's pattern: a rule changes only a word its pattern matches, so a word none of them
# matches comes out of the rules as it went in, and most words are spared sixteen substitutions
# (a vocabulary of tens of thousands of words is folded in every build).
_ANY_RULE = re.compile("|".join(f"(?:{pattern})" for pattern, _ in SPELLING_RULES))
_MARKS = re.compile("[\u0300-\u036f]")
_APOSTROPHES = re.compile("['\u2019]")
_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile("[A-Za-z0-9]+")  # _WORD over ASCII text, without its Unicode lookups
_LATIN = re.compile("^[a-z]+$")
_DIGITS = re.compile("[0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words and numbers, accents dropped ("Société" -> "societe"), apostrophes joined."""
    text = text.lower()
    if not text.isascii():  # NFKD leaves ASCII as it is: most text skips the costly part
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    if "'" in text or "\u2019" in text:
        text = _APOSTROPHES.sub("", text)
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def spell(word: str) -> str:
    """The American spelling of a British one; any other word unchanged."""
    word = SPELLING.get(word, word)
    if not _ANY_RULE.search(word):
        return word
    for pattern, replacement in _COMPILED:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """One word (from `words`) as it is indexed and looked up: spelling, then Porter's stem."""
    if not _LATIN.match(word):
        return word  # numbers, codes and other scripts are compared as written
    return stem(spell(word))


def terms(text: str, *, numbers: bool = False) -> list[str]:
    """The folded terms of a text, stopwords left out. With `numbers`, a code that mixes letters
    and digits ("PT68840") also gives its digit runs ("68840"), and a word followed by a number
    ("SOC 2") also gives both joined ("soc2")."""
    plain = words(text)
    if not numbers:
        return [fold(word) for word in plain if word not in STOPWORDS]
    found: list[str] = []
    last = len(plain) - 1
    for index, word in enumerate(plain):
        if word in STOPWORDS:
            continue
        own, latin = _code_terms(word)
        found += own
        if latin and index < last and plain[index + 1][:1].isdigit():
            found.append(word + plain[index + 1])
    return found


@lru_cache(maxsize=65536)
def _code_terms(word: str) -> tuple[tuple[str, ...], bool]:
    """A word's own terms where codes count (itself folded, and its digit runs when it mixes
    letters and digits), and whether it is a Latin word (which a number after it joins)."""
    runs = _DIGITS.findall(word)
    own = (fold(word), *runs) if runs and runs[0] != word else (fold(word),)
    return own, bool(_LATIN.match(word))


def term_set(text: str, *, numbers: bool = False) -> set[str]:
    """The distinct terms of `terms(text)`: each distinct word is folded once (the index's case)."""
    if numbers:
        return set(terms(text, numbers=True))
    return set(map(fold, set(words(text)) - STOPWORDS))


RULES: dict[str, Any] = {
    "spelling": SPELLING,
    "rules": [list(rule) for rule in SPELLING_RULES],
    "stopwords": sorted(STOPWORDS),
}
