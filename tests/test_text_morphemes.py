"""The morpheme snapping rule (`annotator.text.morphemes`), Qt-free."""

from __future__ import annotations

from annotator.text import tokenize
from annotator.text.morphemes import morpheme_bounds, snap_to_morphemes

TEXT = "قتل وبالمدنيين أمس"
WORD = TEXT.index("وبالمدنيين")
# D3 tokenization of «وبالمدنيين»: و+ ب+ ال+ مدنيين (offsets in the text)
PIECES = [(WORD, WORD + 1), (WORD + 1, WORD + 2), (WORD + 2, WORD + 4), (WORD + 4, WORD + 10)]


def tokens():
    return [(t.start, t.end) for t in tokenize(TEXT)]


def test_tokens_are_cut_at_the_pieces_edges_and_others_stay_whole():
    assert morpheme_bounds(tokens(), PIECES) == [
        (0, 3),
        (WORD, WORD + 1),
        (WORD + 1, WORD + 2),
        (WORD + 2, WORD + 4),
        (WORD + 4, WORD + 10),
        (WORD + 11, WORD + 14),
    ]


def test_a_selection_over_the_article_and_noun_gives_al_plus_noun():
    start = TEXT.index("المدنيين")
    assert snap_to_morphemes(tokens(), PIECES, start, start + 8) == (WORD + 2, WORD + 10)


def test_a_selection_inside_a_piece_widens_to_that_piece_only():
    assert snap_to_morphemes(tokens(), PIECES, WORD + 6, WORD + 8) == (WORD + 4, WORD + 10)
    assert snap_to_morphemes(tokens(), PIECES, WORD + 1, WORD + 3) == (WORD + 1, WORD + 4)


def test_a_selection_reaching_other_tokens_takes_them_whole():
    assert snap_to_morphemes(tokens(), PIECES, 1, WORD + 1) == (0, WORD + 1)
    assert snap_to_morphemes(tokens(), PIECES, WORD + 5, WORD + 12) == (WORD + 4, WORD + 14)


def test_edges_outside_a_token_or_on_its_ends_cut_nothing():
    stray = [(0, 3), (WORD - 1, WORD + 4), (WORD + 4, WORD + 11)]
    assert morpheme_bounds(tokens(), stray) == [
        (0, 3),
        (WORD, WORD + 4),
        (WORD + 4, WORD + 10),
        (WORD + 11, WORD + 14),
    ]


def test_whitespace_alone_snaps_to_nothing():
    assert snap_to_morphemes(tokens(), PIECES, 3, 4) is None
