"""The casualty rules recommender (``casualty``): counts of people next to an outcome word.

Every phrase `annotator.text.find_counts` finds with an outcome cue (قتل، مقتل، قتلى، مصرع،
استشهاد، جرحى، إصابة، أصيب، مفقود، أسر، اختطاف ...) in its sentence at most ``max_distance``
tokens away (default 3) becomes a proposal of the project's casualty label: the label whose
`LabelDef.has_count` is true (none: no proposals). Its attributes (count, qualifier, outcome)
are those a new span starts with, `annotator.rules.initial_attributes`, given the sentence
(the part of it `find_counts` read) as the text, so that the outcome is not read from the next
sentence.

The span follows the demo project's CASUALTY spans («مقتل أربعة جنود ومدنيين اثنين», «25
شخصا قتلوا»): the count phrase (qualifier, number, counted noun: «أكثر من 60 شخصا») and the
outcome word when it stands right next to it, without a proclitic (a «وإصابة 40» proposes
«إصابة 40»); a cue further away is left out. Score: 0.9 with the cue adjacent, 0.15 less for
each token between; ×0.7 for a vague quantity or range («عشرات»), ×0.6 for a part of an
earlier count («بينهم مدنيان»). Phrases overlapping a casualty span the annotator already has
are skipped. Rules: ``train`` learns nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.model import DocRecord
from annotator.rules import initial_attributes
from annotator.suggestions.base import Proposal, Setting
from annotator.text import find_counts

__all__ = ["CasualtyRules"]

ADJACENT_SCORE = 0.9
STEP = 0.15  # less for each token between the count and its outcome word
VAGUE = 0.7  # ×, for a count without an exact value («عشرات», «بين 10 و20»)
SUBSET = 0.6  # ×, for a count of some of an earlier count («بينهم مدنيان»)


class CasualtyRules:
    """Proposes casualty spans (see the module docstring). Option: ``max_distance``, the most
    tokens between a count and its outcome word (default 3); others (``gazetteer``) are for
    the other recommenders and ignored."""

    name = "casualty"

    def __init__(self, setting: Setting, *, max_distance: int = 3, **options: Any) -> None:
        self.setting = setting
        self.label = next((label for label in setting.labels.values() if label.has_count), None)
        self.max_distance = max_distance

    def train(self, docs: Sequence[DocRecord]) -> None:
        """Rules learn nothing."""

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        """Casualty proposals for the counts of ``doc`` near an outcome word."""
        label = self.label
        if label is None:
            return []
        text = doc.text
        taken = [(s.start, s.end) for s in doc.spans if s.label == label.name]
        proposals: list[Proposal] = []
        for phrase in find_counts(text, cued=True):
            cue = phrase.cue
            if cue is None or cue.distance > self.max_distance:
                continue
            start, end = phrase.start, phrase.end
            if cue.distance == 0:
                start, end = min(start, cue.start), max(end, cue.end)
            if any(s < end and start < e for s, e in taken):
                continue
            score = max(ADJACENT_SCORE - STEP * cue.distance, 0.05)
            if phrase.reading.value is None:
                score *= VAGUE
            if phrase.subset:
                score *= SUBSET
            first, last = phrase.sentence  # the reader's context stays in the sentence
            attributes = initial_attributes(label, text[first:last], start - first, end - first)
            proposals.append(Proposal(start, end, label.name, round(score, 3), attributes))
            taken.append((start, end))
        return proposals
