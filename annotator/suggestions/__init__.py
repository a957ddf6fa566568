"""Suggestions: recommenders that propose spans, which become annotations only when accepted.

One module per recommender, all with the interface of `annotator.suggestions.base`:

* ``strings`` (`annotator.suggestions.strings`): a string matcher learned from the project's
  annotations, plus gazetteers (TSV ``text<TAB>label``), matching through proclitics;
* ``casualty`` (`annotator.suggestions.casualty`): number phrases near outcome words;
* ``claims`` (`annotator.suggestions.claims`): reporting verbs, the reported content and its
  source ACTOR;
* ``model`` (`annotator.suggestions.crf`): a CRF sequence model trained on the project.

`make` builds one by name. Qt-free; torch is never needed.
"""

from __future__ import annotations

from typing import Any

from annotator.errors import UsageError
from annotator.suggestions.base import Proposal, Recommender, Setting

__all__ = ["RECOMMENDERS", "Proposal", "Recommender", "Setting", "make"]

# name -> (module, class); the order is the order they run in on a document
RECOMMENDERS: dict[str, tuple[str, str]] = {
    "strings": ("annotator.suggestions.strings", "StringMatcher"),
    "casualty": ("annotator.suggestions.casualty", "CasualtyRules"),
    "model": ("annotator.suggestions.crf", "CrfModel"),
    "claims": ("annotator.suggestions.claims", "ClaimRules"),
}


def make(name: str, setting: Setting, **options: Any) -> Recommender:
    """The recommender called `name` (a key of `RECOMMENDERS`), built for `setting`."""
    import importlib

    try:
        module, cls = RECOMMENDERS[name]
    except KeyError:
        known = ", ".join(RECOMMENDERS)
        raise UsageError(f"unknown recommender {name!r} (known: {known})") from None
    recommender: Recommender = getattr(importlib.import_module(module), cls)(setting, **options)
    return recommender
