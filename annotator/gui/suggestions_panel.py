"""The Suggestions dock: suggestions shown or not, the score threshold, how many are shown, and
what the background recommenders are doing, and (until the next run ends) the optional ones
that were left out or failed.

The panel only reads and sets the session's view of suggestions (`Session.show_suggestions`,
`Session.min_score`); accepting and rejecting them is the article view's (keys, clicks) and the
editor's. Its buttons ask the window for suggestions (`suggestRequested`, `retrainRequested`);
the window passes what its background worker reports to `set_status` and `add_warning`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import joined, number
from annotator.gui.recommender_texts import problem_text
from annotator.gui.session import Session

if TYPE_CHECKING:
    from annotator.suggestions.run import Skipped


class SuggestionsPanel(QWidget):
    """Show on/off, the threshold (0–1), the count of shown suggestions, the worker's status."""

    suggestRequested = Signal()  # suggestions for the current document, please
    retrainRequested = Signal()  # learn again from the annotations, then suggest

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("suggestionsPanel")
        self.setAccessibleName(self.tr("Suggestions"))
        self.setAccessibleDescription(
            self.tr("What the recommenders propose: shown or not, score threshold, status")
        )
        self.show_box = QCheckBox(self.tr("Show suggestions"), self)
        self.show_box.setChecked(session.show_suggestions)
        self.show_box.setToolTip(
            self.tr("Suggestions are drawn with a dashed outline; Enter accepts, Backspace rejects")
        )
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(session.min_score)
        self.threshold.setToolTip(self.tr("Suggestions scoring below this are hidden"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("suggestionCount")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("suggestionStatus")
        self.status_label.setWordWrap(True)
        # an optional recommender left out or failing: kept in view until the next run ends
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("suggestionWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #92400e")
        # room for two lines (a dock's height does not follow a wrapped label's text)
        self.warning_label.setMinimumHeight(2 * self.warning_label.fontMetrics().lineSpacing())
        self.warning_label.hide()
        self.warnings: list[Skipped] = []
        self.suggest_button = QPushButton(self.tr("Suggest"), self)
        self.suggest_button.setToolTip(self.tr("Ask the recommenders about this document"))
        self.retrain_button = QPushButton(self.tr("Learn again"), self)
        self.retrain_button.setToolTip(
            self.tr("Train the recommenders on the annotations made so far, then suggest")
        )

        form = QFormLayout()
        form.addRow(self.tr("Minimum score"), self.threshold)
        buttons = QHBoxLayout()
        buttons.addWidget(self.suggest_button)
        buttons.addWidget(self.retrain_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.show_box)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)

        self.show_box.toggled.connect(self._show_toggled)
        self.threshold.valueChanged.connect(session.set_min_score)
        self.suggest_button.clicked.connect(self.suggestRequested)
        self.retrain_button.clicked.connect(self.retrainRequested)
        session.suggestionsChanged.connect(self.update_count)
        session.documentChanged.connect(lambda _document: self.update_count())
        session.visibilityChanged.connect(self.update_count)
        self.update_count()
        self.set_status("")

    def _show_toggled(self, shown: bool) -> None:
        self.threshold.setEnabled(shown)
        self.session.set_show_suggestions(shown)

    def update_count(self) -> None:
        """How many suggestions the article shows, per label."""
        session = self.session
        if session.document is None:
            self.count_label.setText(self.tr("No document"))
            return
        if not session.show_suggestions:
            self.count_label.setText(self.tr("Suggestions hidden"))
            return
        by_label: dict[str, int] = {}
        for suggestion in session.suggestions.values():
            by_label[suggestion.label] = by_label.get(suggestion.label, 0) + 1
        total = sum(by_label.values())
        if not total:
            self.count_label.setText(self.tr("No suggestions shown"))
            return
        detail = ", ".join(f"{number(count)} {label}" for label, count in sorted(by_label.items()))
        self.count_label.setText(
            self.tr("{count} suggestions shown ({detail})").format(
                count=number(total), detail=detail
            )
        )

    def set_status(self, text: str) -> None:
        """What the background recommenders are doing ("training…", "12 suggestions ready")."""
        self.status_label.setText(text or self.tr("Recommenders idle"))

    def add_warning(self, skipped: Skipped) -> None:
        """An optional recommender (CAMeL NER) was left out of the run or failed on some
        documents (`skipped`, as the background worker sent it): shown under the status line,
        which later reports do not replace, until `clear_warnings`. The label names what is
        missing in one short line ("camel_ner left out"); its tooltip says why, one line each
        (why it was left out, worded by `recommender_texts.problem_text`, or the error)."""
        if skipped in self.warnings:
            return
        self.warnings.append(skipped)
        what = joined(dict.fromkeys(self._headline(w) for w in self.warnings))
        reasons = "\n".join(
            self.tr("%1: %2").replace("%1", self._headline(w)).replace("%2", self._why(w))
            for w in self.warnings
        )  # one line each, naming whose reason it is
        missing = self.tr("Some suggestions are missing: {reason}").format(reason=what)
        self.warning_label.setText("⚠ " + missing)
        self.warning_label.setToolTip(reasons)
        self.warning_label.setAccessibleDescription(reasons)
        self.warning_label.show()

    def _headline(self, skipped: Skipped) -> str:
        """What `skipped` misses, in a few words."""
        if not skipped.documents:
            return self.tr("%1 left out").replace("%1", skipped.recommender)
        if skipped.documents == 1:
            return self.tr("%1 failed on one document").replace("%1", skipped.recommender)
        return (
            self.tr("%1 failed on %2 documents")
            .replace("%1", skipped.recommender)
            .replace("%2", number(skipped.documents))
        )

    @staticmethod
    def _why(skipped: Skipped) -> str:
        """Why: the typed problem in the app's language, else the error's own words."""
        return skipped.reason if skipped.problem is None else problem_text(skipped.problem)

    def clear_warnings(self) -> None:
        """A new run of the recommenders finished: the warnings of the one before are gone
        (its own, if any, come after)."""
        self.warnings = []
        self.warning_label.clear()
        self.warning_label.setToolTip("")
        self.warning_label.setAccessibleDescription("")
        self.warning_label.hide()
