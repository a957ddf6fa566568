"""A team unit's content as sync carries it (`store.sync_local` reads and writes it here,
`store.pg.remote` on the server): one annotator's work on one document, free of local ids."""

from __future__ import annotations

import hashlib
import json
from typing import Any, NamedTuple

from annotator.rules import NEW


class UnitAnnotation(NamedTuple):
    uuid: str
    label: str
    start: int
    end: int
    text: str
    attributes: dict[str, Any]
    proposed_by: tuple[str, ...]
    suggested_by: dict[str, Any] | None
    created_at: str
    updated_at: str


class UnitRelation(NamedTuple):
    uuid: str
    label: str
    head: str
    tail: str
    created_at: str


class UnitNote(NamedTuple):
    """A note the unit's annotator wrote on the document (`annotation_uuid` None) or on an
    annotation (maybe someone else's, e.g. a lead's note on an annotator's span)."""

    uuid: str
    annotation_uuid: str | None
    text: str
    needs_review: bool
    created_at: str
    updated_at: str


class UnitDocLabel(NamedTuple):
    name: str
    value: Any
    updated_at: str


class UnitDecision(NamedTuple):
    """A curation decision (gold unit only) on proposal `annotation_uuid`."""

    annotation_uuid: str
    decision: str
    gold_uuid: str | None
    label: str
    start: int
    end: int
    at: str


class UnitContent(NamedTuple):
    """Everything of one unit, in a machine-independent form (no local ids), each list in
    a fixed order (uuid, name): the same content reads the same on every machine."""

    status: str = NEW
    seconds: float = 0.0
    annotations: tuple[UnitAnnotation, ...] = ()
    relations: tuple[UnitRelation, ...] = ()
    notes: tuple[UnitNote, ...] = ()
    doc_labels: tuple[UnitDocLabel, ...] = ()
    curation: tuple[UnitDecision, ...] = ()

    def sorted(self) -> UnitContent:
        """The same content with each list in its canonical order."""
        return self._replace(
            annotations=tuple(sorted(self.annotations, key=lambda a: a.uuid)),
            relations=tuple(sorted(self.relations, key=lambda r: r.uuid)),
            notes=tuple(sorted(self.notes, key=lambda n: n.uuid)),
            doc_labels=tuple(sorted(self.doc_labels, key=lambda d: d.name)),
            curation=tuple(sorted(self.curation, key=lambda c: c.annotation_uuid)),
        )

    @property
    def empty(self) -> bool:
        return self == UnitContent()


def round_seconds(seconds: float) -> float:
    """Editing seconds as a unit carries them: to a tenth (the server keeps a `real`)."""
    return round(float(seconds), 1)


def content_json(content: UnitContent) -> dict[str, Any]:
    """`content` as JSON data (canonical order): what its digest is computed over, and what
    a conflict keeps on the server."""
    content = content.sorted()
    return {
        "status": content.status,
        "seconds": round_seconds(content.seconds),
        "annotations": [
            a._asdict() | {"proposed_by": list(a.proposed_by)} for a in content.annotations
        ],
        "relations": [r._asdict() for r in content.relations],
        "notes": [n._asdict() for n in content.notes],
        "doc_labels": [d._asdict() for d in content.doc_labels],
        "curation": [c._asdict() for c in content.curation],
    }


def content_from_json(data: dict[str, Any]) -> UnitContent:
    """The UnitContent of `content_json`'s data."""
    return UnitContent(
        status=data["status"],
        seconds=float(data["seconds"]),
        annotations=tuple(
            UnitAnnotation(**a | {"proposed_by": tuple(a["proposed_by"])})
            for a in data["annotations"]
        ),
        relations=tuple(UnitRelation(**r) for r in data["relations"]),
        notes=tuple(UnitNote(**n) for n in data["notes"]),
        doc_labels=tuple(UnitDocLabel(**d) for d in data["doc_labels"]),
        curation=tuple(UnitDecision(**c) for c in data["curation"]),
    )


def json_digest(data: Any) -> str:
    """sha256 of `data`'s canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unit_digest(content: UnitContent) -> str:
    """The digest of a unit's content: sha256 of its canonical JSON (the one rule;
    `annotator.sync.unit_digest`)."""
    return json_digest(content_json(content))


def dump_content(content: UnitContent) -> str:
    """`content` as the JSON text a project keeps (a unit's base, a push in flight)."""
    return json.dumps(content_json(content), ensure_ascii=False, separators=(",", ":"))


def load_content(text: str) -> UnitContent:
    """The UnitContent of `dump_content`'s text."""
    return content_from_json(json.loads(text))
