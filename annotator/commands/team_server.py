"""`annotator team ...`: a team with a shared PostgreSQL server (annotator.team_server,
docs/team.md)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from annotator.commands.project import _print_json
from annotator.errors import UsageError

_RAW = argparse.RawDescriptionHelpFormatter

_PASSWORDS = (
    "No password is ever stored in a project: libpq finds it in ~/.pgpass, a service file "
    "(service=NAME) or PGPASSWORD; otherwise you are asked for it. A URL holding a password "
    "is refused (the process list and your shell's history would show it). See docs/team.md."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "team",
        help="a team sharing a PostgreSQL server: init, add-member, remove-member, assign, blind, "
        "join, members, progress, restored",
        description="Work as a team through a shared PostgreSQL database (docs/team.md). The "
        "lead creates the team from a local project (init), adds members (add-member, "
        "remove-member), assigns documents (assign) and turns blind annotation on or off "
        "(blind), and tells it when restored from a backup (restored); each annotator gets a "
        "local project (join) and works "
        "offline, then runs `annotator sync`. The server enforces who reads and writes what. "
        "Teams without a server keep using `annotator assign` and `annotator merge`. " + _PASSWORDS,
        epilog="examples:\n"
        "  annotator team init corpus.sqlite postgresql://lina@db.example.org/news --lead Lina\n"
        "  annotator team add-member corpus.sqlite Amal --role annotator\n"
        "  annotator team assign corpus.sqlite --annotators Amal,Badr --overlap 0.2 --seed 7\n"
        "  annotator team join postgresql://amal@db.example.org/news --out news.sqlite\n"
        "  annotator team progress corpus.sqlite\n"
        "  annotator team blind corpus.sqlite off\n"
        "  annotator team restored postgresql://lina@db.example.org/news\n"
        "  annotator team remove-member corpus.sqlite Badr --drop-login",
        formatter_class=_RAW,
    )
    commands = parser.add_subparsers(dest="team_command", metavar="SUBCOMMAND", required=True)
    _register_init(commands)
    _register_add_member(commands)
    _register_remove_member(commands)
    _register_assign(commands)
    _register_blind(commands)
    _register_restored(commands)
    _register_join(commands)
    _register_members(commands)
    _register_progress(commands)


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="PROJECT|URL",
        help="the team's server URL (postgresql://LOGIN@HOST[:PORT]/DB, or service=NAME), or a "
        "project file joined to it",
    )


def _register_init(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "init",
        help="make a local project the team's, on an empty PostgreSQL database (the lead)",
        description="Create the team on the database at URL from PROJECT: the schema "
        "`annotator`, the group roles <db>_member and <db>_lead, the row-level security "
        "policies; then upload the label schema, every document and every annotator's work, "
        "register you (the URL's login) as the team's lead, and join PROJECT to the server "
        "(`annotator sync` keeps them together from then on). Needs PostgreSQL 13 or newer, a "
        "database your login owns, and CREATEROLE to create the group roles (and members' "
        "logins later). A database holding another project is refused; running init again on "
        "the same project's database only joins PROJECT again. " + _PASSWORDS,
        epilog="example:\n"
        "  annotator team init corpus.sqlite postgresql://lina@db.example.org/news --lead Lina",
        formatter_class=_RAW,
    )
    parser.add_argument("project", type=Path, help="the lead's project file (.sqlite)")
    parser.add_argument("url", help="the team database: postgresql://LOGIN@HOST[:PORT]/DB")
    parser.add_argument(
        "--lead",
        metavar="NAME",
        help="your member name (your annotator name in the project; default: the login)",
    )
    parser.add_argument(
        "--not-blind",
        action="store_true",
        help="let annotators read each other's work on documents they share (default: blind)",
    )
    parser.set_defaults(func=_init)


def _register_add_member(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "add-member",
        help="add an annotator or a lead to the team (creates their login)",
        description="Register NAME (the annotator name they annotate under) as a member with "
        "--role. Their PostgreSQL login (--login; default: NAME in lower case, when it is a "
        "plain ASCII name) is created with a password from --password-file or typed at a "
        "prompt, never stored; an existing login keeps its password. Needs a lead's login with "
        "CREATEROLE. Give the member the URL postgresql://LOGIN@HOST/DB and the password.",
        epilog="examples:\n"
        "  annotator team add-member corpus.sqlite Amal --role annotator\n"
        "  annotator team add-member corpus.sqlite 'سارة' --login sara --role lead "
        "--password-file sara.txt",
        formatter_class=_RAW,
    )
    _target(parser)
    parser.add_argument("name", metavar="NAME", help="the member's name (their annotator name)")
    parser.add_argument(
        "--role", choices=("annotator", "lead"), default="annotator", help="default: annotator"
    )
    parser.add_argument("--login", help="their PostgreSQL login (required for a non-ASCII NAME)")
    parser.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="read the new login's password from the first line of FILE (else a prompt)",
    )
    parser.set_defaults(func=_add_member)


def _register_remove_member(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "remove-member",
        help="take a member off the team (their work stays)",
        description="Take NAME off the team: their login loses the team's group role, so it "
        "can no longer read or write anything of the team, and their assignments are removed. "
        "Their work stays on the server and in the lead's project (the next sync keeps it). "
        "--drop-login also drops their PostgreSQL login, unless it belongs to another team or "
        "owns objects (then it is kept, and said so). Needs a lead's login with CREATEROLE; "
        "you cannot remove yourself, nor the lead who owns the team's tables.",
        epilog="example:\n  annotator team remove-member corpus.sqlite Badr --drop-login",
        formatter_class=_RAW,
    )
    _target(parser)
    parser.add_argument("name", metavar="NAME", help="the member's name")
    parser.add_argument(
        "--drop-login", action="store_true", help="also drop their PostgreSQL login role"
    )
    parser.set_defaults(func=_remove_member)


def _register_blind(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "blind",
        help="turn blind annotation on or off on the server (a lead)",
        description="Blind annotation on: annotators read only their own work on the server. "
        "Off: they also read the others' work on the documents they share, from their next "
        "sync on. The lead reads everything either way.",
        epilog="example:\n  annotator team blind corpus.sqlite off",
        formatter_class=_RAW,
    )
    _target(parser)
    parser.add_argument("state", choices=("on", "off"), help="on (blind) or off")
    parser.set_defaults(func=_blind)


def _register_restored(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "restored",
        help="after restoring the server's database from a dump: make every sync compare in full "
        "(a lead)",
        description="Run once after restoring the team's database from a backup (pg_restore), "
        "before anyone syncs, as the database's owner (a lead). In one transaction it moves the "
        "change sequence past every version a machine may have seen and sets a new restore "
        "epoch: every project's next sync compares every unit with the server, sends what the "
        "server lost and keeps what only one side holds (counted in its report). Nothing is "
        "deleted, so a deletion made after the dump may come back.",
        epilog="example:\n  annotator team restored postgresql://lina@db.example.org/news",
        formatter_class=_RAW,
    )
    _target(parser)
    parser.set_defaults(func=_restored)


def _register_assign(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "assign",
        help="deal the server's documents to annotators, as `annotator assign` does",
        description="Deal the documents on the server to the members named, with the rule of "
        "`annotator assign`: a shared set (--overlap of all documents) every annotator gets, "
        "for agreement, and the rest round-robin after a shuffle by --seed. The assignments "
        "are written on the server; annotators get their new documents at their next sync. "
        "Assignments already there stay (assigning twice adds, never takes away).",
        epilog="example:\n"
        "  annotator team assign corpus.sqlite --annotators Amal,Badr --overlap 0.2 --seed 7",
        formatter_class=_RAW,
    )
    _target(parser)
    parser.add_argument(
        "--annotators", required=True, help="comma-separated member names, e.g. Amal,Badr"
    )
    parser.add_argument(
        "--overlap",
        type=float,
        default=0.0,
        help="share of documents every annotator gets (0-1; default 0)",
    )
    parser.add_argument("--seed", type=int, help="shuffle seed (default: random, printed)")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    parser.set_defaults(func=_assign)


def _register_join(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "join",
        help="get your local project from the team's server (an annotator)",
        description="Create the local project --out for the member your login is: the label "
        "schema, the documents assigned to you and your own work, joined to the server. Work "
        "offline as usual; `annotator sync OUT` sends your work and brings new documents. "
        + _PASSWORDS,
        epilog="example:\n"
        "  annotator team join postgresql://amal@db.example.org/news --out news.sqlite",
        formatter_class=_RAW,
    )
    parser.add_argument("url", help="the team database: postgresql://LOGIN@HOST[:PORT]/DB")
    parser.add_argument("--out", type=Path, required=True, help="the new project file (.sqlite)")
    parser.add_argument(
        "--as", dest="as_name", metavar="NAME", help="refuse unless the login is member NAME"
    )
    parser.set_defaults(func=_join)


def _register_members(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("members", help="list the team's members and their roles")
    _target(parser)
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.set_defaults(func=_members)


def _register_progress(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "progress",
        help="per member: documents assigned, new / in progress / done, annotations, conflicts",
        description="Read the team's progress live from the server: for each member, the "
        "documents assigned and their statuses as last synced (a document without synced work "
        "counts as new), annotations, open conflicts and the time of their last sync. A lead "
        "sees everyone; "
        "an annotator what the server lets them read.",
    )
    _target(parser)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.set_defaults(func=_progress)


# ------------------------------------------------------------------ running


def _prompt(where: str) -> str | None:
    """Ask for the password of `where` on the terminal (None without a terminal)."""
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"password for {where}: ")


def _no_password_in(url: str | Path) -> None:
    """Refuse a URL holding a password (the process list and the shell's history show it)."""
    from annotator import team_server

    if team_server.is_url(url):
        team_server.refuse_password_in_url(str(url))


def _init(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.url)
    result = team_server.init(
        args.project, args.url, lead=args.lead, blind=not args.not_blind, password=_prompt
    )
    if result.created:
        print(
            f"created the team on {result.url}: {result.documents} documents, "
            f"{result.units} units; lead {result.lead} (login {result.login})"
        )
    else:
        print(f"{result.url} already holds this project; joined {args.project} to it again")
    if result.public_schema_open:
        print(
            "note: every login may create objects in this database's schema public (PostgreSQL "
            "13/14's default) and your login may not change that; the team's rules do not "
            "depend on it, but the administrator may run: REVOKE CREATE ON SCHEMA public FROM "
            "PUBLIC (docs/team.md)"
        )
    for line in result.sync.lines():
        print(line)
    print("next: annotator team add-member, then annotator team assign")
    return 0


def _read_password(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"--password-file {path}: {error.strerror or error}") from None
    if not lines or not lines[0]:
        raise UsageError(f"--password-file {path}: the first line is empty")
    return lines[0]


def _new_password(login: str):
    def ask() -> str:
        if not sys.stdin.isatty():
            raise UsageError(f"a new login {login!r} needs a password: give --password-file")
        first = getpass.getpass(f"new password for {login}: ")
        if first != getpass.getpass("again: "):
            raise UsageError("the two passwords differ; nothing was changed")
        return first

    return ask


def _add_member(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)

    login = args.login or team_server.default_login(args.name.strip())
    new_password = (
        _read_password(args.password_file) if args.password_file else _new_password(login)
    )
    result = team_server.add_member(
        args.target,
        args.name,
        role=args.role,
        login=login,
        new_password=new_password,
        password=_prompt,
    )
    made = "created login" if result.login_created else "existing login"
    print(f"added {result.name} as {result.role} ({made} {result.login})")
    return 0


def _assign(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)

    names = args.annotators.split(",")
    result = team_server.assign(
        args.target, names, overlap=args.overlap, seed=args.seed, password=_prompt
    )
    plan = result.assignment
    if args.json:
        data = plan.to_json()
        data["added"] = result.added
        _print_json(data)
        return 0
    print(
        f"dealt {result.documents} documents (seed {plan.seed}, overlap {plan.overlap}, "
        f"{len(plan.shared)} shared); {result.added} new assignments on the server"
    )
    for name in plan.annotators:
        print(f"  {name:<16} {len(plan.documents[name]):>6} documents")
    return 0


def _join(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.url)

    result = team_server.join(args.url, args.out, as_name=args.as_name, password=_prompt)
    print(
        f"wrote {result.path}: {result.documents} documents for {result.member} "
        f"({result.role}); sync it with: annotator sync {result.path}"
    )
    for line in result.sync.lines():
        print(line)
    return 0


def _members(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)

    rows = team_server.members(args.target, password=_prompt)
    if args.json:
        _print_json([row._asdict() for row in rows])
        return 0
    for row in rows:
        print(f"{row.name:<20} {row.role:<10} login {row.login}")
    return 0


def _progress(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)

    rows = team_server.progress(args.target, password=_prompt)
    if args.json:
        _print_json([row._asdict() for row in rows])
        return 0
    print(
        f"{'member':<20} {'role':<10} {'assigned':>8} {'new':>6} {'in prog.':>8} {'done':>6} "
        f"{'annot.':>7} {'conflicts':>9}  last sync"
    )
    for row in rows:
        print(
            f"{row.member:<20} {row.role:<10} {row.assigned:>8} {row.new:>6} "
            f"{row.in_progress:>8} {row.done:>6} {row.annotations:>7} {row.conflicts:>9}  "
            f"{row.last_sync or '-'}"
        )
    return 0


def _remove_member(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)
    result = team_server.remove_member(
        args.target, args.name, drop_login=args.drop_login, password=_prompt
    )
    print(
        f"removed {result.name} from the team: login {result.login} can no longer read or "
        f"write it; {result.assignments} assignments removed, their {result.units} units kept"
    )
    if result.login_dropped:
        print(f"dropped login {result.login}")
    elif result.login_kept_because:
        print(f"kept login {result.login}: {result.login_kept_because}")
    return 0


def _restored(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)
    result = team_server.restored(args.target, password=_prompt)
    print(
        f"change sequence moved from {result.highest} to {result.sequence}; restore epoch now "
        f"{result.epoch} (was {result.previous_epoch or 'none'})"
    )
    print(
        "every member's next sync compares every unit with the server: it sends what the "
        "server lost and keeps what only one side holds, counted in its report; nothing is "
        "deleted (a deletion made after the dump may come back: delete it again)"
    )
    return 0


def _blind(args: argparse.Namespace) -> int:
    from annotator import team_server

    _no_password_in(args.target)
    blind = args.state == "on"
    changed = team_server.set_blind(args.target, blind, password=_prompt)
    state = "on" if blind else "off"
    if not changed:
        print(f"blind annotation was {state} already")
    elif blind:
        print("blind annotation is on: annotators read only their own work on the server")
    else:
        print(
            "blind annotation is off: annotators read each other's work on the documents "
            "they share from their next sync"
        )
    return 0
