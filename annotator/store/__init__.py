"""The project store: one SQLite file per project (no Qt)."""

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
from annotator.store.records import Annotation, Document, LabelDef, Relation, RelationType

__all__ = [
    "AddResult",
    "Annotation",
    "Document",
    "ImportSummary",
    "LabelDef",
    "PreparedDocument",
    "Project",
    "ProjectError",
    "Relation",
    "RelationType",
    "WriteError",
    "prepare_document",
    "sha256_text",
]
