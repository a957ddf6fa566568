"""The one error hierarchy of annotator (no Qt, no SQL).

Every problem a user can cause or mend raises an `AnnotatorError`; its message is written for
the user. The CLI turns these, and only these, into ``annotator: error: ...`` with exit status 2
(`annotator.cli.main`); anything else (a bare ValueError, KeyError, ...) is a bug and keeps its
traceback. The GUI shows the message of an `AnnotatorError` in a dialog.

- `InputError`: a bad input file or record; names the file, the line and what is wrong.
- `BatchError`: several `InputError`s at once; nothing was written.
- `SchemaError`: the label schema or an annotation rule refuses a value, a label, a span or a
  relation.
- `NotFoundError`: an unknown document, annotator, label, format or backup.
- `UsageError`: an operation asked for something it cannot do: an option out of range or at
  odds with another, nothing to work on. The message names the option.
- `ProjectError`: the project file cannot be used (missing, not a project, damaged, too new,
  open elsewhere); `kind` says which, for callers that act on it (the GUI's open dialogs).
  `annotator.store.WriteError` is a ProjectError for a refused write.

Modules may subclass these for their callers (`team.TeamError` is a UsageError,
`store.backups.BackupError` a ProjectError), never `AnnotatorError` itself. `InputError`,
`BatchError`, `SchemaError` and `UsageError` are also ValueErrors and `NotFoundError` a
LookupError, so code that predates this module keeps working; new code catches these names.
"""

from __future__ import annotations

from typing import Literal

ProjectErrorKind = Literal[
    "missing",  # no such file
    "not_database",  # not an SQLite file (or its first page is damaged: SQLite cannot tell)
    "not_project",  # an SQLite database without annotator's tables
    "damaged",  # SQLite reports the file malformed
    "too_new",  # written by a newer annotator
    "not_upgraded",  # from an older annotator, and upgrading it failed (nothing was changed)
    "unreadable",  # permissions, a folder, an I/O error
    "read_only",  # readable, but the file or its folder cannot be written
    "in_use",  # another program holds the file
    "exists",  # creating over an existing file
    "other",
]


class AnnotatorError(Exception):
    """A problem the user can understand and mend; the message says what and, if it can, how."""


class InputError(AnnotatorError, ValueError):
    """Bad input: names the file, the line (1-based, or None) and what is wrong."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        return (InputError, (self.path, self.line, self.message))


class BatchError(AnnotatorError, ValueError):
    """Several bad inputs at once; nothing was written."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} bad input(s), nothing imported:\n{lines}")

    def __reduce__(self):
        return (BatchError, (self.errors,))


class SchemaError(AnnotatorError, ValueError):
    """The label schema or an annotation rule refuses this; nothing was written."""


class NotFoundError(AnnotatorError, LookupError):
    """No such document, annotator, label, format or backup."""

    def __str__(self) -> str:  # LookupError's KeyError-style quoting is not for users
        return str(self.args[0]) if self.args else ""


class UsageError(AnnotatorError, ValueError):
    """An operation asked for something it cannot do (an option out of range or at odds with
    another, nothing to work on); the message names the option. Nothing was written."""


class ProjectError(AnnotatorError):
    """The file cannot be used as a project; the message says why. Nothing was changed."""

    def __init__(self, message: str, *, kind: ProjectErrorKind = "other") -> None:
        super().__init__(message)
        self.kind: ProjectErrorKind = kind

    def __reduce__(self):  # subclasses' own fields (WriteError.busy) travel as state
        return (_rebuilt_project_error, (type(self), str(self), self.kind), self.__dict__)


def _rebuilt_project_error(
    cls: type[ProjectError], message: str, kind: ProjectErrorKind
) -> ProjectError:
    error = cls.__new__(cls)
    ProjectError.__init__(error, message, kind=kind)
    return error
