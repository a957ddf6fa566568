"""`annotator labels`: show and edit a project's label schema from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.errors import InputError, SchemaError
from annotator.files import atomic_file
from annotator.rules import ATTRIBUTE_TYPES, attribute_definition, doc_attribute_definition


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "labels",
        help="show or edit the label schema",
        description="Show the label schema (labels, colours, hotkeys, descriptions, attributes, "
        "relation types, the project's guideline text), or edit it: load definitions from a "
        "JSON file in the format that --json prints and --dump writes (the default schema "
        "ships as annotator/resources/labels.json; a label's and an attribute's "
        "'description' and the file's 'guidelines' text are optional), set the guideline text "
        "from a Markdown file, rename or delete a label, delete a relation type.",
        epilog="examples:\n  annotator labels corpus.sqlite\n"
        "  annotator labels corpus.sqlite --json > schema.json\n"
        "  annotator labels corpus.sqlite --dump schema.json\n"
        "  annotator labels corpus.sqlite --load schema.json\n"
        "  annotator labels corpus.sqlite --guidelines guidelines.md\n"
        "  annotator labels corpus.sqlite --rename CASUALTY CASUALTIES\n"
        "  annotator labels corpus.sqlite --delete-relation victim_of\n"
        "  annotator labels corpus.sqlite --add-doc-attribute event --type choice "
        "--values attack,protest,other",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--json", action="store_true", help="print the schema as JSON")
    action.add_argument(
        "--dump",
        type=Path,
        metavar="FILE",
        help="write the schema as JSON to FILE (what --json prints: labels with their "
        "descriptions, relation types and the guideline text), for --load into another project",
    )
    action.add_argument(
        "--load",
        type=Path,
        metavar="FILE",
        help="add or replace the labels and relation types defined in FILE; its 'guidelines' "
        "text, when the file has that key, replaces the project's",
    )
    action.add_argument(
        "--guidelines",
        type=Path,
        metavar="FILE.md",
        help="set the project's guideline text (Markdown, UTF-8) from FILE.md, shown in the "
        "app's Guidelines panel; images are looked up beside the project file; an empty file "
        "removes it",
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
    action.add_argument(
        "--add-doc-attribute",
        metavar="NAME",
        help="add (or replace) a document attribute, annotated once per document (e.g. the "
        "article's event type): see --type, --values, --default, --description",
    )
    action.add_argument(
        "--delete-doc-attribute",
        metavar="NAME",
        help="delete a document attribute no document has a value of",
    )
    doc = parser.add_argument_group("document attributes (with --add-doc-attribute)")
    doc.add_argument(
        "--type",
        dest="doc_type",
        choices=ATTRIBUTE_TYPES,
        default="choice",
        help="the attribute's type (default: choice)",
    )
    doc.add_argument(
        "--values", dest="doc_values", default="", metavar="A,B,...", help="a choice's values"
    )
    doc.add_argument("--default", dest="doc_default", default="", help="the default value")
    doc.add_argument(
        "--description", dest="doc_description", default="", help="what annotators are told"
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
                            description=item.get("description") or "",
                        )
                    )
                for item in spec.get("relations", []):
                    project.set_relation_type(
                        RelationType(
                            item["name"], item.get("head"), item.get("tail"), item.get("hotkey")
                        )
                    )
                for item in spec.get("document_attributes", []):
                    project.set_doc_attribute(item)
                if "guidelines" in spec:  # a file without the key leaves them as they are
                    project.set_guidelines(spec["guidelines"] or "")
        elif args.guidelines:
            project.set_guidelines(_read_text(args.guidelines))
        elif args.dump:
            project.refuse_own_files([args.dump], "write")
        elif args.rename:
            project.rename_label(*args.rename)
        elif args.delete:
            project.delete_label(args.delete)
        elif args.delete_relation:
            project.delete_relation_type(args.delete_relation)
        elif args.add_doc_attribute:
            project.set_doc_attribute(
                attribute_definition(
                    args.add_doc_attribute,
                    args.doc_type,
                    args.doc_values.split(","),
                    args.doc_default,
                    args.doc_description,
                )
            )
        elif args.delete_doc_attribute:
            project.delete_doc_attribute(args.delete_doc_attribute)
        schema = project.label_schema()
    if args.json:
        print(json.dumps(schema, ensure_ascii=False, indent=2))
        return 0
    if args.dump:
        with atomic_file(args.dump) as out:
            out.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
        print(f"wrote the label schema to {args.dump}")
        return 0
    for label in schema["labels"]:
        attributes = ", ".join(_describe_attribute(a) for a in label["attributes"]) or "-"
        hotkey = label["hotkey"] or "-"
        print(f"{label['name']:<12} {label['colour']}  key {hotkey:<3} {attributes}")
        if label.get("description"):
            print(f"{'':<12} {label['description']}")
    for relation in schema["relations"]:
        print(
            f"relation {relation['name']}: {relation['head'] or 'any'} -> "
            f"{relation['tail'] or 'any'}  key {relation['hotkey'] or '-'}"
        )
    for attribute in schema["document_attributes"]:
        print(f"document {_describe_attribute(attribute)}")
    if schema.get("guidelines"):
        lines = len(schema["guidelines"].splitlines())
        print(f"guidelines: {lines} line(s) of Markdown (--json or --dump shows them)")
    return 0


def _describe_attribute(attribute: dict) -> str:
    values = attribute.get("values")
    kind = attribute.get("type", "text")
    return f"{attribute['name']} ({'|'.join(values) if values else kind})"


def _read_text(path: Path) -> str:
    """A UTF-8 text file (a BOM dropped), as InputError when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(str(path), None, f"cannot read: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise InputError(str(path), None, f"not UTF-8 text: {err.reason}") from err


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
        if not isinstance(item.get("description") or "", str):
            raise InputError(str(path), None, f"labels[{index}]: 'description' is not a text")
        for place, attribute in enumerate(item.get("attributes", [])):
            if isinstance(attribute, dict) and not isinstance(
                attribute.get("description") or "", str
            ):
                raise InputError(
                    str(path),
                    None,
                    f"labels[{index}].attributes[{place}]: 'description' is not a text",
                )
    if not isinstance(spec.get("guidelines") or "", str):
        raise InputError(str(path), None, "'guidelines' is not a text")
    for index, item in enumerate(spec.get("relations", [])):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise InputError(str(path), None, f"relations[{index}] needs a 'name'")
    for index, item in enumerate(spec.get("document_attributes", [])):
        try:
            doc_attribute_definition(item)
        except SchemaError as err:
            raise InputError(str(path), None, f"document_attributes[{index}]: {err}") from None
    return spec
