"""annotator.camel.morphology: analyses, their order, clitic pieces aligned to code points.

Runs camel-tools' real MorphologyDB, Analyzer, MorphologicalTokenizer (and MLEDisambiguator)
on tests/data/morphology/tiny.db, a hand-written database in camel-tools' plain-text format:
the proclitics و ب ال (and لل, وال, بال, وبال), the suffixes ين (plural, dual) and ه, and the
stems مدني, حكومة (حكومت before a suffix) and بين (a preposition and a verb, with different
probabilities). The real database is checked when camel_data installed it (skipped otherwise).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from annotator.camel import config, morphology
from annotator.camel.morphology import Analysis, Morphology, Piece, align
from annotator.errors import InputError, UsageError
from annotator.text import tokenize

TINY = Path(__file__).parent / "data" / "morphology" / "tiny.db"


@pytest.fixture(scope="module")
def tiny() -> Morphology:
    return Morphology.open(TINY)


def _covers(word: str, pieces: list[Piece]) -> None:
    assert pieces[0].start == 0
    assert pieces[-1].end == len(word)
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert before.end == after.start
    assert all(p.start < p.end for p in pieces)


def _spans(word: str, pieces: list[Piece]) -> list[tuple[str, str]]:
    """(form, the word's characters it covers) for each piece."""
    return [(p.form, word[p.start : p.end]) for p in pieces]


# --- analyses ------------------------------------------------------------------------------


def test_analyses_of_a_word_with_three_proclitics_and_a_suffix(tiny):
    analyses = tiny.analyses("وبالمدنيين")
    assert len(analyses) == 2  # plural and dual: the same letters
    assert all(isinstance(a, Analysis) for a in analyses)
    assert {a.gloss for a in analyses} == {
        "and+by+the+civilian+[masc.pl.]",
        "and+by+the+civilian+[masc.du.]",
    }
    first = analyses[0]
    assert first.lemma == "مَدَنِيّ"  # camel-tools strips the lemma's "_1"
    assert first.pos == "adj"
    assert first.prefixes == ("wa_conj", "bi_prep", "Al_det")
    assert first.suffixes == ()
    assert first.bw.startswith("وَ/CONJ+بِ/PREP+ال/DET+مَدَنِيّ/ADJ+")


def test_analyses_name_the_enclitic(tiny):
    (analysis,) = tiny.analyses("حكومته")
    assert analysis.suffixes == ("3ms_poss",)
    assert analysis.prefixes == ()
    assert analysis.lemma == "حُكُومَة"
    assert analysis.gloss == "government+his/its"


def test_unknown_and_blank_words_have_no_analyses(tiny):
    assert tiny.analyses("كتاب") == []
    assert tiny.analyses("") == []
    assert tiny.analyses("  ") == []


def test_a_diacritized_word_is_analyzed_like_its_letters(tiny):
    assert tiny.analyses("وَبِالْمَدَنِيِّينَ") == tiny.analyses("وبالمدنيين")


def test_without_a_model_the_more_probable_analysis_comes_first(tiny):
    assert tiny.mle_model is None
    assert [a.pos for a in tiny.analyses("بين")] == ["prep", "verb"]  # -1.2 before -3.4


def test_the_order_follows_the_probabilities_not_the_file(tmp_path):
    swapped = tmp_path / "morphology.db"
    text = TINY.read_text(encoding="utf-8")
    assert "pos_lex_logprob:-1.2" in text
    swapped.write_text(text.replace("pos_lex_logprob:-1.2", "pos_lex_logprob:-5.0"), "utf-8")
    assert [a.pos for a in Morphology.open(swapped).analyses("بين")] == ["verb", "prep"]


def _verb_model() -> dict:
    verb = {"pos": "verb", "diac": "بَيَّنَ", "lex": "بَيَّن_1", "bw": "بَيَّنَ/PV"}
    return {"بين": verb}


def test_the_mle_model_in_camel_data_layout_ranks_first(tmp_path):
    database = tmp_path / "data" / "morphology_db" / "tiny-r1" / "morphology.db"
    model = tmp_path / "data" / "disambig_mle" / "tiny-r1" / "model.json"
    database.parent.mkdir(parents=True)
    model.parent.mkdir(parents=True)
    shutil.copy(TINY, database)
    model.write_text(json.dumps(_verb_model(), ensure_ascii=False), encoding="utf-8")
    found = Morphology.open(database)
    assert found.mle_model == model
    assert [a.pos for a in found.analyses("بين")] == ["verb", "prep"]
    # a word the model lacks: the database's probabilities (camel-tools' MLE fallback)
    assert [a.pos for a in found.analyses("وبين")] == ["prep", "verb"]


def test_a_model_json_beside_the_database_is_used(tmp_path):
    shutil.copy(TINY, tmp_path / "tiny.db")
    (tmp_path / "model.json").write_text(json.dumps(_verb_model()), encoding="utf-8")
    found = Morphology.open(tmp_path / "tiny.db")
    assert found.mle_model == tmp_path / "model.json"
    assert found.analyses("بين")[0].pos == "verb"


def test_a_damaged_model_is_an_input_error_naming_it(tmp_path):
    shutil.copy(TINY, tmp_path / "tiny.db")
    (tmp_path / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Morphology.open(tmp_path / "tiny.db")
    assert caught.value.path == str(tmp_path / "model.json")


def _without_bw(folder: Path) -> Path:
    """tiny.db without the bw feature (no DEFINE, not in ORDER, on no entry)."""
    text = re.sub(r" bw:\S*", "", TINY.read_text(encoding="utf-8"))
    text = text.replace("DEFINE bw\n", "").replace(" bw ", " ")
    assert "bw" not in text
    (folder / "tiny.db").write_text(text, encoding="utf-8")
    return folder / "tiny.db"


def test_a_database_without_bw_ranks_without_a_model(tmp_path):
    found = Morphology.open(_without_bw(tmp_path))
    assert [a.pos for a in found.analyses("بين")] == ["prep", "verb"]
    assert [p.form for p in found.pieces("وبين")] == ["و+", "بين"]


def test_a_database_without_bw_is_refused_with_an_mle_model(tmp_path):
    database = _without_bw(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps(_verb_model()), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Morphology.open(database)
    assert caught.value.path == str(database)
    assert (
        caught.value.line
        == database.read_text(encoding="utf-8")
        .splitlines()
        .index(
            next(
                line
                for line in database.read_text(encoding="utf-8").splitlines()
                if line.startswith("ORDER ")
            )
        )
        + 1
    )
    assert "bw" in caught.value.message and "model.json" in caught.value.message


@pytest.mark.parametrize("feature", ["diac", "lex", "bw"])
@pytest.mark.parametrize("empty", [False, True])
def test_a_model_entry_without_diac_lex_or_bw_is_refused_naming_it(tmp_path, feature, empty):
    shutil.copy(TINY, tmp_path / "tiny.db")
    model = _verb_model()
    model["حكومة"] = {"pos": "noun", "diac": "حُكُومَة", "lex": "حُكُومَة_1", "bw": "حُكُومَة/NOUN"}
    if empty:
        model["بين"][feature] = ""
    else:
        del model["بين"][feature]
    lines = json.dumps(model, ensure_ascii=False, indent=1)
    (tmp_path / "model.json").write_text(lines, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Morphology.open(tmp_path / "tiny.db")
    assert caught.value.path == str(tmp_path / "model.json")
    assert "بين" in caught.value.message and feature in caught.value.message
    assert caught.value.line == lines.splitlines().index(' "بين": {') + 1


def test_a_model_that_is_not_an_object_of_entries_is_refused(tmp_path):
    shutil.copy(TINY, tmp_path / "tiny.db")
    (tmp_path / "model.json").write_text(json.dumps({"بين": "verb"}), encoding="utf-8")
    with pytest.raises(InputError, match="بين"):
        Morphology.open(tmp_path / "tiny.db")
    (tmp_path / "model.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="object"):
        Morphology.open(tmp_path / "tiny.db")


# --- pieces --------------------------------------------------------------------------------


def test_d3tok_splits_every_clitic(tiny):
    word = "وبالمدنيين"
    pieces = tiny.pieces(word)
    _covers(word, pieces)
    assert _spans(word, pieces) == [("و+", "و"), ("ب+", "ب"), ("ال+", "ال"), ("مدنيين", "مدنيين")]


def test_atbtok_keeps_the_article_on_its_word(tiny):
    word = "وبالمدنيين"
    assert _spans(word, tiny.pieces(word, "atbtok")) == [
        ("و+", "و"),
        ("ب+", "ب"),
        ("المدنيين", "المدنيين"),
    ]


def test_the_restored_alef_of_the_article_after_li(tiny):
    word = "للحكومة"  # li + al + hukuma: the article's alef is not written
    pieces = tiny.pieces(word)
    assert pieces == [Piece(0, 1, "ل+"), Piece(1, 2, "ال+"), Piece(2, 7, "حكومة")]
    assert _spans(word, tiny.pieces(word, "atbtok")) == [("ل+", "ل"), ("الحكومة", "لحكومة")]


def test_the_restored_ta_marbuta_before_a_suffix(tiny):
    word = "حكومته"
    assert tiny.pieces(word) == [Piece(0, 5, "حكومة"), Piece(5, 6, "+ه")]


def test_diacritics_and_tatweel_stay_with_their_letter(tiny):
    word = "وَبِالْمَدَنِيِّينَ"
    pieces = tiny.pieces(word)
    _covers(word, pieces)
    assert _spans(word, pieces) == [
        ("و+", "وَ"),
        ("ب+", "بِ"),
        ("ال+", "الْ"),
        ("مدنيين", "مَدَنِيِّينَ"),
    ]
    stretched = "وبالمـدنيين"
    assert _spans(stretched, tiny.pieces(stretched))[-1] == ("مدنيين", "مـدنيين")


def test_unsplit_and_unknown_words_are_one_piece(tiny):
    for word in ("مدني", "كتاب", "بين", "3", "،", "Reuters"):
        assert tiny.pieces(word) == [Piece(0, len(word), word)]
    diacritized = "مَدَنِيّ"  # the word itself, not the dediacritized form the tokenizer gives
    assert tiny.pieces(diacritized) == [Piece(0, len(diacritized), diacritized)]


def test_an_unknown_scheme_is_refused(tiny):
    with pytest.raises(UsageError, match="bwtok"):
        tiny.pieces("وبالمدنيين", "bwtok")
    with pytest.raises(UsageError, match="bwtok"):
        tiny.segment("", "bwtok")


@pytest.mark.parametrize(
    ("word", "forms", "expected"),
    [
        # the article's alef restored after li
        ("للحكومة", ["ل+", "ال+", "حكومة"], [(0, 1), (1, 2), (2, 7)]),
        # ta marbuta restored before a suffix
        ("حكومتها", ["حكومة", "+ها"], [(0, 5), (5, 7)]),
        # hamza written by the tokenizer, not in the word
        ("واكد", ["و+", "أكد"], [(0, 1), (1, 4)]),
        # alef maqsura restored before a suffix (مبنى + ه)
        ("مبناه", ["مبنى", "+ه"], [(0, 4), (4, 5)]),
        # a diacritic on the last letter of a clitic belongs to it
        ("وَكتب", ["و+", "كتب"], [(0, 2), (2, 5)]),
        # a format character (ZWNJ) inside the stem
        ("وكت\u200cب", ["و+", "كتب"], [(0, 1), (1, 5)]),
    ],
)
def test_align_tricky_cases(word, forms, expected):
    pieces = align(word, forms)
    _covers(word, pieces)
    assert [(p.start, p.end) for p in pieces] == expected
    assert [p.form for p in pieces] == forms


@pytest.mark.parametrize(
    ("word", "forms", "expected"),
    [
        # li + Allah: the tokenizer writes the lam of ل+ and the alef and both lams of الله;
        # the word has two lams, one for each piece
        ("لله", ["ل+", "الله"], [("ل+", "ل"), ("الله", "له")]),
        ("للّه", ["ل+", "الله"], [("ل+", "ل"), ("الله", "لّه")]),
        ("ولله", ["و+", "ل+", "الله"], [("و+", "و"), ("ل+", "ل"), ("الله", "له")]),
        ("فلله", ["ف+", "ل+", "الله"], [("ف+", "ف"), ("ل+", "ل"), ("الله", "له")]),
        # li + al + a stem beginning with lam: three lams written as two
        (
            "للبنانيين",
            ["ل+", "ال+", "لبنانيين"],
            [("ل+", "ل"), ("ال+", "ل"), ("لبنانيين", "بنانيين")],
        ),
        ("لليل", ["ل+", "ال+", "ليل"], [("ل+", "ل"), ("ال+", "ل"), ("ليل", "يل")]),
        ("للأمم", ["ل+", "ال+", "أمم"], [("ل+", "ل"), ("ال+", "ل"), ("أمم", "أمم")]),
    ],
)
def test_align_gives_every_piece_a_letter_when_it_can(word, forms, expected):
    pieces = align(word, forms)
    _covers(word, pieces)
    assert _spans(word, pieces) == expected


def test_a_piece_matching_nothing_is_joined_to_its_neighbour():
    # the middle piece's only letter is absent from the word: joined to the next piece
    assert align("وكتب", ["و+", "ه+", "كتب"]) == [Piece(0, 1, "و+"), Piece(1, 4, "ه+_كتب")]
    # a last piece matching nothing joins the one before; one piece left: the word whole
    assert align("كتب", ["كتب", "+ه"]) == [Piece(0, 3, "كتب")]
    assert align("وكتب", ["و+", "كتب", "+ه"]) == [Piece(0, 1, "و+"), Piece(1, 4, "كتب_+ه")]


def test_align_always_covers_the_word():
    cases = [
        ("ابب", ["ب+", "ب+", "ا"]),
        ("x", ["و+", "ال+", "y"]),
        ("وبالـمـدنيين", ["و+", "ب+", "ال+", "مدنيين"]),
        ("فسيكتبونها", ["ف+", "س+", "يكتبون", "+ها"]),
        ("لل", ["ل+", "ال+", "ل"]),
    ]
    for word, forms in cases:
        _covers(word, align(word, forms))


# --- segment -------------------------------------------------------------------------------


def test_segment_offsets_are_exact_in_the_text(tiny):
    text = "قال للحكومة:  وبالمدنيين.\nحكومته بين 3، والمدنيين"
    pieces = tiny.segment(text)
    for piece in pieces:
        assert text[piece.start : piece.end].strip() == text[piece.start : piece.end] != ""
    # the pieces of each token cover it exactly
    for token in tokenize(text):
        inside = [p for p in pieces if token.start <= p.start < token.end]
        assert inside[0].start == token.start and inside[-1].end == token.end
        assert "".join(text[p.start : p.end] for p in inside) == token.text
    got = [(text[p.start : p.end], p.form) for p in pieces]
    assert got == [
        ("قال", "قال"),
        ("ل", "ل+"),
        ("ل", "ال+"),
        ("حكومة", "حكومة"),
        (":", ":"),
        ("و", "و+"),
        ("ب", "ب+"),
        ("ال", "ال+"),
        ("مدنيين", "مدنيين"),
        (".", "."),
        ("حكومت", "حكومة"),
        ("ه", "+ه"),
        ("بين", "بين"),
        ("3", "3"),
        ("،", "،"),
        ("و", "و+"),
        ("ال", "ال+"),
        ("مدنيين", "مدنيين"),
    ]


def test_segment_of_an_empty_text(tiny):
    assert tiny.segment("") == []
    assert tiny.segment(" \n ") == []


# --- opening -------------------------------------------------------------------------------


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as caught:
        Morphology.open(tmp_path / "nowhere.db")
    assert caught.value.path == str(tmp_path / "nowhere.db")
    with pytest.raises(InputError, match="folder"):
        Morphology.open(tmp_path)


def test_a_text_file_that_is_not_a_database_names_file_and_line(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("###DEFINES###\nDEFINE pos pos:noun\nhello world\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Morphology.open(bad)
    assert caught.value.path == str(bad)
    assert caught.value.line == 3
    assert "hello world" in caught.value.message


@pytest.mark.parametrize(
    "content",
    [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", b"SQLite format 3\x00\xff\xfe\x00"],
)
def test_empty_and_binary_files_are_input_errors(tmp_path, content):
    bad = tmp_path / "morphology.db"
    bad.write_bytes(content)
    with pytest.raises(InputError) as caught:
        Morphology.open(bad)
    assert caught.value.path == str(bad)
    assert "morphology database" in caught.value.message


def test_a_broken_section_names_its_line(tmp_path):
    text = TINY.read_text(encoding="utf-8").split("\n")
    stems = text.index("###STEMS###")
    text[stems + 2] = "حكومه N-ap"  # a stem line without its tab-separated fields
    bad = tmp_path / "morphology.db"
    bad.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Morphology.open(bad)
    assert caught.value.line == stems + 3


def test_a_prefix_category_without_compatibility_lines_combines_with_nothing(tmp_path):
    text = TINY.read_text(encoding="utf-8").split("\n")
    odd = tmp_path / "morphology.db"
    odd.write_text("\n".join(line for line in text if not line.startswith("Pref-LiAl ")), "utf-8")
    opened = Morphology.open(odd)  # camel-tools' analyzer alone raises KeyError on «للحكومة»
    assert opened.analyses("للحكومة") == []
    assert opened.pieces("للحكومة") == [Piece(0, 7, "للحكومة")]
    assert len(opened.analyses("وبالمدنيين")) == 2


def test_a_stem_without_its_diacritized_form_names_its_line(tmp_path):
    text = TINY.read_text(encoding="utf-8").split("\n")
    stems = text.index("###STEMS###")
    assert text[stems + 1].startswith("مدني\t")
    text[stems + 1] = text[stems + 1].replace("diac:مَدَنِيّ ", "")
    bad = tmp_path / "morphology.db"
    bad.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(InputError, match="diac") as caught:
        Morphology.open(bad)
    assert caught.value.line == stems + 2


def test_load_opens_the_configured_database_once(monkeypatch):
    monkeypatch.setattr(config, "installed_data_dirs", lambda: [])
    assert morphology.load(config.ToolsConfig()) is None
    chosen = config.ToolsConfig(morphology_db=str(TINY))
    first = morphology.load(chosen)
    assert isinstance(first, Morphology)
    assert morphology.load(chosen) is first
    config.save_config(chosen)
    assert morphology.load() is first
    assert morphology.load() is first  # the saved choices unchanged: not read again


def test_load_follows_a_changed_choice(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "installed_data_dirs", lambda: [])
    config.save_config(config.ToolsConfig(morphology_db=str(TINY)))
    first = morphology.load()
    assert first is not None and first.path == TINY
    other = tmp_path / "another-folder" / "morphology.db"
    other.parent.mkdir()
    shutil.copy(TINY, other)
    config.save_config(config.ToolsConfig(morphology_db=str(other)))
    second = morphology.load()
    assert second is not None and second.path == other
    config.save_config(config.ToolsConfig())
    assert morphology.load() is None


# --- the real database ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Morphology:
    path = config.morphology_db(config.ToolsConfig())
    if path is None:
        pytest.skip(
            "the real morphology database is not installed "
            "(camel_data -i morphology-db-msa-r13 installs it)"
        )
    return Morphology.open(path)


def test_real_database_splits_the_clitics(real):
    word = "وبالمدنيين"
    assert _spans(word, real.pieces(word)) == [
        ("و+", "و"),
        ("ب+", "ب"),
        ("ال+", "ال"),
        ("مدنيين", "مدنيين"),
    ]
    assert [p.form for p in real.pieces(word, "atbtok")] == ["و+", "ب+", "المدنيين"]


def test_real_database_restores_letters_and_aligns(real):
    assert _spans("للحكومة", real.pieces("للحكومة")) == [
        ("ل+", "ل"),
        ("ال+", "ل"),
        ("حكومة", "حكومة"),
    ]
    pieces = real.pieces("حكومته")
    assert _spans("حكومته", pieces) == [("حكومة", "حكومت"), ("+ه", "ه")]


def test_real_database_analyses(real):
    analyses = real.analyses("وبالمدنيين")
    assert analyses
    assert analyses[0].prefixes[:2] == ("wa_conj", "bi_prep")
    assert [a.pos for a in real.analyses("Reuters")] == ["foreign"]
    text = "قال المتحدث للحكومة إن الضحايا من المدنيين."
    for piece in real.segment(text):
        assert text[piece.start : piece.end]
