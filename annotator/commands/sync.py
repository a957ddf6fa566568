"""`annotator sync`: push a joined project's changes to its team server and pull the team's."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands.project import _must_exist, _print_json
from annotator.commands.team_server import _prompt


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="push a team project's changes to its server and pull the team's",
        description="Synchronize PROJECT, a project joined to a team server ('annotator team "
        "init' or 'team join'), with the server: pull the label schema, the documents assigned "
        "to you and what changed on the server since the last sync; push your own work (and a "
        "lead's gold, label schema and new documents). Work is exchanged per document and "
        "annotator; a document you changed here and on another machine since the last sync is "
        "a conflict: your version stays here, is kept on the server too, and is not sent, until "
        "you settle it with --resolve DOC --keep mine|server (a lead's label schema changed "
        "on two machines: --resolve-schema --keep mine|server). Safe to interrupt or kill at any "
        "moment: run it again. No password is stored: libpq finds it in ~/.pgpass, a service "
        "file or PGPASSWORD, else it is asked for (docs/team.md). Exit status 0 when the sync "
        "left no conflict, 1 when some remain, 2 when it could not run (server unreachable, "
        "login refused: nothing changed locally).",
        epilog="examples:\n  annotator sync mine.sqlite\n"
        "  annotator sync mine.sqlite --json\n"
        "  annotator sync mine.sqlite --resolve article-12 --keep server\n"
        "  annotator sync lead.sqlite --resolve-schema --keep mine",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", type=Path, help="project file (.sqlite) joined to a server")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--full",
        action="store_true",
        help="compare every unit with the server, not only what changed since the last sync "
        "(sends again what a server restored from a backup lost; done by itself when the "
        "server is seen to be behind)",
    )
    parser.add_argument(
        "--resolve",
        metavar="DOC",
        help="settle the conflict on this document (its id, name or sha256); needs --keep",
    )
    parser.add_argument(
        "--resolve-schema",
        action="store_true",
        help="(a lead) settle a label schema changed here and on the server; needs --keep",
    )
    parser.add_argument(
        "--keep",
        choices=("mine", "server"),
        help="with --resolve: 'mine' sends this machine's version over the server's (which "
        "is kept in the server's conflicts table); 'server' takes the server's (a 'before "
        "resolve' snapshot of the project is taken first)",
    )
    parser.set_defaults(func=_sync)


def _sync(args: argparse.Namespace) -> int:
    from annotator.errors import UsageError
    from annotator.sync import resolve, resolve_schema, sync_project

    _must_exist(args.project)
    resolving = args.resolve is not None or args.resolve_schema
    if args.resolve is not None and args.resolve_schema:
        raise UsageError("--resolve DOC and --resolve-schema: one at a time")
    if resolving != (args.keep is not None):
        raise UsageError("--resolve DOC (or --resolve-schema) and --keep mine|server go together")
    if resolving:
        if args.resolve_schema:
            done = resolve_schema(args.project, args.keep, password=_prompt)
        else:
            done = resolve(args.project, args.resolve, args.keep, password=_prompt)
        if args.json:
            _print_json(
                {
                    "document": done.document,
                    "units": done.units,
                    "keep": done.keep,
                    "snapshot": done.snapshot,
                }
            )
        else:
            print(f"{done.document}: kept {done.keep} ({', '.join(done.units)})")
            if done.snapshot:
                print(f"the project as it was: snapshot {done.snapshot}")
        return 0
    report = sync_project(args.project, password=_prompt, full=args.full)
    if args.json:
        _print_json(report.to_json())
    else:
        print("\n".join(report.lines()))
    return 1 if report.conflicts else 0
