"""The project store: one SQLite file per project (no Qt)."""

from annotator.store.project import (
    AddResult,
    ImportSummary,
    PreparedDocument,
    Project,
    ProjectError,
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
    "prepare_document",
    "sha256_text",
]
