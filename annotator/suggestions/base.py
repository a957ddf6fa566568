"""What every recommender is: one interface, the proposals it makes, the data it learns from.

A recommender (one module each under `annotator.suggestions`) learns from documents a teacher
annotated (`train`) and proposes spans on another document (`suggest`). Proposals are not
annotations: the runner (`annotator.suggestions.run`) stores them as the store's suggestions,
apart from annotations, and only the annotator's accepting one makes it an annotation.

Offsets are Python code points, end-exclusive, as everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from annotator.model import DocRecord
from annotator.rules import LabelDef

NO_ATTRIBUTES: Mapping[str, Any] = MappingProxyType({})


class Proposal(NamedTuple):
    """A span a recommender proposes: [start, end) of the document's text, a label, a score in
    (0, 1] (higher is surer), the attributes it would start with (a CASUALTY's count, qualifier
    and outcome) and, for a CLAIM, ``source``: the (start, end) of the ACTOR span its source
    relation would point to (an annotation or another proposal of the same document).
    ``key``: the normalized term the recommender matched when it is not the span's own text
    (`annotator.text.terms.term_key`; «لحكومة» in «للحكومة» stands for «الحكومة»): a rejection
    remembers it, so that rejecting one form rejects the other."""

    start: int
    end: int
    label: str
    score: float
    attributes: Mapping[str, Any] = NO_ATTRIBUTES
    source: tuple[int, int] | None = None
    key: str | None = None


class Setting(NamedTuple):
    """What a recommender is told of the project: its label definitions (name -> LabelDef)."""

    labels: Mapping[str, LabelDef]


class Recommender(Protocol):
    """One recommender. ``name`` is its key (``strings``, ``casualty``, ``claims``, ``model``).

    ``train(docs)`` learns from documents holding a teacher's spans and relations (rule-based
    recommenders may ignore them); it replaces what was learned before. ``suggest(doc,
    earlier)`` proposes spans on ``doc`` (``doc.spans`` are the annotations the annotator already
    made there, ``doc.tokens`` its own tokens when a corpus gave them); ``earlier`` are the
    proposals the recommenders run before this one made on the same document (the claim rules
    link a CLAIM to an ACTOR the string matcher proposed). Both are pure: no I/O, no Qt."""

    name: str

    def train(self, docs: Sequence[DocRecord]) -> None: ...

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]: ...
