"""Suggestions: recommenders that propose spans, which become annotations only when accepted.

One module per recommender, all with the interface of `annotator.suggestions.base`:

* ``strings`` (`annotator.suggestions.strings`): a string matcher learned from the project's
  annotations, plus gazetteers (TSV ``text<TAB>label``), matching through proclitics;
* ``casualty`` (`annotator.suggestions.casualty`): number phrases near outcome words;
* ``claims`` (`annotator.suggestions.claims`): reporting verbs, the reported content and its
  source ACTOR;
* ``model`` (`annotator.suggestions.crf`): a CRF sequence model trained on the project;
* ``camel_ner`` (`annotator.suggestions.camel_ner`): camel-tools' NER model, in its own worker
  process (optional: it needs torch and a model installed).

`make` builds one by name. `unavailable(name)` says why one cannot run here, as a typed reason
(a recommender class may say so with a static ``unavailable()``), and `default_names()` are the
ones run when none are named: every available one. Qt-free; torch is never imported in the
calling process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.errors import UsageError
from annotator.suggestions.base import Proposal, Recommender, Setting

if TYPE_CHECKING:
    from annotator.camel.ner_worker import NerProblem

__all__ = [
    "RECOMMENDERS",
    "Proposal",
    "Recommender",
    "Setting",
    "default_names",
    "make",
    "unavailable",
]

# name -> (module, class); the order is the order they run in on a document
RECOMMENDERS: dict[str, tuple[str, str]] = {
    "strings": ("annotator.suggestions.strings", "StringMatcher"),
    "casualty": ("annotator.suggestions.casualty", "CasualtyRules"),
    "model": ("annotator.suggestions.crf", "CrfModel"),
    "camel_ner": ("annotator.suggestions.camel_ner", "CamelNer"),
    "claims": ("annotator.suggestions.claims", "ClaimRules"),
}


def _class(name: str) -> Any:
    import importlib

    try:
        module, cls = RECOMMENDERS[name]
    except KeyError:
        known = ", ".join(RECOMMENDERS)
        raise UsageError(f"unknown recommender {name!r} (known: {known})") from None
    return getattr(importlib.import_module(module), cls)


def make(name: str, setting: Setting, **options: Any) -> Recommender:
    """The recommender called `name` (a key of `RECOMMENDERS`), built for `setting`."""
    recommender: Recommender = _class(name)(setting, **options)
    return recommender


def unavailable(name: str) -> NerProblem | None:
    """Why the recommender `name` cannot run in this installation, with how to mend it (its
    class's static ``unavailable()``; a class without one always can), or None. Cheap: it
    imports nothing heavy. Only CAMeL NER can be unavailable: the reason is a typed
    `ner_worker.NerProblem` (``ner_worker.problem_text`` words it in English; the app
    translates it by kind)."""
    check = getattr(_class(name), "unavailable", None)
    return check() if check is not None else None


def default_names() -> tuple[str, ...]:
    """The recommenders run when none are named (`annotator suggest`, the app's background
    recommender, the evaluation): every available one, in running order. An optional one that
    cannot run (CAMeL NER without its model) is left out; named explicitly, it says why. This
    check is cheap (nothing loads): one that passes it but then fails to load is left out when
    trained, with its reason reported (`run.trained`: the default set's recommenders are
    optional)."""
    return tuple(name for name in RECOMMENDERS if unavailable(name) is None)
