"""The label schema (labels, relation types) and the annotators of a project."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotator.errors import NotFoundError, SchemaError, UsageError
from annotator.rules import LabelDef, RelationType, role_for
from annotator.store.connection import ProjectConnection
from annotator.store.labels import GUIDELINES_KEY
from annotator.store.rows import now

if TYPE_CHECKING:
    pass

# The annotators that count (`Vocabulary.annotators`, `readmodel.annotator_rows`): not one whose
# only trace is what recommenders proposed to them (suggestions, rejections: never anyone's work,
# house rule 6), e.g. someone `annotator suggest --for` named before they annotated anything.
# Statuses are looked at first: whoever annotated has one (the usual, quick, case).
COUNTED_ANNOTATOR = (
    "(EXISTS (SELECT 1 FROM doc_status s WHERE s.annotator_id = {a}.id) "
    "OR EXISTS (SELECT 1 FROM annotations n WHERE n.annotator_id = {a}.id) "
    "OR NOT (EXISTS (SELECT 1 FROM rejections r WHERE r.annotator_id = {a}.id) "
    "OR EXISTS (SELECT 1 FROM suggestions g WHERE g.annotator_id = {a}.id)))"
)

_PALETTE = ("#2b7bba", "#e08a1e", "#c8313a", "#3a9a4a", "#8e5bb5", "#8c564b", "#d064a8", "#17becf")


class Vocabulary(ProjectConnection):
    """A project's label schema and annotators (a layer of `Project`)."""

    def labels(self) -> list[LabelDef]:
        if self._labels_cache is None:
            rows = self.conn.execute(
                "SELECT name, colour, hotkey, attributes, position, description FROM labels "
                "ORDER BY position"
            )
            self._labels_cache = [
                LabelDef(name, colour, hotkey, json.loads(attrs), position, description)
                for name, colour, hotkey, attrs, position, description in rows
            ]
        return [LabelDef(**vars(label)) for label in self._labels_cache]

    def label(self, name: str) -> LabelDef | None:
        return next((label for label in self.labels() if label.name == name), None)

    def relation_types(self) -> list[RelationType]:
        rows = self.conn.execute(
            "SELECT name, head_label, tail_label, hotkey FROM relation_types ORDER BY name"
        )
        return [RelationType(*row) for row in rows]

    def set_label(self, label: LabelDef, *, position: int | None = None) -> None:
        """Add or replace a label definition. A new label goes at the end of the list, or at
        `position` when given (the labels from there on move down one: undoing a deletion
        puts the label back where it was)."""
        if not label.name.strip():
            raise SchemaError("a label needs a name")
        if label.hotkey:
            clash = self.conn.execute(
                "SELECT name FROM labels WHERE hotkey = ? AND name != ?", (label.hotkey, label.name)
            ).fetchone()
            if clash:
                raise SchemaError(f"hotkey {label.hotkey!r} is already used by {clash[0]}")
        with self.transaction():
            row = self.conn.execute(
                "SELECT position FROM labels WHERE name = ?", (label.name,)
            ).fetchone()
            if row is not None:  # an edit keeps its place
                position = row[0]
            elif position is not None:
                self.conn.execute(
                    "UPDATE labels SET position = position + 1 WHERE position >= ?", (position,)
                )
            else:
                position = self.conn.execute(
                    "SELECT coalesce(max(position) + 1, 0) FROM labels"
                ).fetchone()[0]
            self.conn.execute(
                "INSERT OR REPLACE INTO labels(name, colour, hotkey, position, attributes, "
                "description) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    label.name,
                    label.colour,
                    label.hotkey or None,
                    position,
                    json.dumps(label.attributes, ensure_ascii=False),
                    label.description,
                ),
            )
            self._log("set label", None, {"label": label.name})
        self._labels_cache = None

    def rename_label(self, old: str, new: str) -> None:
        """Rename a label everywhere: its definition, annotations, relation types, and the
        suggestions, rejections and gazetteer entries of it."""
        if not new.strip():
            raise SchemaError("a label needs a name")
        if self.label(old) is None:
            raise NotFoundError(f"no label named {old!r}")
        if self.label(new) is not None:
            raise SchemaError(f"a label named {new!r} exists already")
        with self.transaction():
            self.conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new, old))
            for table in ("annotations", "suggestions"):
                self.conn.execute(f"UPDATE {table} SET label = ? WHERE label = ?", (new, old))
            for table in ("rejections", "gazetteer"):  # keyed by label: one row of each kept
                self.conn.execute(
                    f"UPDATE OR REPLACE {table} SET label = ? WHERE label = ?", (new, old)
                )
            self.conn.execute(
                "UPDATE relation_types SET head_label = ? WHERE head_label = ?", (new, old)
            )
            self.conn.execute(
                "UPDATE relation_types SET tail_label = ? WHERE tail_label = ?", (new, old)
            )
            self._log("rename label", None, {"old": old, "new": new})
        self._labels_cache = None

    def delete_label(self, name: str) -> None:
        """Remove a label definition; refused while annotations use it. Its pending
        suggestions go with it (machine output, not anyone's work); the rejections and
        gazetteer entries of it stay (they are the users' work, and come back into force if a
        label of that name is defined again)."""
        used = self.conn.execute(
            "SELECT count(*) FROM annotations WHERE label = ?", (name,)
        ).fetchone()[0]
        if used:
            raise SchemaError(f"label {name!r} is used by {used} annotation(s)")
        with self.transaction():
            self.conn.execute("DELETE FROM labels WHERE name = ?", (name,))
            self.conn.execute("DELETE FROM suggestions WHERE label = ?", (name,))
            self._log("delete label", None, {"label": name})
        self._labels_cache = None

    def set_relation_type(self, relation: RelationType) -> None:
        """Add or replace a relation type; refused (SchemaError) when relations of that name
        would no longer fit its ends."""
        unfit = [
            problem
            for head_label, tail_label in self.conn.execute(
                "SELECT DISTINCT h.label, t.label FROM relations r "
                "JOIN annotations h ON h.uuid = r.head JOIN annotations t ON t.uuid = r.tail "
                "WHERE r.label = ?",
                (relation.name,),
            )
            if (problem := relation.fit_problem(head_label, tail_label))
        ]
        if unfit:
            raise SchemaError(f"existing relations would no longer fit: {unfit[0]}")
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO relation_types(name, head_label, tail_label, hotkey) "
                "VALUES (?, ?, ?, ?)",
                (relation.name, relation.head_label, relation.tail_label, relation.hotkey),
            )

    def delete_relation_type(self, name: str) -> None:
        """Remove a relation type; refused (SchemaError) while relations of that type exist."""
        if not any(r.name == name for r in self.relation_types()):
            raise NotFoundError(f"no relation type named {name!r}")
        used = self.conn.execute(
            "SELECT count(*) FROM relations WHERE label = ?", (name,)
        ).fetchone()[0]
        if used:
            raise SchemaError(f"relation type {name!r} is used by {used} relation(s)")
        with self.transaction():
            self.conn.execute("DELETE FROM relation_types WHERE name = ?", (name,))
            self._log("delete relation type", None, {"relation_type": name})

    def ensure_labels(self, names: Iterable[str]) -> list[str]:
        """Add a plain definition for each label not in the schema yet; returns those added."""
        existing = {label.name for label in self.labels()}
        added = [name for name in dict.fromkeys(names) if name not in existing]
        if added:
            with self.transaction():
                base = len(existing)
                for offset, name in enumerate(added):
                    self.conn.execute(
                        "INSERT INTO labels(name, colour, hotkey, position, attributes) "
                        "VALUES (?, ?, NULL, ?, '[]')",
                        (name, _PALETTE[(base + offset) % len(_PALETTE)], base + offset),
                    )
            self._labels_cache = None
        return added

    def label_schema(self) -> dict:
        """The label schema as the JSON structure of `annotator/resources/labels.json`, with
        each label's description and the project's guideline text (`guidelines`)."""
        return {
            "labels": [
                {
                    "name": lab.name,
                    "colour": lab.colour,
                    "hotkey": lab.hotkey,
                    "description": lab.description,
                    "attributes": lab.attributes,
                }
                for lab in self.labels()
            ],
            "relations": [
                {"name": r.name, "head": r.head_label, "tail": r.tail_label, "hotkey": r.hotkey}
                for r in self.relation_types()
            ],
            "guidelines": self.guidelines(),
        }

    def guidelines(self) -> str:
        """The project's guideline text (Markdown; empty when there is none)."""
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (GUIDELINES_KEY,)
        ).fetchone()
        return row[0] if row else ""

    def set_guidelines(self, text: str) -> None:
        """Replace the project's guideline text (one commit; empty removes it)."""
        with self.transaction():
            if text:
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (GUIDELINES_KEY, text)
                )
            else:
                self.conn.execute("DELETE FROM meta WHERE key = ?", (GUIDELINES_KEY,))
            self._log("set guidelines", None, {"characters": len(text)})

    def _write_label_schema(self, spec: dict) -> None:
        for position, item in enumerate(spec.get("labels", [])):
            self.conn.execute(
                "INSERT INTO labels(name, colour, hotkey, position, attributes, description) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    item["name"],
                    item.get("colour", _PALETTE[position % len(_PALETTE)]),
                    item.get("hotkey"),
                    position,
                    json.dumps(item.get("attributes", []), ensure_ascii=False),
                    item.get("description") or "",
                ),
            )
        for item in spec.get("relations", []):
            self.conn.execute(
                "INSERT INTO relation_types(name, head_label, tail_label, hotkey) "
                "VALUES (?, ?, ?, ?)",
                (item["name"], item.get("head"), item.get("tail"), item.get("hotkey")),
            )
        if spec.get("guidelines"):
            self.set_guidelines(spec["guidelines"])
        self._labels_cache = None

    def annotator_id(self, name: str, *, create: bool = True, role: str | None = None) -> int:
        """The id of annotator `name`, created (`create`) with `role` (default: the one
        `rules.role_for` gives the name) when there is none."""
        name = name.strip()
        if not name:
            raise UsageError("an annotator needs a name")
        cached = self._annotator_ids.get(name)
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row is None:
            if not create:
                raise NotFoundError(f"no annotator named {name!r}")
            with self.transaction():
                row = self.conn.execute(
                    "INSERT INTO annotators(name, role, created_at) VALUES (?, ?, ?) RETURNING id",
                    (name, role or role_for(name), now()),
                ).fetchone()
        self._annotator_ids[name] = row[0]
        return row[0]

    def annotators(self, *, role: str | None = "annotator") -> list[str]:
        """The annotators (of `role`, or all) in name order; not those who only have
        suggestions (`COUNTED_ANNOTATOR`)."""
        counted = COUNTED_ANNOTATOR.format(a="w")
        if role is None:
            rows = self.conn.execute(f"SELECT name FROM annotators w WHERE {counted} ORDER BY name")
        else:
            rows = self.conn.execute(
                f"SELECT name FROM annotators w WHERE role = ? AND {counted} ORDER BY name",
                (role,),
            )
        return [name for (name,) in rows]
