"""`annotator labels`: show and edit a project's label schema from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "labels",
        help="show or edit the label schema",
        description="Show the label schema (labels, colours, hotkeys, attributes, relation "
        "types), or edit it: load definitions from a JSON file in the format that --json "
        "prints (the default schema ships as annotator/resources/labels.json), rename or "
        "delete a label, delete a relation type.",
        epilog="examples:\n  annotator labels corpus.sqlite\n"
        "  annotator labels corpus.sqlite --json > schema.json\n"
        "  annotator labels corpus.sqlite --load schema.json\n"
        "  annotator labels corpus.sqlite --rename CASUALTY CASUALTIES\n"
        "  annotator labels corpus.sqlite --delete-relation victim_of",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--json", action="store_true", help="print the schema as JSON")
    action.add_argument(
        "--load",
        type=Path,
        metavar="FILE",
        help="add or replace the labels and relation types defined in FILE",
    )
    action.add_argument(
        "--rename",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="rename a label everywhere, annotations, suggestions, rejected suggestions and "
        "gazetteer entries included",
    )
    action.add_argument(
        "--delete",
        metavar="NAME",
        help="delete an unused label (its pending suggestions go too; rejections and gazetteer "
        "entries of it stay, for a label of that name defined again)",
    )
    action.add_argument(
        "--delete-relation", metavar="NAME", help="delete a relation type no relation uses"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from annotator.store import LabelDef, Project, RelationType

    with Project.open(args.project) as project:
        if args.load:
            spec = _read_spec(args.load)
            with project.transaction():
                for item in spec.get("labels", []):
                    project.set_label(
                        LabelDef(
                            name=item["name"],
                            colour=item.get("colour", "#888888"),
                            hotkey=item.get("hotkey"),
                            attributes=item.get("attributes", []),
                        )
                    )
                for item in spec.get("relations", []):
                    project.set_relation_type(
                        RelationType(
                            item["name"], item.get("head"), item.get("tail"), item.get("hotkey")
                        )
                    )
        elif args.rename:
            project.rename_label(*args.rename)
        elif args.delete:
            project.delete_label(args.delete)
        elif args.delete_relation:
            project.delete_relation_type(args.delete_relation)
        schema = project.label_schema()
    if args.json:
        print(json.dumps(schema, ensure_ascii=False, indent=2))
        return 0
    for label in schema["labels"]:
        attributes = ", ".join(_describe_attribute(a) for a in label["attributes"]) or "-"
        hotkey = label["hotkey"] or "-"
        print(f"{label['name']:<12} {label['colour']}  key {hotkey:<3} {attributes}")
    for relation in schema["relations"]:
        print(
            f"relation {relation['name']}: {relation['head'] or 'any'} -> "
            f"{relation['tail'] or 'any'}  key {relation['hotkey'] or '-'}"
        )
    return 0


def _describe_attribute(attribute: dict) -> str:
    values = attribute.get("values")
    kind = attribute.get("type", "text")
    return f"{attribute['name']} ({'|'.join(values) if values else kind})"


def _read_spec(path: Path) -> dict:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from err
    except json.JSONDecodeError as err:
        raise InputError(str(path), err.lineno, f"not valid JSON: {err.msg}") from err
    except UnicodeDecodeError as err:
        raise InputError(str(path), None, f"not UTF-8 text: {err.reason}") from err
    if not isinstance(spec, dict):
        raise InputError(str(path), None, "expected an object with 'labels' and 'relations'")
    for index, item in enumerate(spec.get("labels", [])):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(str(path), None, f"labels[{index}] needs a 'name'")
    for index, item in enumerate(spec.get("relations", [])):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(str(path), None, f"relations[{index}] needs a 'name'")
    return spec
