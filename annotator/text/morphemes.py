"""Selections snapped to morphemes: the rule of the article view's morpheme snapping mode.

Token snapping (`annotator.text.tokens.snap`) widens a selection to whole tokens. The morpheme
mode widens it to whole pieces of a morphological tokenization instead (camel-tools' D3
tokenization through `annotator.camel.morphology`: «وبالمدنيين» -> و+ ب+ ال+ مدنيين), so that a
selection over «المدنيين» inside «وبالمدنيين» becomes the span of ال+مدنيين, without the
conjunction and the preposition. Tokens without pieces snap whole, as in token snapping.
Offsets are code points, end-exclusive.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.text.tokens import Token, snap

__all__ = ["morpheme_bounds", "snap_to_morphemes"]

Bounds = tuple[int, int]


def morpheme_bounds(
    tokens: Sequence[Bounds | Token], pieces: Sequence[Sequence[int]]
) -> list[Bounds]:
    """The tokens (sorted ``(start, end, ...)``) cut at every edge of a piece inside them.

    ``pieces`` are ``(start, end, ...)`` in the same text (``Piece`` rows or pairs), in any
    order; an edge outside a token or on its ends cuts nothing, so pieces that do not cover a
    token exactly (letters restored by convention, already aligned to code points) still give
    sorted, non-overlapping units covering each token whole.
    """
    edges = sorted({edge for piece in pieces for edge in (piece[0], piece[1])})
    units: list[Bounds] = []
    for token in tokens:
        start, end = token[0], token[1]
        cut = start
        for edge in edges:
            if start < edge < end and edge > cut:
                units.append((cut, edge))
                cut = edge
        units.append((cut, end))
    return units


def snap_to_morphemes(
    tokens: Sequence[Bounds | Token],
    pieces: Sequence[Sequence[int]],
    start: int,
    end: int,
) -> Bounds | None:
    """``[start, end)`` widened to whole morphemes: every unit of `morpheme_bounds` it
    overlaps, even partly. None when it overlaps none (only whitespace, or ``start >= end``)."""
    return snap(morpheme_bounds(tokens, pieces), start, end, "expand")
