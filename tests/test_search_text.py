"""Words are split, folded and stemmed the same way when the index is built (Python) and when a
query is typed (the site's script, run under Node): on every word of the demo catalog, the
product names of the shared data set, and words chosen for their spelling."""

from __future__ import annotations

import re
import unicodedata

import pytest

from site_builder.render.porter import stem
from site_builder.render.searchindex import ALPHABET, _encode_one, decode, encode
from site_builder.render.searchtext import (
    RULES,
    SPELLING,
    SPELLING_RULES,
    STOPWORDS,
    fold,
    spell,
    term_set,
    terms,
    words,
)

from browser.searchjs import run
from conftest import REPO

NAMES = REPO.parent / "shared" / "data" / "landscape-items.tsv"

_CHOSEN = """
backups backup translator translation translations tidewater tidwater sattelite satellite
licence license licences licenced licensing centre center centres centred theatre fibre litre
colour colours coloured behaviour behaviours labourer neighbourhood harbour organisation
organisations organise organised organising organization analyse analysed analysing catalogue
catalogued catalogues dialogue programme programmes travelled travelling modelling labelled
cancelled enrolment enrol fulfil fulfilment skilful paediatric haemorrhage anaesthesia
leukaemia oesophagus oestrogen defence offence practise grey tyre aluminium judgement
acknowledgement ageing artefact enquiry whilst amongst rise wise precise raise exercise caresses
ponies ties caress cats feed agreed plastered motoring sing conflated troubled sized hopping
tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci
hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization
predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti
sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival
allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment
dependent adoption homologou communism activate angulariti homologous effective bowdlerize
probate rate cease controll roll ransomware société lumière naïve façade über straße
agency's o'brien’s mdr edr fedramp soc2 iso27001 27001 2 pt68840 y yy yes eye by sky
"""
CHOSEN = _CHOSEN.split()


def _word_list() -> list[str]:
    found = set(CHOSEN)
    for path in sorted((REPO / "catalog").rglob("*.yaml")):
        found.update(words(path.read_text(encoding="utf-8")))
    if NAMES.is_file():
        for line in NAMES.read_text(encoding="utf-8").splitlines()[:3000]:
            found.update(words(line))
    return sorted(found)


def test_python_and_the_script_fold_every_word_alike() -> None:
    vocabulary = _word_list()
    assert len(vocabulary) > 2000
    script = run(
        "const folder = new S.Folder(data.rules);result = data.words.map((w) => folder.fold(w));",
        {"rules": RULES, "words": vocabulary},
    )
    mismatched = [(w, fold(w), js) for w, js in zip(vocabulary, script, strict=True) if fold(w) != js]
    assert mismatched == []


def test_python_and_the_script_split_text_alike() -> None:
    texts = [
        path.read_text(encoding="utf-8") for path in sorted((REPO / "catalog" / "solutions").glob("*.yaml"))
    ]
    texts += ["Société Lumière Numérique — O’Brien's SD-WAN (24/7), ISO/IEC 27001; NPPC-CY-2024-017"]
    script = run("result = data.map((t) => S.words(t));", texts)
    assert script == [words(t) for t in texts]


def _every_rule_in_turn(word: str) -> str:
    word = SPELLING.get(word, word)
    for pattern, replacement in SPELLING_RULES:
        word = re.sub(pattern, re.sub(r"\$(\d)", r"\\\1", replacement), word)
    return word


def test_spelling_skips_only_words_no_rule_changes() -> None:
    """`spell` passes a word no rule's pattern matches straight through; every word of the list
    still comes out as the rules applied one by one make it, and every rule changes one of them."""
    vocabulary = _word_list()
    vocabulary += [f"{word}{ending}" for word in CHOSEN for ending in ("s", "ed", "ing", "er", "ation")]
    assert [spell(word) for word in vocabulary] == [_every_rule_in_turn(word) for word in vocabulary]
    for pattern, _ in SPELLING_RULES:
        assert any(re.search(pattern, word) and spell(word) != word for word in vocabulary), pattern


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("backups", "backup"),
        ("translator", "translation"),
        ("licence", "license"),
        ("centre", "center"),
        ("centres", "centers"),
        ("colour", "color"),
        ("organisation", "organization"),
        ("catalogue", "catalog"),
        ("programme", "program"),
        ("analysing", "analyzing"),
        ("modelling", "modeling"),
        ("enrolment", "enrollment"),
        ("paediatric", "pediatric"),
        ("defence", "defense"),
        ("Société", "societe"),
        ("recovering", "recovery"),
    ],
)
def test_spellings_and_inflections_fold_together(one: str, other: str) -> None:
    assert fold(words(one)[0]) == fold(words(other)[0])


@pytest.mark.parametrize(("one", "other"), [("edr", "fedramp"), ("soc", "societe"), ("center", "cent")])
def test_different_words_stay_apart(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_porter_examples_from_the_paper() -> None:
    examples = {
        "caresses": "caress",
        "ponies": "poni",
        "agreed": "agre",
        "hopping": "hop",
        "filing": "file",
        "relational": "relat",
        "digitizer": "digit",
        "operator": "oper",
        "generalization": "gener",
        "electrical": "electr",
        "adoption": "adopt",
        "controll": "control",
    }
    assert {w: stem(w) for w in examples} == examples


def test_codes_give_their_parts_and_joined_forms() -> None:
    found = terms("SOC 2 Type 2, ISO/IEC 27001, contract PT68840", numbers=True)
    assert {"soc", "soc2", "2", "iec27001", "27001", "pt68840", "68840"} <= set(found)
    assert "the" not in terms("the backup of the data")


def test_numbers_of_up_to_three_digits_are_looked_up_as_written_digit_by_digit() -> None:
    small = list(range(1 << 15))
    assert encode(small) == "".join(_encode_one(value) for value in small)
    assert decode(encode(small)) == small


def test_posting_numbers_round_trip() -> None:
    values = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 10**9]
    text = encode(values)
    assert decode(text) == values
    assert re.fullmatch(r"[0-9A-Za-z_-]+", text)
    script = run(
        "const e = new S.Engine({terms: [], postings: [], weights: [1], alphabet: data.alphabet,"
        " fold: data.rules}, 0); result = e.numbers(data.text);",
        {"alphabet": ALPHABET, "rules": RULES, "text": text},
    )
    assert script == values


# Text that takes each way through `words` and `terms`: plain ASCII, accents, curly and straight
# apostrophes, characters whose lower case or decomposition is ASCII (Kelvin sign, black-letter H,
# dotted I, ligature), other scripts, underscores, codes and numbers after words and stopwords.
_AWKWARD = [
    "Plain ASCII backups, SD-WAN 24/7 and ISO/IEC 27001",
    "Société Lumière — O’Brien's naïve façade",
    "\u212a\u212b \u210c\u0130 \ufb01le \u2460 x\u00b2 snake_case_name",
    "数据 平台 Данные и Ω",
    "SOC 2 Type 2; contract PT68840 of the 3 and 4 the 5; FedRAMP\n2024 PT-68840",
    "",
    "'’ ’'",
    "The agency’s O’Brien (curly apostrophes only)",
]


def _words_as_defined(text: str) -> list[str]:
    """`words` as its docstring defines it, without the shortcuts it takes for speed."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = re.sub("[\u0300-\u036f]", "", text)
    return re.findall(r"[^\W_]+", re.sub("['\u2019]", "", text))


def _terms_as_defined(text: str) -> list[str]:
    """`terms(text, numbers=True)` as its docstring defines it, word by word."""
    plain = _words_as_defined(text)
    found = []
    for index, word in enumerate(plain):
        if word in STOPWORDS:
            continue
        found.append(fold(word))
        runs = re.findall("[0-9]+", word)
        if runs and runs[0] != word:
            found += runs
        following = plain[index + 1] if index + 1 < len(plain) else ""
        if re.fullmatch("[a-z]+", word) and following[:1].isdigit():
            found.append(word + following)
    return found


@pytest.mark.parametrize("text", _AWKWARD)
def test_words_and_terms_take_no_shortcut_that_changes_them(text: str) -> None:
    assert words(text) == _words_as_defined(text)
    assert terms(text, numbers=True) == _terms_as_defined(text)
    assert term_set(text) == {fold(w) for w in _words_as_defined(text) if w not in STOPWORDS}
    assert term_set(text, numbers=True) == set(_terms_as_defined(text))


def test_every_catalog_text_splits_as_defined() -> None:
    for path in sorted((REPO / "catalog").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert words(text) == _words_as_defined(text), path
        assert terms(text, numbers=True) == _terms_as_defined(text), path
