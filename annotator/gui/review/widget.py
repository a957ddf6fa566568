"""The review widget: one document's lanes, legend, cluster details and the adjudication actions.

The decisions are those of `annotator.adjudication` (code points). Every change of the gold
layer (auto-merge at first opening, accept, reject, attributes, edit, delete, status) is one step
of the undo stack: `GoldLayerCommand` keeps snapshots of the document's gold layer before and
after, and undo/redo restore them. Gold's document labels are picked in the Document labels
section (`review.doc_labels`), each pick a step of its own (`GoldDocLabelCommand`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator import adjudication as adj
from annotator.errors import AnnotatorError
from annotator.gui.barred_text import attribute_text, step_edge
from annotator.gui.commands import UndoStep, step_stack
from annotator.gui.i18n import number, status_text
from annotator.gui.keys import EDGE_ACTIONS, REVIEW, Keymap, key_code, label_hotkeys
from annotator.gui.notes import note_marker, notes_html
from annotator.gui.review.candidates import candidate_text, make_wrapping
from annotator.gui.review.dialogs import GoldSpanDialog
from annotator.gui.review.doc_labels import DocLabelsSection, GoldDocLabelCommand
from annotator.gui.review.lanes import LaneSpan, LaneView
from annotator.gui.review.style import (
    KIND_COLOURS,
    REJECTED_COLOUR,
    STATUS_COLOURS,
    kind_name,
    resolution_name,
)
from annotator.gui.session import own_tokens
from annotator.gui.write_dialogs import ask_retry
from annotator.rules import DONE, GOLD, IN_PROGRESS
from annotator.store import Annotation, Note, Project, WriteError

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


# ==================================================================== undo


class GoldLayerCommand(UndoStep):
    """One change of a document's gold layer; it was carried out when pushed."""

    def __init__(
        self, widget: ReviewWidget, before: adj.GoldLayer, after: adj.GoldLayer, text: str
    ) -> None:
        super().__init__(text)
        self.widget, self.before, self.after = widget, before, after

    def apply(self) -> None:
        self.widget.restore_layer(self.after)

    def revert(self) -> None:
        self.widget.restore_layer(self.before)


# ==================================================================== the review widget


class ReviewWidget(QWidget):
    """Review of one document at a time: lanes, legend, cluster details and the actions."""

    documentOpened = Signal(int)
    selectionChanged = Signal(object)  # uuid or None
    stateChanged = Signal()
    message = Signal(str)
    failed = Signal(str)  # a write that was not saved

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
        annotators: list[str] | None = None,
        min_agree: int | None = None,
        font_size: int = 16,
    ) -> None:
        super().__init__(parent)
        from annotator.gui.app import register_fonts

        self.project = project
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.annotators = annotators
        self.min_agree = min_agree
        self.state: adj.ReviewState | None = None
        self.cluster: int | None = None
        self.selected: str | None = None
        self._labels = {label.name: label for label in project.labels()}
        self._hotkeys = label_hotkeys(self._labels.values())
        self.key_actions = self._key_actions()
        self._keymap = Keymap(REVIEW, self.key_actions)

        self.view = LaneView(font_family=register_fonts(), font_size=font_size, parent=self)
        self.view.setAccessibleName(self.tr("Review lanes"))
        self.view.setAccessibleDescription(
            self.tr(
                "Each annotator's spans and gold under the text: N / P go through the "
                "disagreements, A accepts, X rejects"
            )
        )
        self.view.key_handler = self.handle_key
        self.view.tooltip_for = self.describe
        self.view.spanClicked.connect(self.select_span)
        self.view.positionClicked.connect(self._position_clicked)
        self.view.rangeDragged.connect(self._range_dragged)
        self._exact_range = False  # the text selected was dragged with Alt (exact characters)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setObjectName("reviewHeader")
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setText(self._legend_html())
        self.legend.setObjectName("reviewLegend")
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.proposal_list = QListWidget(self)
        self.proposal_list.setAccessibleName(self.tr("Proposals of the cluster"))
        self.proposal_list.setObjectName("reviewProposals")
        make_wrapping(self.proposal_list)
        self.proposal_list.itemClicked.connect(lambda item: self.select_span(item.data(256)))
        self.proposal_list.installEventFilter(self)

        self.buttons: dict[str, QPushButton] = {}
        buttons = QWidget(self)
        grid = QVBoxLayout(buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = [
            [
                ("accept", self.tr("Accept  [A]"), self.accept_selected),
                ("reject", self.tr("Reject  [X]"), self.toggle_reject_selected),
            ],
            [
                ("attributes", self.tr("Take attributes  [T]"), self.take_attributes_selected),
                ("edit", self.tr("Edit gold…  [E]"), self.edit_gold_dialog),
            ],
            [
                ("delete", self.tr("Delete gold  [Del]"), self.delete_gold_selected),
                ("done", self.tr("Curation done  [D]"), self.toggle_done),
            ],
            [
                ("previous", self.tr("◀ Previous  [P]"), lambda: self.step_disagreement(False)),
                ("next", self.tr("Next  [N] ▶"), lambda: self.step_disagreement(True)),
            ],
        ]
        for row in rows:
            line = QHBoxLayout()
            for name, text, slot in row:
                button = QPushButton(text, buttons)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _=False, s=slot: s())
                line.addWidget(button)
                self.buttons[name] = button
            grid.addLayout(line)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 6, 6)
        side_layout.addWidget(self.details)
        side_layout.addWidget(self.proposal_list, 1)
        self.doc_labels = DocLabelsSection(self.pick_gold_doc_label, side)
        side_layout.addWidget(self.doc_labels)
        side_layout.addWidget(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.legend)
        layout.addWidget(splitter, 1)
        self._update_panel()

    # ---------------------------------------------------------------- documents

    @property
    def document_id(self) -> int | None:
        return self.state.document_id if self.state else None

    def open_document(self, document_id: int) -> None:
        """Open a document for review; its first opening merges the agreed spans into gold
        (one undo step)."""
        before = adj.gold_layer(self.project, document_id)
        try:
            state = adj.open_for_review(
                self.project, document_id, self.annotators, min_agree=self.min_agree
            )
        except WriteError as err:  # the agreed spans could not be merged: review without them
            self.report_failure(err)
            state = adj.review_state(self.project, document_id, self.annotators)
        if state.auto_merged or state.auto_merged_labels or before.status != state.status:
            after = adj.gold_layer(self.project, document_id)
            text = (
                self.tr("Auto-merge {value0} agreed spans").format(value0=len(state.auto_merged))
                if state.auto_merged
                else self.tr("Agreed document labels into gold")
                if state.auto_merged_labels
                else self.tr("Start curation")
            )
            self.undo_stack.push(GoldLayerCommand(self, before, after, text))
        self._show(state, reset=True)
        first = adj.next_disagreement(state, None)
        if first is not None:
            self.select_cluster(first)
        if state.auto_merged:
            self.message.emit(
                self.tr("{value0} agreed spans merged into gold").format(
                    value0=len(state.auto_merged)
                )
            )
        self.documentOpened.emit(document_id)

    def _show(self, state: adj.ReviewState, *, reset: bool) -> None:
        self.state = state
        if reset:
            self.cluster, self.selected = None, None
            self.view.set_text(state.text, own_tokens(self.project, state.document_id))
        elif self.selected is not None and not (
            self.selected in state.proposals or self.selected in state.gold
        ):
            self.selected = None
        if self.cluster is not None and self.cluster >= len(state.clusters):
            self.cluster = None
        self._rebuild_view()
        self._update_panel()
        self.stateChanged.emit()

    def refresh(self) -> None:
        """Reload the state of the document on screen from the store."""
        if self.state is None:
            return
        state = adj.review_state(
            self.project, self.state.document_id, self.state.annotators, previous=self.state
        )
        self._show(state, reset=False)

    def report_failure(self, err: AnnotatorError) -> None:
        """A write the store (or, for an undo or redo, the rules) refused: nothing of it was
        saved; show the store's state."""
        self.failed.emit(str(err))
        if self.state is not None:
            self.refresh()

    def ask_retry(self, text: str) -> bool:
        """Another program held the project locked: ask whether to try again."""
        return ask_retry(self.window(), text)

    def step(self, back: bool) -> bool:
        """Undo (`back`) or redo a step; the stack stays where it was if the store refuses."""
        return step_stack(
            self.undo_stack, back=back, ask_retry=self.ask_retry, report=self.report_failure
        )

    def restore_layer(self, layer: adj.GoldLayer) -> None:
        """Undo/redo: put a gold layer back and show its document."""
        adj.restore_gold_layer(self.project, layer)
        if self.document_id != layer.document_id:
            state = adj.review_state(self.project, layer.document_id, self.annotators)
            self._show(state, reset=True)
            self.documentOpened.emit(layer.document_id)
        else:
            self.refresh()
        self._sync_selection()

    def _rebuild_view(self) -> None:
        state = self.state
        assert state is not None
        lanes = [*state.annotators, GOLD]
        lane_of = {name: i for i, name in enumerate(state.annotators)}
        spans: list[LaneSpan] = []
        for cluster in state.clusters:
            for ann in cluster.proposals:
                spans.append(
                    LaneSpan(
                        ann.uuid,
                        lane_of[ann.annotator],
                        ann.start,
                        ann.end,
                        ann.label,
                        cluster.kind,
                        cluster.index,
                        ann.uuid in cluster.rejected,
                        cluster.resolved,
                    )
                )
        for ann in state.gold.values():
            cluster = state.cluster_of(ann.uuid)
            spans.append(
                LaneSpan(
                    ann.uuid,
                    len(lanes) - 1,
                    ann.start,
                    ann.end,
                    ann.label,
                    None,
                    cluster.index if cluster else None,
                )
            )
        clusters = [(c.start, c.end, c.kind, c.resolved) for c in state.clusters]
        colours = {name: label.colour for name, label in self._labels.items()}
        self.view.set_spans(lanes, spans, clusters, colours)
        self.view.set_selection(self.cluster, self.selected)

    # ---------------------------------------------------------------- selection

    def select_cluster(self, index: int | None, uuid: str | None = None) -> None:
        state = self.state
        if state is None or index is None or not 0 <= index < len(state.clusters):
            self.cluster, self.selected = None, None
            self._sync_selection()
            return
        cluster = state.clusters[index]
        if uuid is None:
            pending = [a.uuid for a in cluster.proposals if a.uuid not in cluster.rejected]
            uuid = pending[0] if pending else cluster.proposals[0].uuid
        self.cluster, self.selected = index, uuid
        self._sync_selection()
        self.view.reveal(cluster.start, cluster.end)

    def select_span(self, uuid: str | None) -> None:
        """Select a proposal or gold span (and its cluster)."""
        state = self.state
        if state is None or uuid is None:
            self.select_cluster(None)
            return
        if uuid not in state.proposals and uuid not in state.gold:
            return
        cluster = state.cluster_of(uuid)
        self.cluster = cluster.index if cluster else None
        self.selected = uuid
        self._sync_selection()

    def _position_clicked(self, position: int) -> None:
        if self.state is None:
            return
        cluster = adj.cluster_at(self.state, position)
        if cluster is not None:
            self.select_cluster(cluster.index)
        else:
            gold = [g for g in self.state.gold.values() if g.start <= position < g.end]
            self.select_span(min(gold, key=lambda g: g.end - g.start).uuid if gold else None)

    def _sync_selection(self) -> None:
        self.view.set_selection(self.cluster, self.selected)
        self._update_panel()
        self.selectionChanged.emit(self.selected)

    def _members(self) -> list[str]:
        """Proposals (lane order) then gold spans of the selected cluster."""
        if self.state is None or self.cluster is None:
            return []
        cluster = self.state.clusters[self.cluster]
        order = {name: i for i, name in enumerate(self.state.annotators)}
        proposals = sorted(cluster.proposals, key=lambda a: (order[a.annotator], a.start))
        return [a.uuid for a in proposals] + list(cluster.gold)

    def cycle(self, step: int) -> None:
        members = self._members()
        if not members:
            return
        index = members.index(self.selected) if self.selected in members else -1
        self.selected = members[(index + step) % len(members)]
        self._sync_selection()

    def step_cluster(self, step: int) -> None:
        if self.state is None or not self.state.clusters:
            return
        count = len(self.state.clusters)
        index = (0 if step > 0 else count - 1) if self.cluster is None else self.cluster + step
        self.select_cluster(index % count)

    def step_disagreement(self, forward: bool = True) -> None:
        if self.state is None:
            return
        index = adj.next_disagreement(self.state, self.cluster, forward)
        if index is None:
            self.message.emit("No unresolved disagreement left in this document")
            return
        self.select_cluster(index)

    # ---------------------------------------------------------------- actions

    def _perform(self, text: str, action: Callable[[], Any]) -> Any:
        """Run a store action as one undo step; an AnnotatorError becomes a message."""
        document = self.document_id
        if document is None:
            return None
        before = adj.gold_layer(self.project, document)
        try:
            result = action()
        except WriteError as err:
            self.report_failure(err)
            return None
        except AnnotatorError as err:
            self.message.emit(str(err))
            return None
        after = adj.gold_layer(self.project, document)
        if after != before:
            self.undo_stack.push(GoldLayerCommand(self, before, after, text))
        self.refresh()
        return result

    def _selected_proposal(self) -> Annotation | None:
        if self.state is None or self.selected is None:
            return None
        return self.state.proposals.get(self.selected)

    def _selected_gold(self) -> Annotation | None:
        if self.state is None or self.selected is None:
            return None
        return self.state.gold.get(self.selected)

    def accept_selected(self, advance: bool = True) -> str | None:
        proposal = self._selected_proposal()
        if proposal is None:
            self.message.emit("Select an annotator's span to accept")
            return None
        document = self.document_id
        made = self._perform(
            f"Accept {proposal.label} of {proposal.annotator}",
            lambda: adj.accept(self.project, document, proposal.uuid),
        )
        if made is None:
            return None
        if advance:
            self._advance()
        else:
            self.select_span(made)
        return made

    def toggle_reject_selected(self) -> None:
        proposal = self._selected_proposal()
        if proposal is None or self.state is None:
            self.message.emit("Select an annotator's span to reject")
            return
        document = self.document_id
        if self.state.is_rejected(proposal.uuid):
            self._perform(
                self.tr("Withdraw rejection"),
                lambda: adj.unreject(self.project, document, proposal.uuid),
            )
            self._sync_selection()
            return
        done = self._perform(
            f"Reject {proposal.label} of {proposal.annotator}",
            lambda: adj.reject(self.project, document, proposal.uuid) or True,
        )
        if done:
            cluster = self.state.cluster_of(proposal.uuid)
            if cluster is not None and not cluster.resolved:
                pending = [a.uuid for a in cluster.proposals if a.uuid not in cluster.rejected]
                self.select_cluster(cluster.index, pending[0] if pending else None)
            else:
                self._advance()

    def _advance(self) -> None:
        """After a decision: the next unresolved disagreement, or stay when none is left."""
        assert self.state is not None
        index = adj.next_disagreement(self.state, self.cluster, True)
        if index is None:
            self.message.emit("Every disagreement of this document is resolved")
            self._sync_selection()
        else:
            self.select_cluster(index)

    def take_attributes_selected(self) -> None:
        proposal = self._selected_proposal()
        if proposal is None:
            self.message.emit("Select the proposal whose attributes gold should take")
            return
        document = self.document_id
        target = self._perform(
            self.tr("Take attributes"),
            lambda: adj.take_attributes(self.project, document, proposal.uuid),
        )
        if target is None:
            self.message.emit("Accept the span first: gold does not hold it")

    def edit_gold(self, **changes: Any) -> Annotation | None:
        gold = self._selected_gold()
        if gold is None:
            self.message.emit("Select a gold span to edit")
            return None
        result = self._perform(
            self.tr("Edit gold span"), lambda: adj.edit_gold(self.project, gold.uuid, **changes)
        )
        self._sync_selection()
        return result

    def delete_gold_selected(self) -> None:
        gold = self._selected_gold()
        if gold is None:
            self.message.emit("Select a gold span to delete")
            return
        self._perform(self.tr("Delete gold span"), lambda: adj.delete_gold(self.project, gold.uuid))
        self.selected = None
        self._sync_selection()

    def relabel_gold(self, label: str) -> None:
        gold = self._selected_gold()
        if gold is not None and gold.label != label:
            self.edit_gold(label=label)

    def move_gold_edge(self, edge: str, direction: int, by_char: bool) -> None:
        """Move the selected gold span's `edge` ("start"/"end") one token or character;
        `direction` -1 towards the text's beginning, +1 towards its end."""
        gold = self._selected_gold()
        if gold is None or self.state is None:
            return
        position = gold.start if edge == "start" else gold.end
        new = step_edge(self.state.text, position, direction, by_char, edge, self.view.own_tokens)
        if new is None:
            return
        start, end = (new, gold.end) if edge == "start" else (gold.start, new)
        if start < end:
            self.edit_gold(start=start, end=end)

    def pick_gold_doc_label(self, name: str, value: Any) -> None:
        """The curator's pick of gold's document label `name` (None: none); one undo step."""
        document = self.document_id
        if document is None:
            return
        before = self.project.doc_labels(document, GOLD).get(name)
        if before == value:
            return
        try:
            self.put_gold_doc_label(document, name, value)
        except WriteError as err:
            self.report_failure(err)
            return
        except AnnotatorError as err:
            self.message.emit(str(err))
            self.refresh()
            return
        self.undo_stack.push(
            GoldDocLabelCommand(self.put_gold_doc_label, document, name, before, value)
        )

    def put_gold_doc_label(self, document_id: int, name: str, value: Any) -> None:
        """Give gold's document label `name` of a document the value `value` and show it."""
        adj.set_gold_doc_label(self.project, document_id, name, value)
        if self.document_id != document_id:
            state = adj.review_state(self.project, document_id, self.annotators)
            self._show(state, reset=True)
            self.documentOpened.emit(document_id)
        else:
            self.refresh()

    def toggle_done(self) -> bool:
        """Curation done (asking first while something is left to review) or back to in
        progress; False when nothing changed (no document, or the curator said no)."""
        document = self.document_id
        if document is None or self.state is None:
            return False
        current = adj.curation_status(self.project, document)
        target = IN_PROGRESS if current == DONE else DONE
        left = adj.left_to_review(self.state)
        if target == DONE and left and not self.ask_done(left):
            return False
        return bool(
            self._perform(
                self.tr("Mark curation {target}").format(target=target),
                lambda: adj.set_curation_status(self.project, document, target) or True,
            )
        )

    def ask_done(self, left: adj.LeftToReview) -> bool:
        """Ask whether to mark curation done while `left` is left to review (overridable:
        tests and embedders answer without a dialog)."""
        text = self.tr(
            "{count} item(s) are still to review in this document: {clusters} unresolved "
            "disagreement(s) and {labels} document label(s). Mark curation done anyway?"
        ).format(count=left.total, clusters=left.clusters, labels=left.doc_labels)
        answer = QMessageBox.question(
            self,
            self.tr("Curation done?"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def mark_done(self) -> bool:
        """Curation done (asking first while something is left); True when it is done."""
        document = self.document_id
        if document is None:
            return False
        if adj.curation_status(self.project, document) == DONE:
            return True
        return self.toggle_done()

    def edit_gold_dialog(self) -> None:
        gold = self._selected_gold()
        if gold is None or self.state is None:
            self.message.emit("Select a gold span to edit")
            return
        dialog = GoldSpanDialog(gold, list(self._labels), self)
        if dialog.exec():
            self.relabel_gold(dialog.values())

    def _range_dragged(self, exact: bool) -> None:
        """A drag over the text: the selected gold span takes the text selected (snapped to
        whole tokens unless `exact`, as in the workbench) when it overlaps it; otherwise the
        selection waits for a label key (a new gold span)."""
        span = self.view.annotation_range(exact)
        if span is None:
            return
        gold = self._selected_gold()
        if gold is not None and span[0] < gold.end and gold.start < span[1]:
            self.view.clear_text_selection()
            if (gold.start, gold.end) != span:
                self.edit_gold(start=span[0], end=span[1])
            return
        self._exact_range = exact
        self.message.emit(self.tr("Press a label's key to add the selected text to gold"))

    def add_gold_span(self, label: str, *, exact: bool = False) -> str | None:
        """The text selected in the view as a new gold span of `label` (snapped to tokens
        unless `exact` or dragged with Alt); one undo step."""
        span = self.view.annotation_range(exact or self._exact_range)
        document = self.document_id
        if span is None or document is None:
            return None
        made = self._perform(
            self.tr("Add gold span"),
            lambda: adj.add_gold(self.project, document, label, *span),
        )
        self.view.clear_text_selection()
        self._exact_range = False
        if made is not None:
            self.select_span(made)
        return made

    # ---------------------------------------------------------------- keys

    def _key_actions(self) -> dict[str, Callable[[], Any]]:
        """The review's own keys (the keymap's REVIEW actions but the window's)."""
        actions: dict[str, Callable[[], Any]] = {
            "next_disagreement": lambda: self.step_disagreement(True),
            "previous_disagreement": lambda: self.step_disagreement(False),
            "next_cluster": lambda: self.step_cluster(1),
            "previous_cluster": lambda: self.step_cluster(-1),
            "next_proposal": lambda: self.cycle(1),
            "previous_proposal": lambda: self.cycle(-1),
            "deselect": lambda: self.select_cluster(None),
            "accept": lambda: self.accept_selected(True),
            "accept_stay": lambda: self.accept_selected(False),
            "reject": self.toggle_reject_selected,
            "attributes": self.take_attributes_selected,
            "edit_gold": self.edit_gold_dialog,
            "delete_gold": self.delete_gold_selected,
            "toggle_done": self.toggle_done,
        }
        for name, (edge, direction, by_char) in EDGE_ACTIONS.items():
            actions[name] = lambda e=edge, d=direction, c=by_char: self.move_gold_edge(e, d, c)
        return actions

    def handle_key(self, event: QKeyEvent, press: bool) -> bool:
        """The review keys (the keymap's REVIEW table, then the label hotkeys); True when
        handled (for ShortcutOverride: claimed)."""
        name = self._keymap.action_for(event)
        action: Callable[[], Any] | None = None
        if name is not None:
            if name in EDGE_ACTIONS and self._selected_gold() is None:
                return False
            if name == "deselect" and self.cluster is None and self.selected is None:
                return False  # nothing to deselect: Esc goes on to the window (closes it)
            action = self.key_actions[name]
        else:
            label = self._hotkeys.get(key_code(event))
            exact = bool(event.modifiers() & ALT)
            if label is not None and not event.modifiers() & CTRL:
                if self.view.textCursor().hasSelection():  # dragged text: a new gold span
                    action = lambda: self.add_gold_span(label, exact=exact)  # noqa: E731
                elif not exact:
                    action = lambda: self.relabel_gold(label)  # noqa: E731
        if action is None:
            return False
        if press:
            action()
        return True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if watched is self.proposal_list and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            if self.handle_key(event, event.type() == QEvent.Type.KeyPress):
                event.accept()
                return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- panel

    def _legend_html(self) -> str:
        def swatch(colour: str, text: str) -> str:
            return (
                f"<span style='background:{colour}; color:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;"
                f"</span>&nbsp;{html.escape(text)}&nbsp;&nbsp;&nbsp;"
            )

        kinds = "".join(swatch(KIND_COLOURS[k], kind_name(k)) for k in KIND_COLOURS)
        labels = "".join(swatch(lab.colour, lab.name) for lab in self._labels.values())
        rejected = swatch(REJECTED_COLOUR, resolution_name("rejected"))
        return (
            f"<span style='font-size:11px'>{kinds}{rejected}&nbsp;|&nbsp; "
            + self.tr("gold and bar caps: {labels}").format(labels=labels)
            + "</span>"
        )

    def _update_panel(self) -> None:
        state = self.state
        self.doc_labels.show_state(state)
        for button in self.buttons.values():
            button.setEnabled(state is not None)
        if state is None:
            self.header.setText(self.tr("<i>No document open for review</i>"))
            self.details.setText("")
            self.proposal_list.clear()
            return
        document = self.project.document(state.document_id)
        on_document = self.project.notes(state.document_id, documents_only=True)
        unresolved = len(state.unresolved)
        self.header.setText(
            f"<b>{html.escape(document.name)}</b> &nbsp; "
            f"<span style='color:white; background:{STATUS_COLOURS[state.status]}'>&nbsp;"
            + self.tr("curation {status}").format(status=html.escape(status_text(state.status)))
            + "&nbsp;</span> &nbsp; "
            + self.tr(
                "{unresolved} unresolved of {clusters} clusters &nbsp;·&nbsp; {gold} gold spans "
                "&nbsp;·&nbsp; annotators: {annotators}"
            ).format(
                unresolved=number(unresolved),
                clusters=number(len(state.clusters)),
                gold=number(len(state.gold)),
                annotators=html.escape(", ".join(state.annotators) or self.tr("(none)")),
            )
            + _document_notes(on_document)
        )
        self.header.setToolTip(notes_html(on_document))
        self.buttons["done"].setText(
            self.tr("Back to in progress  [D]")
            if state.status == DONE
            else self.tr("Curation done  [D]")
        )
        self.proposal_list.blockSignals(True)
        self.proposal_list.clear()
        if self.cluster is None:
            self.details.setText(
                self.tr("<i>No cluster selected. N: next disagreement.</i>")
                if unresolved
                else self.tr("<i>Every cluster is resolved.</i>")
            )
        else:
            cluster = state.clusters[self.cluster]
            resolution = resolution_name(cluster.resolution)
            missing = (
                self.tr("<br>not marked by: {value0}").format(
                    value0=html.escape(", ".join(cluster.cluster.missing))
                )
                if cluster.cluster.missing
                else ""
            )
            conflict = (
                self.tr(
                    "<br><b style='color:#b45309'>attributes differ from gold</b> (T takes them)"
                )
                if cluster.attribute_conflict
                else ""
            )
            self.details.setText(
                self.tr(
                    "Cluster {value0} of {value1} — <b "
                    "style='color:{value2}'>{value3}</b> — "
                    "{value4}{missing}{conflict}"
                ).format(
                    value0=cluster.index + 1,
                    value1=len(state.clusters),
                    value2=KIND_COLOURS[cluster.kind],
                    value3=kind_name(cluster.kind),
                    value4=html.escape(resolution),
                    missing=missing,
                    conflict=conflict,
                )
            )
            for uuid in self._members():
                ann = state.proposals.get(uuid) or state.gold.get(uuid)
                if ann is None:
                    continue
                notes = self.project.notes(annotation_uuid=uuid)
                item = QListWidgetItem(self._item_text(ann, _noted(notes).strip()))
                item.setData(256, uuid)
                if notes:
                    item.setToolTip(notes_html(notes))
                is_gold = uuid in state.gold
                colour = (
                    self._labels[ann.label].colour
                    if is_gold and ann.label in self._labels
                    else (
                        REJECTED_COLOUR if uuid in cluster.rejected else KIND_COLOURS[cluster.kind]
                    )
                )
                item.setIcon(_swatch(colour))
                font = item.font()
                font.setBold(is_gold)
                font.setStrikeOut(uuid in cluster.rejected)
                item.setFont(font)
                self.proposal_list.addItem(item)
                if uuid == self.selected:
                    item.setSelected(True)
                    self.proposal_list.setCurrentItem(item)
        self.proposal_list.blockSignals(False)
        has_proposal = self._selected_proposal() is not None
        has_gold = self._selected_gold() is not None
        self.buttons["accept"].setEnabled(has_proposal)
        self.buttons["reject"].setEnabled(has_proposal)
        self.buttons["attributes"].setEnabled(has_proposal)
        self.buttons["edit"].setEnabled(has_gold)
        self.buttons["delete"].setEnabled(has_gold)

    def _item_text(self, ann: Annotation, notes: str = "") -> str:
        """A candidate's row: who and label, its whole text, its attributes on a line of their
        own, its source and notes (`candidates.candidate_text`)."""
        return candidate_text(ann, [self._source_text(ann).strip(), notes])

    def _source_text(self, ann: Annotation) -> str:
        state = self.state
        if state is None:
            return ""
        relations = state.gold_relations if ann.uuid in state.gold else state.relations
        pool = {**state.gold, **state.proposals}
        for rel in relations:
            if rel.head == ann.uuid and rel.tail in pool:
                return f"  → {rel.label}: \u2067{pool[rel.tail].text}\u2069"
        return ""

    def describe(self, uuid: str) -> str:
        """Rich-text tooltip of a bar."""
        state = self.state
        if state is None:
            return ""
        ann = state.proposals.get(uuid) or state.gold.get(uuid)
        if ann is None:
            return ""
        cluster = state.cluster_of(uuid)
        lines = [f"<b>{html.escape(ann.label)}</b> · {html.escape(ann.annotator)}"]
        lines.append(f"<span dir='rtl'>{html.escape(ann.text[:80])}</span>")
        for key, value in ann.attributes.items():
            lines.append(f"{html.escape(str(key))}: {html.escape(attribute_text(value))}")
        if ann.proposed_by:
            lines.append(self.tr("proposed by ") + html.escape(", ".join(ann.proposed_by)))
        if cluster is not None and uuid in state.proposals:
            lines.append(
                f"{kind_name(cluster.kind)} — {resolution_name(cluster.resolution)}"
                + (" — " + resolution_name("rejected") if uuid in cluster.rejected else "")
            )
        notes = self.project.notes(annotation_uuid=uuid)
        if notes:
            lines.append(notes_html(notes))
        return "<br>".join(lines)


def _document_notes(notes: list[Note]) -> str:
    """What the header adds for the notes on the document (anyone's; the tooltip has them)."""
    if not notes:
        return ""
    flagged = sum(note.needs_review for note in notes)
    return QCoreApplication.translate(
        "widget", " &nbsp;·&nbsp; ✎ {value0} note(s) on the document"
    ).format(value0=len(notes)) + (
        QCoreApplication.translate("widget", " (⚑ {flagged} need review)").format(flagged=flagged)
        if flagged
        else ""
    )


def _noted(notes: list[Note]) -> str:
    """What a proposal's line in the list adds for the notes on it (⚑ when one needs
    review)."""
    return f"  {note_marker(notes)}" if notes else ""


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
