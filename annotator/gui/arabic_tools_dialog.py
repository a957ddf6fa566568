"""Settings > Arabic tools…: what of camel-tools is installed, the user's choices, and how to
install the rest.

The dialog shows `annotator.camel.inventory` (what `annotator doctor` prints): camel-tools'
version, what works out of the box, each data package (found where: chosen here or installed
by ``camel_data``; what it adds), torch and transformers, and the commands installing what is
missing (selectable text and a Copy button). It lets the user choose a morphology database file
and a CAMeL NER model folder, and map CAMeL NER's labels (PERS, ORG, LOC, MISC) to the
project's labels or to none; the inventory shown follows the choices at once, and Save writes
them (`annotator.camel.config.save_config`, read by the app and the command line alike).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.camel import config as tools_config
from annotator.camel.env import desktop_bundle
from annotator.camel.inventory import (
    DISAMBIG_PACKAGE,
    FROM_SETTINGS,
    DataPackage,
    Inventory,
    inventory,
)
from annotator.errors import InputError

NER_LABELS = ("PERS", "ORG", "LOC", "MISC")


class ArabicToolsDialog(QDialog):
    """The inventory and the choices; `project_labels` are offered for CAMeL NER's labels."""

    def __init__(self, project_labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Arabic tools"))
        self.load_problem: str | None = None
        try:
            saved = tools_config.load_config()
        except InputError as err:
            saved = tools_config.ToolsConfig()
            self.load_problem = str(err)
        self.found: Inventory = inventory(saved)

        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        self.version_label = QLabel()
        layout.addWidget(self.version_label)
        if self.load_problem:
            warning = QLabel(
                self.tr(
                    "The saved choices could not be read ({problem}); defaults are shown."
                ).format(problem=self.load_problem)
            )
            warning.setWordWrap(True)
            layout.addWidget(warning)

        always = QGroupBox(self.tr("Works out of the box"))
        always_layout = QVBoxLayout(always)
        for text in (
            self.tr(
                "Transliteration (Buckwalter, Safe Buckwalter, HSB) of the selection, on "
                "hover and in exports"
            ),
            self.tr("Arabic normalization and dediacritization"),
            self.tr("Import cleaning with camel-tools' arclean character map"),
        ):
            label = QLabel("• " + text)
            label.setWordWrap(True)
            always_layout.addWidget(label)
        layout.addWidget(always)

        packages = QGroupBox(self.tr("Data packages"))
        grid = QGridLayout(packages)
        self.status_labels: dict[str, QLabel] = {}
        row = 0
        for name, (title, adds) in self._package_texts().items():
            if row:
                grid.setRowMinimumHeight(row, 10)  # a gap between packages
                row += 1
            heading = QLabel(f"<b>{title}</b> <small>({name})</small>")
            grid.addWidget(heading, row, 0, 1, 3)
            status = QLabel()
            status.setWordWrap(True)
            status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.status_labels[name] = status
            grid.addWidget(status, row + 1, 0, 1, 3)
            added = QLabel(self.tr("Adds: {what}").format(what=adds))
            added.setWordWrap(True)
            grid.addWidget(added, row + 2, 0, 1, 3)
            row += 3
            if name == tools_config.MORPHOLOGY_PACKAGE:
                self.morphology_edit, row = self._path_row(
                    grid,
                    row,
                    self.tr("Database file:"),
                    saved.morphology_db,
                    self.choose_morphology,
                )
            elif name == tools_config.NER_PACKAGE:
                self.ner_edit, row = self._path_row(
                    grid, row, self.tr("Model folder:"), saved.ner_model, self.choose_ner
                )
        layout.addWidget(packages)

        python = QGroupBox(self.tr("Python packages for CAMeL NER"))
        python_layout = QVBoxLayout(python)
        self.python_label = QLabel()
        self.python_label.setWordWrap(True)
        self.python_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        python_layout.addWidget(self.python_label)
        layout.addWidget(python)

        labels = QGroupBox(self.tr("CAMeL NER's labels in this project"))
        labels_form = QFormLayout(labels)
        choices = list(dict.fromkeys([*project_labels, *saved.ner_labels.values()]))
        self.label_combos: dict[str, QComboBox] = {}
        for ner_label in NER_LABELS:
            combo = QComboBox()
            combo.addItem(self.tr("(none)"), None)
            for choice in choices:
                combo.addItem(choice, choice)
            mapped = saved.ner_labels.get(ner_label)
            combo.setCurrentIndex(max(0, combo.findData(mapped)) if mapped else 0)
            self.label_combos[ner_label] = combo
            labels_form.addRow(ner_label, combo)
        layout.addWidget(labels)

        install = QGroupBox(self.tr("To install what is missing"))
        install_layout = QVBoxLayout(install)
        self.commands_edit = QPlainTextEdit()
        self.commands_edit.setReadOnly(True)
        self.commands_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.commands_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        lines = self.commands_edit.fontMetrics().lineSpacing()
        self.commands_edit.setFixedHeight(lines * 5 + 12)
        install_layout.addWidget(self.commands_edit)
        self.where_label = QLabel()
        self.where_label.setWordWrap(True)
        self.where_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        install_layout.addWidget(self.where_label)
        self.copy_button = QPushButton(self.tr("&Copy commands"))
        self.copy_button.clicked.connect(self.copy_commands)
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copy_button)
        install_layout.addLayout(copy_row)
        layout.addWidget(install)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.refresh()
        # all of it without scrolling when the screen is tall enough
        wanted = body.sizeHint().height() + self.buttons.sizeHint().height() + 40
        screen = self.screen().availableGeometry().height() if self.screen() else wanted
        self.resize(max(720, body.sizeHint().width() + 40), min(wanted, int(screen * 0.9)))

    # ------------------------------------------------------------------ building

    def _package_texts(self) -> dict[str, tuple[str, str]]:
        return {
            tools_config.MORPHOLOGY_PACKAGE: (
                self.tr("Morphology database"),
                self.tr(
                    "hover shows a word's analyses (lemma, part of speech, gloss, clitics); "
                    "morpheme snapping; CoNLL and HF exports split at clitics (--segment)"
                ),
            ),
            DISAMBIG_PACKAGE: (
                self.tr("Disambiguation model"),
                self.tr(
                    "the likeliest analysis of a word in its sentence comes first (installs "
                    "the morphology database too)"
                ),
            ),
            tools_config.NER_PACKAGE: (
                self.tr("CAMeL NER model"),
                self.tr(
                    "the CAMeL NER recommender: person, organization and place suggestions "
                    "(needs torch and transformers)"
                ),
            ),
        }

    def _path_row(self, grid: QGridLayout, row: int, caption: str, value, choose):
        edit = QLineEdit(value or "")
        edit.setPlaceholderText(self.tr("camel_data's, when installed"))
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.editingFinished.connect(self.refresh)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(choose)
        clear = QPushButton(self.tr("Use camel_data's"))
        clear.clicked.connect(lambda: (edit.clear(), self.refresh()))
        line = QHBoxLayout()
        line.addWidget(QLabel(caption))
        line.addWidget(edit, 1)
        line.addWidget(browse)
        line.addWidget(clear)
        grid.addLayout(line, row, 0, 1, 3)
        return edit, row + 1

    # ------------------------------------------------------------------ state

    def choices(self) -> tools_config.ToolsConfig:
        """The choices as the dialog shows them (saved by Save)."""
        labels = {
            ner_label: combo.currentData()
            for ner_label, combo in self.label_combos.items()
            if combo.currentData()
        }
        return tools_config.ToolsConfig(
            self.morphology_edit.text().strip() or None,
            self.ner_edit.text().strip() or None,
            labels,
        )

    def refresh(self) -> None:
        """Show the inventory with the choices as they are in the dialog."""
        self.found = inventory(self.choices())
        version = self.found.camel_tools
        self.version_label.setText(
            self.tr("camel-tools {version}").format(version=version)
            if version
            else self.tr("camel-tools is not installed.")
        )
        for package in self.found.packages:
            self.status_labels[package.name].setText(self._status(package))
        lines = []
        for python_package in self.found.python_packages:
            if python_package.version:
                lines.append(
                    self.tr("{name} {version}: installed").format(
                        name=python_package.name, version=python_package.version
                    )
                )
            else:
                lines.append(self.tr("{name}: not installed").format(name=python_package.name))
        if desktop_bundle():
            lines.append(
                self.tr(
                    "This desktop bundle does not include them, so CAMeL NER does not run here: "
                    "run annotator from a pip installation (README, Quick start) to use it."
                )
            )
        self.python_label.setText("\n".join(lines))
        self.commands_edit.setPlainText("\n".join(self.found.commands))
        self.copy_button.setEnabled(bool(self.found.commands))
        if not self.found.commands:
            self.commands_edit.setPlaceholderText(self.tr("Everything is installed."))
        self.where_label.setText(
            self.tr(
                "camel_data installs into {folder} (set CAMELTOOLS_DATA, for camel_data and "
                "the app alike, to install elsewhere). Restart the app after installing."
            ).format(folder=self.found.install_dir)
        )

    def _status(self, package: DataPackage) -> str:
        if package.found:
            where = self.tr("chosen here") if package.source == FROM_SETTINGS else "camel_data"
            return self.tr("✔ Installed: {path} ({where})").format(path=package.path, where=where)
        if package.path and package.name == tools_config.NER_PACKAGE:
            return self.tr("✘ No CAMeL NER model at {path} (a folder holding config.json)").format(
                path=package.path
            )
        if package.path:
            return self.tr("✘ No database at {path}").format(path=package.path)
        return self.tr("✘ Not installed ({size})").format(size=package.size)

    # ------------------------------------------------------------------ actions

    def choose_morphology(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a morphology database"),
            self.morphology_edit.text(),
            self.tr("Morphology databases (*.db);;All files (*)"),
        )
        if path:
            self.morphology_edit.setText(path)
            self.refresh()

    def choose_ner(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a CAMeL NER model folder"), self.ner_edit.text()
        )
        if path:
            self.ner_edit.setText(path)
            self.refresh()

    def copy_commands(self) -> None:
        QGuiApplication.clipboard().setText(self.commands_edit.toPlainText())

    def save(self) -> None:
        try:
            tools_config.save_config(self.choices())
        except OSError as err:
            QMessageBox.warning(
                self,
                self.tr("Arabic tools"),
                self.tr("The choices could not be saved: {error}").format(error=str(err)),
            )
            return
        self.accept()
