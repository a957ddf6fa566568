"""The project store: one SQLite file per project (no Qt). The only code that speaks SQL or
imports sqlite3: callers that report SQLite's own errors catch them as `store.DatabaseError`
(a damaged or unreadable file), `store.OperationalError` (busy, locked, read-only, disk full)
or their base `store.SQLiteError`."""

from sqlite3 import DatabaseError, OperationalError
from sqlite3 import Error as SQLiteError

from annotator.rules import LabelDef, RelationType  # the schema types the store's API takes
from annotator.store.doc_labels import DocLabel
from annotator.store.doc_time import DocTime
from annotator.store.notes import FlaggedDocument, Note
from annotator.store.project import (
    AddResult,
    ImportSummary,
    PreparedDocument,
    Project,
    ProjectError,
    WriteError,
    prepare_document,
    sha256_text,
)
from annotator.store.records import (
    Accepted,
    Annotation,
    Document,
    DocumentRow,
    HistoryEntry,
    NewSuggestion,
    Rejected,
    RejectionKey,
    Relation,
    Suggestion,
)
from annotator.store.suggestions import BulkAccepted, BulkUndone, GazetteerRow, SuggestionCount

__all__ = [
    "Accepted",
    "AddResult",
    "Annotation",
    "BulkAccepted",
    "BulkUndone",
    "DatabaseError",
    "DocLabel",
    "DocTime",
    "Document",
    "DocumentRow",
    "FlaggedDocument",
    "GazetteerRow",
    "HistoryEntry",
    "ImportSummary",
    "LabelDef",
    "NewSuggestion",
    "Note",
    "OperationalError",
    "PreparedDocument",
    "Project",
    "ProjectError",
    "Rejected",
    "RejectionKey",
    "Relation",
    "RelationType",
    "SQLiteError",
    "Suggestion",
    "SuggestionCount",
    "WriteError",
    "prepare_document",
    "sha256_text",
]
