"""The app's wording of why a recommender cannot run, in its language: one place for the
Recommenders dialog (which recommenders are available) and the Suggestions panel (the warning
of a background run that left CAMeL NER out).

The strings keep the context ``RecommendersDialog`` (where they were first worded), so their
translations hold wherever they are shown. The English of the command line is
`ner_worker.problem_text`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from annotator.camel.ner_worker import NerProblem

__all__ = ["problem_text"]


def problem_text(problem: NerProblem) -> str:
    """Why CAMeL NER cannot run, in the app's language (by the problem's kind, one of
    `ner_worker.PROBLEM_KINDS`), with how to mend it."""
    install = QCoreApplication.translate(
        "RecommendersDialog",
        "install the model with %1 (or choose a model folder in Settings > Arabic tools)",
    ).replace("%1", problem.command)
    kind = problem.kind
    if kind == "bundle":
        return QCoreApplication.translate(
            "RecommendersDialog",
            "CAMeL NER does not run in the desktop bundle: the bundle does not include the "
            "NER model runtime (torch, transformers). To use CAMeL NER, run annotator from a "
            "pip installation (README, Quick start), which has camel-tools, torch and "
            "transformers, and install the model with %1",
        ).replace("%1", problem.command)
    if kind == "no-packages":
        return (
            QCoreApplication.translate(
                "RecommendersDialog", "CAMeL NER needs %1, not installed: install them with %2"
            )
            .replace("%1", ", ".join(problem.missing))
            .replace("%2", problem.command)
        )
    if kind == "no-model":
        return QCoreApplication.translate(
            "RecommendersDialog", "no CAMeL NER model is installed: %1"
        ).replace("%1", install)
    if kind == "model-broken":
        return (
            QCoreApplication.translate(
                "RecommendersDialog", "%1 is not a CAMeL NER model folder (no config.json): %2"
            )
            .replace("%1", problem.path)
            .replace("%2", install)
        )
    if kind == "no-tokenizer":
        return (
            QCoreApplication.translate(
                "RecommendersDialog",
                "the CAMeL NER model at %1 has no tokenizer (no vocab.txt or tokenizer.json): %2",
            )
            .replace("%1", problem.path)
            .replace("%2", install)
        )
    if kind == "model-unusable":
        return (
            QCoreApplication.translate(
                "RecommendersDialog", "%1 is not a usable CAMeL NER model (%2): %3"
            )
            .replace("%1", problem.path)
            .replace("%2", problem.detail)
            .replace("%3", install)
        )
    if kind == "load-failed":
        return (
            QCoreApplication.translate(
                "RecommendersDialog", "CAMeL NER cannot be loaded (%1): install them with %2"
            )
            .replace("%1", problem.detail)
            .replace("%2", problem.command)
        )
    if kind == "settings":
        return QCoreApplication.translate(
            "RecommendersDialog", "the saved Arabic tools settings cannot be read: %1"
        ).replace("%1", problem.detail)
    raise ValueError(f"unknown kind of NerProblem: {kind!r}")  # a bug: PROBLEM_KINDS lists them
