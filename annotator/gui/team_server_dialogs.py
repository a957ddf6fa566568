"""The team server's dialogs: Team > Set up a team server…, Add member…, Remove member…,
Assign on the server…, Blind annotation… and File > Join a team project….

Each is a thin form on one function of `annotator.team_server` (the same as `annotator team
init|add-member|remove-member|assign|blind|join`), run in the background
(`server_jobs.run_in_background`: the GUI thread never waits on the network), with the
server's refusals said clearly (unreachable, authentication failed, permission refused:
`server_jobs.problem_kind`). A password field is offered where the server may want one; it
is used for that run only and never written anywhere (libpq's own ~/.pgpass or service file
are read first). A URL typed with a password in it is refused
(`team_server.refuse_password_in_url`): the field is there.

The error box is an overridable method (`show_error`) for tests. Team progress… is in
`team_progress`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator import team_server
from annotator.errors import AnnotatorError, UsageError
from annotator.gui import i18n
from annotator.gui.server_jobs import Running, Work, run_in_background, server_problem
from annotator.store import Project
from annotator.team import check_annotator_names, shared_count


def _password_field_hint() -> str:
    """Where a form's user types the password instead of in the URL."""
    return QCoreApplication.translate("ServerDialog", "type it in the Password field")


class ServerDialog(QDialog):
    """A form, a password field, Run, the outcome; a subclass builds its form and its work
    (`make_work`) and says what came of it (`done_text`)."""

    finishedRun = Signal(object)  # the core function's result
    failedRun = Signal(object)  # the exception

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._running: Running | None = None
        self.result_value: Any = None
        self.error: BaseException | None = None
        self.form = QFormLayout()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(
            self.tr("only if the server asks for one (never saved)")
        )
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.inputs: list[QWidget] = [self.run_button]
        self.resize(620, 360)

    def add_password_row(self, label: str | None = None) -> None:
        self.form.addRow(label or self.tr("Password"), self.password_edit)
        self.inputs.append(self.password_edit)

    def password(self) -> str | None:
        return self.password_edit.text() or None

    # ---------------------------------------------------------------- subclass's part

    def make_work(self) -> Work:
        """The work the form describes; an AnnotatorError (shown) when it is incomplete."""
        raise NotImplementedError

    def done_text(self, result: Any) -> str:
        return self.tr("Done.")

    def after_finished(self, result: Any) -> None:
        """What a subclass does once its work has finished (before `finishedRun`)."""

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.windowTitle(), message)

    # ---------------------------------------------------------------- running

    def is_running(self) -> bool:
        return self._running is not None

    def start(self) -> bool:
        """Run with the form's values; False (error shown) if they are bad or it runs."""
        if self.is_running():
            return False
        try:
            work = self.make_work()
        except AnnotatorError as err:
            self.show_error(str(err))
            return False
        self.result_value = self.error = None
        self.status_label.setText(self.tr("Working…"))
        for widget in self.inputs:
            widget.setEnabled(False)
        self._running = run_in_background(self, work, self._finished, self._failed)
        return True

    def _stopped(self) -> None:
        self._running = None
        for widget in self.inputs:
            widget.setEnabled(True)

    def _finished(self, result: Any) -> None:
        self._stopped()
        self.result_value = result
        self.status_label.setText(self.done_text(result))
        self.after_finished(result)
        self.finishedRun.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._stopped()
        self.error = error
        message = server_problem(error)
        self.status_label.setText(message)
        self.show_error(message)
        self.failedRun.emit(error)

    def reject(self) -> None:
        if self._running is not None:  # closing lets the job go, never waits on the network
            self._running.let_go()
            self._running = None
        super().reject()


# ---------------------------------------------------------------------------- set up (init)


class InitServerDialog(ServerDialog):
    """Team > Set up a team server…: `annotator team init PROJECT URL --lead` (blind or
    not)."""

    def __init__(self, project: Project, lead: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ServerDialog", "Set up a team server"), parent)
        self.project_path = project.path
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://login@server.example.org/team_db")
        self.lead_edit = QLineEdit(lead)
        self.blind_check = QCheckBox(
            self.tr("Blind annotation: annotators see only their own work on the server")
        )
        self.blind_check.setChecked(True)
        note = QLabel(
            self.tr(
                "Creates the team's tables, roles and access rules in an empty PostgreSQL "
                "database, sends this project's label schema, documents and annotations to it, "
                "and makes you its lead. The URL's login needs the right to create roles. "
                "This project then syncs with the server (Team > Sync now)."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.tr("Server URL"), self.url_edit)
        self.form.addRow(self.tr("Lead (your name)"), self.lead_edit)
        self.form.addRow(self.blind_check)
        self.add_password_row()
        self.run_button.setText(self.tr("Set up"))
        self.inputs += [self.url_edit, self.lead_edit, self.blind_check]

    def make_work(self) -> Work:
        url = self.url_edit.text().strip()
        if not url:
            raise UsageError(self.tr("type the server's URL (postgresql://…)"))
        lead = self.lead_edit.text().strip() or None
        blind = self.blind_check.isChecked()
        path, password = self.project_path, self.password()
        field = _password_field_hint()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            team_server.refuse_password_in_url(url, typed_here=field)
            return team_server.init(path, url, lead=lead, blind=blind, password=password)

        return work

    def done_text(self, result: Any) -> str:
        return self.tr(
            "The team server is set up and this project is joined to it. Next: Team > Add "
            "member… for each annotator, then Team > Assign on the server…"
        )


# ---------------------------------------------------------------------------- add member


class AddMemberDialog(ServerDialog):
    """Team > Add member…: `annotator team add-member URL NAME --role --login`."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ServerDialog", "Add a team member"), parent)
        self.url = url
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        self.role_combo.addItem(self.tr("annotator"), "annotator")
        self.role_combo.addItem(self.tr("lead"), "lead")
        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(
            self.tr("required when the name is not a plain ASCII name, e.g. mona_h")
        )
        self.member_password_edit = QLineEdit()
        self.member_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.member_password_again = QLineEdit()
        self.member_password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Name"), self.name_edit)
        self.form.addRow(self.tr("Role"), self.role_combo)
        self.form.addRow(self.tr("Login"), self.login_edit)
        self.form.addRow(self.tr("Their password"), self.member_password_edit)
        self.form.addRow(self.tr("Their password again"), self.member_password_again)
        self.add_password_row(self.tr("Your password"))
        self.run_button.setText(self.tr("Add"))
        self.inputs += [
            self.name_edit,
            self.role_combo,
            self.login_edit,
            self.member_password_edit,
            self.member_password_again,
        ]

    def make_work(self) -> Work:
        name = self.name_edit.text().strip()
        if not name:
            raise UsageError(self.tr("type the member's name"))
        secret = self.member_password_edit.text()
        if not secret:
            raise UsageError(self.tr("type a password for the member (give it to them)"))
        if secret != self.member_password_again.text():
            raise UsageError(self.tr("the two passwords differ"))
        role = str(self.role_combo.currentData())
        login = self.login_edit.text().strip() or None
        url, password = self.url, self.password()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.add_member(
                url, name, role=role, login=login, new_password=secret, password=password
            )

        return work

    def done_text(self, result: Any) -> str:
        return self.tr(
            "{0} is a member. Give them the server's URL and their password: they join with "
            "File > Join a team project…"
        ).format(self.name_edit.text().strip())


# ---------------------------------------------------------------------------- remove member


class RemoveMemberDialog(ServerDialog):
    """Team > Remove member…: `annotator team remove-member URL NAME [--drop-login]` (the
    members listed from the server)."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ServerDialog", "Remove a team member"), parent)
        self.url = url
        self.member_combo = QComboBox()
        self.load_button = QPushButton(self.tr("List the members"))
        self.load_button.clicked.connect(self.load_members)
        self.drop_login_check = QCheckBox(self.tr("Also delete their login on the server"))
        note = QLabel(
            self.tr(
                "The member can no longer read or write anything of the team, and their "
                "assignments are removed. Their work stays on the server and in this project."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.tr("Member"), self.member_combo)
        self.form.addRow("", self.load_button)
        self.form.addRow(self.drop_login_check)
        self.add_password_row()
        self.run_button.setText(self.tr("Remove"))
        self.inputs += [self.member_combo, self.load_button, self.drop_login_check]

    def set_members(self, names: list[str]) -> None:
        self.member_combo.clear()
        self.member_combo.addItems(names)

    def load_members(self) -> bool:
        """Ask the server for its members (in the background)."""
        if self.is_running():
            return False
        url, password = self.url, self.password()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.members(url, password=password)

        def listed(members: Any) -> None:
            self._stopped()
            self.set_members([m.name for m in members])
            self.status_label.setText(
                self.tr("Members on the server: {0}.").format(i18n.number(len(members)))
            )

        def not_listed(error: BaseException) -> None:
            self._stopped()
            self.status_label.setText(server_problem(error))

        self.status_label.setText(self.tr("Asking the server…"))
        for widget in self.inputs:
            widget.setEnabled(False)
        self._running = run_in_background(self, work, listed, not_listed)
        return True

    def make_work(self) -> Work:
        name = self.member_combo.currentText().strip()
        if not name:
            raise UsageError(self.tr("choose the member to remove (List the members)"))
        drop = self.drop_login_check.isChecked()
        url, password = self.url, self.password()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.remove_member(url, name, drop_login=drop, password=password)

        return work

    def done_text(self, result: Any) -> str:
        text = self.tr(
            "{0} is no longer a member: {1} assignments removed, their work kept."
        ).format(result.name, i18n.number(result.assignments))
        if result.login_dropped:
            text += " " + self.tr("Their login {0} was deleted.").format(result.login)
        elif result.login_kept_because:
            text += " " + self.tr("Their login {0} was kept: {1}.").format(
                result.login, result.login_kept_because
            )
        return text


# ---------------------------------------------------------------------------- blind


class BlindDialog(ServerDialog):
    """Team > Blind annotation…: `annotator team blind URL on|off`."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ServerDialog", "Blind annotation"), parent)
        self.url = url
        self.blind_combo = QComboBox()
        self.blind_combo.addItem(
            self.tr("On: annotators see only their own work on the server"), True
        )
        self.blind_combo.addItem(
            self.tr("Off: annotators also see the others' work on the documents they share"),
            False,
        )
        note = QLabel(
            self.tr(
                "A change reaches each annotator at their next sync. You, the lead, see "
                "everyone's work either way."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.tr("Blind annotation"), self.blind_combo)
        self.add_password_row()
        self.run_button.setText(self.tr("Apply"))
        self.inputs.append(self.blind_combo)

    def make_work(self) -> Work:
        blind = bool(self.blind_combo.currentData())
        url, password = self.url, self.password()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.set_blind(url, blind, password=password)

        return work

    def done_text(self, result: Any) -> str:
        if not result:
            return self.tr("Nothing to change: the server was set so already.")
        if self.blind_combo.currentData():
            return self.tr("Blind annotation is on.")
        return self.tr(
            "Blind annotation is off: annotators get the others' work at their next sync."
        )


# ---------------------------------------------------------------------------- assign


class ServerAssignDialog(ServerDialog):
    """Team > Assign on the server…: `annotator team assign URL --annotators --overlap
    --seed` (the fields of Team > Assign to annotators…; the members listed from the
    server)."""

    def __init__(self, url: str, documents: int, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ServerDialog", "Assign on the server"), parent)
        self.url = url
        self.documents = documents
        self.annotator_list = QListWidget()
        self.annotator_list.setMaximumHeight(140)
        self.overlap_spin = QSpinBox()
        self.overlap_spin.setRange(0, 100)
        self.overlap_spin.setSuffix(" %")
        self.overlap_label = QLabel()
        overlap_row = QHBoxLayout()
        overlap_row.addWidget(self.overlap_spin)
        overlap_row.addWidget(self.overlap_label, 1)
        self.seed_edit = QLineEdit()
        self.seed_edit.setPlaceholderText(self.tr("random"))
        self.load_button = QPushButton(self.tr("List the members"))
        self.load_button.clicked.connect(self.load_members)
        self.form.addRow(self.tr("Annotators"), self.annotator_list)
        self.form.addRow("", self.load_button)
        self.form.addRow(self.tr("Shared by all"), overlap_row)
        self.form.addRow(self.tr("Seed"), self.seed_edit)
        self.add_password_row()
        self.run_button.setText(self.tr("Assign"))
        self.inputs += [self.annotator_list, self.overlap_spin, self.seed_edit, self.load_button]
        self.overlap_spin.valueChanged.connect(self._update_overlap)
        self._update_overlap()

    def set_members(self, names: list[str]) -> None:
        """List `names` (annotators of the server), all checked."""
        self.annotator_list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.annotator_list.addItem(item)

    def load_members(self) -> bool:
        """Ask the server for its annotators (in the background)."""
        if self.is_running():
            return False
        url, password = self.url, self.password()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.members(url, password=password)

        def listed(members: Any) -> None:
            self._stopped()
            names = [m.name for m in members if getattr(m, "role", "annotator") == "annotator"]
            self.set_members(names)
            self.status_label.setText(
                self.tr("Annotators on the server: {0}.").format(i18n.number(len(names)))
            )

        self.status_label.setText(self.tr("Asking the server…"))
        for widget in self.inputs:
            widget.setEnabled(False)

        def not_listed(error: BaseException) -> None:
            self._stopped()
            self.status_label.setText(server_problem(error))

        self._running = run_in_background(self, work, listed, not_listed)
        return True

    def chosen_annotators(self) -> list[str]:
        items = (self.annotator_list.item(row) for row in range(self.annotator_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _update_overlap(self, *_: object) -> None:
        shared = shared_count(self.documents, self.overlap_spin.value() / 100)
        self.overlap_label.setText(
            self.tr("{0} of the {1} documents go to every annotator").format(
                i18n.number(shared), i18n.number(self.documents)
            )
        )

    def make_work(self) -> Work:
        names = check_annotator_names(self.chosen_annotators())
        seed_text = self.seed_edit.text().strip()
        try:
            seed = int(seed_text) if seed_text else None
        except ValueError:
            message = self.tr("the seed is a whole number, not {0}").format(seed_text)
            raise UsageError(message) from None
        overlap = self.overlap_spin.value() / 100
        url, password = self.url, self.password()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.assign(url, names, overlap=overlap, seed=seed, password=password)

        return work

    def done_text(self, result: Any) -> str:
        return self.tr(
            "Assigned on the server: each annotator gets their documents at their next sync."
        )


# ---------------------------------------------------------------------------- join


class JoinDialog(ServerDialog):
    """File > Join a team project…: `annotator team join URL --out LOCAL --as NAME`; the
    project made is opened (`joined` carries its path)."""

    joined = Signal(object)  # the local project's Path

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ServerDialog", "Join a team project"), parent)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://login@server.example.org/team_db")
        self.name_edit = QLineEdit()  # the login decides; a name typed is checked against it
        self.name_edit.setPlaceholderText(
            self.tr("optional: your member name, checked against the login")
        )
        self.out_edit = QLineEdit(str(folder / "team.sqlite"))
        self.out_button = QPushButton(self.tr("Choose…"))
        self.out_button.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_button)
        note = QLabel(
            self.tr(
                "Makes a project on this computer holding the label schema and the documents "
                "assigned to you; you annotate offline as usual, and Team > Sync now (or the "
                "automatic sync) exchanges your work with the team."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.form.addRow(self.tr("Server URL"), self.url_edit)
        self.form.addRow(self.tr("Your name"), self.name_edit)
        self.form.addRow(self.tr("Save the project as"), out_row)
        self.add_password_row()
        self.run_button.setText(self.tr("Join"))
        self.inputs += [self.url_edit, self.name_edit, self.out_edit, self.out_button]

    def _choose_out(self) -> None:
        path = self.choose_out()
        if path:
            self.out_edit.setText(path)

    def choose_out(self) -> str | None:
        """Ask where to save the local project; None if the user gave up."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the team project as"),
            self.out_edit.text(),
            self.tr("Annotator projects (*.sqlite *.annotator *.db);;All files (*)"),
        )
        return path or None

    def make_work(self) -> Work:
        url = self.url_edit.text().strip()
        if not url:
            raise UsageError(self.tr("type the server's URL (postgresql://…)"))
        out_text = self.out_edit.text().strip()
        if not out_text:
            raise UsageError(self.tr("choose where to save the project"))
        out = Path(out_text).expanduser()
        if out.exists():
            raise UsageError(self.tr("{0} exists already: choose another file").format(out))
        name = self.name_edit.text().strip() or None
        password = self.password()
        field = _password_field_hint()

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            team_server.refuse_password_in_url(url, typed_here=field)
            return team_server.join(url, out, as_name=name, password=password)

        return work

    def done_text(self, result: Any) -> str:
        return self.tr("Joined as {0}: {1} documents, saved as {2}.").format(
            result.member, i18n.number(result.documents), result.path
        )

    def after_finished(self, result: Any) -> None:
        self.joined.emit(Path(result.path))


__all__ = [
    "AddMemberDialog",
    "BlindDialog",
    "InitServerDialog",
    "JoinDialog",
    "RemoveMemberDialog",
    "ServerAssignDialog",
]
