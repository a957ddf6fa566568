"""The team server (issue 18): its schema, roles and row-level security, tested against a real
PostgreSQL (tests/pgcluster.py) by connecting as each role; and the team commands."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from annotator import team_server
from annotator.cli import main
from annotator.errors import NotFoundError, ProjectError
from annotator.model import DocRecord
from annotator.rules import DONE, LabelDef
from annotator.store import sync_local
from annotator.store.pg import remote, server
from annotator.store.pg.connect import ServerError, connect, server_errors, strip_password
from annotator.store.project import Project
from annotator.team import plan_assignment

DOCS = [
    server.ServerDocument("a" * 64, "one", None, None, "النص الأول", {}),
    server.ServerDocument("b" * 64, "two", None, None, "النص الثاني", {}),
    server.ServerDocument("c" * 64, "three", None, None, "النص الثالث", {}),
]
ONE, TWO, THREE = (d.sha256 for d in DOCS)


def _unit(conn, sha256: str, member: str, uuid: str, label: str = "ACTOR") -> None:
    """Write a unit with one annotation as `conn`'s role (the caller commits)."""
    conn.execute(
        "INSERT INTO annotator.units (sha256, member, status, digest) "
        "VALUES (%s, %s, 'in progress', 'd') "
        "ON CONFLICT (sha256, member) DO UPDATE SET status = excluded.status",
        (sha256, member),
    )
    conn.execute(
        "INSERT INTO annotator.annotations "
        '(uuid, sha256, member, label, start, "end", text, created_at, updated_at) '
        "VALUES (%s, %s, %s, %s, 0, 2, 'ال', 't', 't')",
        (uuid, sha256, member, label),
    )


@pytest.fixture
def team(pg_database):
    """A team database: lead Lina (the owner), annotators Amal (ONE, TWO) and Badr (TWO,
    THREE), each unit of theirs holding one annotation; returns the database."""
    with connect(pg_database.url) as lead:
        server.create_schema(lead, project_uuid="p-1", lead_name="Lina")
        for name, login in (("Amal", "amal"), ("Badr", "badr")):
            server.create_login(lead, login, f"pw-{login}")
            server.add_member(lead, name, login, "annotator")
        server.put_documents(lead, DOCS)
        server.put_assignments(lead, [(ONE, "Amal"), (TWO, "Amal"), (TWO, "Badr"), (THREE, "Badr")])
        lead.commit()
    pg_database.remember("amal", "pw-amal")
    pg_database.remember("badr", "pw-badr")
    for login, name, shas in (("amal", "Amal", (ONE, TWO)), ("badr", "Badr", (TWO, THREE))):
        with connect(pg_database.url_for(login)) as conn:
            for sha in shas:
                _unit(conn, sha, name, f"{name}-{sha[0]}")
            conn.commit()
    return pg_database


def _as(team, login: str) -> psycopg.Connection:
    return connect(team.url_for(login) if login != "lead" else team.url)


def _refused(conn: psycopg.Connection, statement: str, params: tuple = ()) -> bool:
    """True when the server refuses `statement` or it touches no row (rolled back)."""
    try:
        with conn.transaction():
            cursor = conn.execute(statement, params)
            return cursor.rowcount == 0
    except psycopg.errors.InsufficientPrivilege:
        return True


# ---------------------------------------------------------------- row-level security


def test_an_annotator_reads_only_the_documents_assigned_to_them(team):
    with _as(team, "amal") as amal:
        assert sorted(server.document_shas(amal)) == sorted([ONE, TWO])
        assert server.assignments(amal) == {"Amal": server.assignments(amal)["Amal"]}
        assert sorted(server.assignments(amal)["Amal"]) == sorted([ONE, TWO])
    with _as(team, "lead") as lead:
        assert sorted(server.document_shas(lead)) == sorted([ONE, TWO, THREE])


def test_blind_mode_hides_the_others_units_and_blind_off_shows_them(team):
    with _as(team, "amal") as amal:
        rows = amal.execute("SELECT member, sha256 FROM annotator.annotations").fetchall()
        assert sorted(rows) == sorted([("Amal", ONE), ("Amal", TWO)])
        assert server.count_rows(amal, "units", "Badr") == 0
    with _as(team, "lead") as lead:
        server.set_blind(lead, False)
        lead.commit()
    with _as(team, "amal") as amal:
        rows = amal.execute("SELECT member, sha256 FROM annotator.annotations").fetchall()
        # Badr's unit on TWO (assigned to both); never his THREE, not assigned to Amal
        assert sorted(rows) == sorted([("Amal", ONE), ("Amal", TWO), ("Badr", TWO)])


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE annotator.annotations SET label = 'X' WHERE member = 'Badr'",
        "DELETE FROM annotator.annotations WHERE member = 'Badr'",
        "UPDATE annotator.units SET status = 'done' WHERE member = 'Badr'",
        "DELETE FROM annotator.units WHERE member = 'Badr'",
        "INSERT INTO annotator.annotations "
        '(uuid, sha256, member, label, start, "end", text, created_at, updated_at) '
        f"VALUES ('forged', '{TWO}', 'Badr', 'ACTOR', 0, 2, 'ال', 't', 't')",
        f"INSERT INTO annotator.doc_labels VALUES ('{TWO}', 'Badr', 'topic', '\"x\"', 't')",
        "INSERT INTO annotator.notes (uuid, sha256, member, text, created_at, updated_at) "
        f"VALUES ('n1', '{TWO}', 'Badr', 'hi', 't', 't')",
        f"INSERT INTO annotator.relations VALUES ('r1', '{TWO}', 'Badr', 'R', 'h', 't', 't')",
        # her own name on a document not assigned to her
        f"INSERT INTO annotator.units (sha256, member, digest) VALUES ('{THREE}', 'Amal', 'd')",
        f"INSERT INTO annotator.units (sha256, member, digest) VALUES ('{ONE}', 'gold', 'd')",
        "INSERT INTO annotator.history (member, action) VALUES ('Badr', 'push')",
        "INSERT INTO annotator.conflicts (member, sha256, local) VALUES ('Badr', 'x', '{}')",
    ],
)
def test_an_annotator_cannot_write_someone_elses_unit(team, statement):
    with _as(team, "amal") as amal:
        assert _refused(amal, statement)
    with team.superuser() as su:  # nothing changed behind the policies
        assert su.execute(
            "SELECT count(*) FROM annotator.annotations WHERE member = 'Badr' AND label = 'ACTOR'"
        ).fetchone() == (2,)
        assert su.execute("SELECT count(*) FROM annotator.units").fetchone() == (4,)
        assert su.execute(
            "SELECT count(*) FROM annotator.units WHERE status = 'done'"
        ).fetchone() == (0,)


def test_an_annotator_writes_their_own_unit(team):
    with _as(team, "amal") as amal:
        amal.execute("UPDATE annotator.units SET status = 'done' WHERE sha256 = %s", (ONE,))
        amal.execute("INSERT INTO annotator.history (action, sha256) VALUES ('push', %s)", (ONE,))
        amal.commit()
        assert server.units_of(amal, "Amal") == sorted([(ONE, "done", 1), (TWO, "in progress", 1)])


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO annotator.documents (sha256, name, text) VALUES ('z', 'z', 'z')",
        "UPDATE annotator.documents SET name = 'x'",
        "DELETE FROM annotator.documents",
        f"INSERT INTO annotator.assignments (sha256, member) VALUES ('{THREE}', 'Amal')",
        "DELETE FROM annotator.assignments",
        "INSERT INTO annotator.label_schema (id, data, digest) VALUES (1, '{}', 'x')",
        "INSERT INTO annotator.members (name, login, role) VALUES ('Eve', 'amal', 'lead')",
        "UPDATE annotator.members SET role = 'lead'",
        "UPDATE annotator.meta SET value = '0' WHERE key = 'blind'",
        f"INSERT INTO annotator.curation VALUES ('x', '{ONE}', 'rejected', NULL, 'A', 0, 1, 't')",
    ],
)
def test_an_annotator_cannot_write_documents_assignments_schema_or_members(team, statement):
    with _as(team, "amal") as amal:
        assert _refused(amal, statement)
    with team.superuser() as su:
        assert su.execute("SELECT count(*) FROM annotator.documents").fetchone() == (3,)
        assert su.execute("SELECT count(*) FROM annotator.assignments").fetchone() == (4,)
        assert su.execute("SELECT count(*) FROM annotator.label_schema").fetchone() == (0,)
        assert su.execute(
            "SELECT count(*) FROM annotator.members WHERE role = 'lead'"
        ).fetchone() == (1,)
        assert su.execute("SELECT value FROM annotator.meta WHERE key = 'blind'").fetchone() == (
            "1",
        )


def test_the_lead_reads_everything_and_writes_gold_but_not_an_annotators_unit(team):
    with _as(team, "lead") as lead:
        assert server.count_rows(lead, "annotations") == 4
        _unit(lead, THREE, "gold", "gold-1")
        pushed = remote.push_schema(lead, {"labels": []}, "digest-1", expected=None, machine="m")
        lead.commit()
        assert pushed == (True, 1 + max_version(team))
        assert server.units_of(lead, "gold") == [(THREE, "in progress", 1)]
        assert _refused(lead, "UPDATE annotator.annotations SET label = 'X' WHERE member = 'Amal'")
    with _as(team, "amal") as amal:
        assert remote.read_schema(amal) == ({"labels": []}, "digest-1", pushed.version)


def max_version(team) -> int:
    """The change sequence's value before the last write (versions grow by one per write)."""
    with team.superuser() as su:
        row = su.execute("SELECT max(version) FROM annotator.units").fetchone()
    return int(row[0])


def test_versions_and_xids_are_stamped_on_every_write(team):
    with _as(team, "amal") as amal:
        before = amal.execute(
            "SELECT version, xid FROM annotator.units WHERE sha256 = %s AND member = 'Amal'",
            (ONE,),
        ).fetchone()
        row = amal.execute(
            "UPDATE annotator.units SET status = 'done', version = 0 "
            "WHERE sha256 = %s AND member = 'Amal' RETURNING version, xid",
            (ONE,),
        ).fetchone()
        amal.commit()
    assert row[0] > before[0]
    assert int(str(row[1])) > int(str(before[1]))


def test_a_hostile_search_path_changes_nothing_the_policies_decide(team):
    """PostgreSQL 13/14 let every login create objects in schema public: an annotator's own
    `=`, `<>`, nextval and pg_current_xact_id first on their search_path must not make the
    policies' functions (me, is_lead, blind) or the stamp trigger answer otherwise."""
    with _as(team, "lead") as lead:
        _unit(lead, THREE, "gold", "gold-1")
        lead.execute("INSERT INTO annotator.history (action) VALUES ('lead only')")
        lead.commit()
    with team.superuser() as su:  # a schema Amal may create in, as public on 13/14
        su.execute("CREATE SCHEMA hostile")
        su.execute("GRANT USAGE, CREATE ON SCHEMA hostile TO amal")
    with _as(team, "amal") as amal:
        for kind in ("name", "text"):
            amal.execute(
                f"CREATE FUNCTION hostile.yes({kind}, {kind}) RETURNS boolean "
                "LANGUAGE sql IMMUTABLE AS 'SELECT true'"
            )
            amal.execute(
                f"CREATE FUNCTION hostile.no({kind}, {kind}) RETURNS boolean "
                "LANGUAGE sql IMMUTABLE AS 'SELECT false'"
            )
            amal.execute(
                f"CREATE OPERATOR hostile.= (LEFTARG = {kind}, RIGHTARG = {kind}, "
                "FUNCTION = hostile.yes)"
            )
            amal.execute(
                f"CREATE OPERATOR hostile.<> (LEFTARG = {kind}, RIGHTARG = {kind}, "
                "FUNCTION = hostile.no)"
            )
        amal.execute(
            "CREATE FUNCTION hostile.pg_current_xact_id() RETURNS xid8 LANGUAGE sql "
            "AS $$ SELECT '1'::pg_catalog.xid8 $$"
        )
        amal.execute(
            "CREATE FUNCTION hostile.nextval(text) RETURNS bigint LANGUAGE sql AS 'SELECT 1::int8'"
        )
        amal.execute("SET search_path = hostile, pg_catalog")
        amal.commit()
        assert amal.execute(
            "SELECT annotator.me(), annotator.is_lead(), annotator.blind()"
        ).fetchone() == ("Amal", False, True)
        members = amal.execute("SELECT DISTINCT member FROM annotator.annotations").fetchall()
        assert members == [("Amal",)]  # blind: not Badr's work on TWO, nor gold's
        assert amal.execute(
            "SELECT count(*) FROM annotator.history WHERE member OPERATOR(pg_catalog.<>) 'Amal'"
        ).fetchone() == (0,)
        eq = "OPERATOR(pg_catalog.=)"  # her own `=` would pick her own rows too
        for statement in (
            f"DELETE FROM annotator.annotations WHERE member {eq} 'Badr'",
            f"DELETE FROM annotator.annotations WHERE member {eq} 'gold'",
            f"UPDATE annotator.units SET status = 'done' WHERE member {eq} 'Badr'",
            f"INSERT INTO annotator.units (sha256, member, digest) VALUES ('{THREE}', 'Amal', 'd')",
            "UPDATE annotator.meta SET value = '0'",
        ):
            assert _refused(amal, statement), statement
        row = amal.execute(
            "UPDATE annotator.units SET status = 'done' WHERE sha256 OPERATOR(pg_catalog.=) %s "
            "AND member OPERATOR(pg_catalog.=) 'Amal' RETURNING version, xid::text",
            (ONE,),
        ).fetchone()
        amal.commit()
    assert row is not None
    assert row[0] == max_version(team) and row[0] > 1  # the change sequence's, not forged
    assert int(row[1]) > 1
    with team.superuser() as su:
        assert su.execute(
            "SELECT member, count(*) FROM annotator.annotations GROUP BY member ORDER BY member"
        ).fetchall() == [("Amal", 2), ("Badr", 2), ("gold", 1)]
        done = su.execute("SELECT count(*) FROM annotator.units WHERE status = 'done'").fetchone()
        assert done == (1,)
        assert su.execute("SELECT value FROM annotator.meta WHERE key = 'blind'").fetchone() == (
            "1",
        )


def test_table_privileges_keep_annotators_from_the_leads_tables(team):
    """The second wall behind the policies: the member group has no write privilege there."""
    with team.superuser() as su:
        for table in ("meta", "members", "label_schema", "documents", "assignments", "curation"):
            for privilege in ("INSERT", "UPDATE", "DELETE"):
                row = su.execute(
                    "SELECT has_table_privilege('amal', %s, %s), has_table_privilege(%s, %s, %s)",
                    (f"annotator.{table}", privilege, team.owner, f"annotator.{table}", privilege),
                ).fetchone()
                assert row == (False, True), (table, privilege)


def test_a_non_member_login_sees_nothing(team):
    with _as(team, "lead") as lead:
        server.create_login(lead, "mallory", "pw-m")
        lead.commit()
    team.remember("mallory", "pw-m")
    with _as(team, "mallory") as mallory:
        with pytest.raises(ServerError) as error, server_errors():
            mallory.execute("SELECT count(*) FROM annotator.documents")
        assert error.value.kind == "refused"


# ---------------------------------------------------------------- connections


def test_a_wrong_password_gives_a_clear_error(team):
    with pytest.raises(ServerError) as error:
        connect(team.url_for("amal"), password="wrong")
    assert error.value.kind == "authentication"
    assert "authentication failed" in str(error.value)
    assert "amal@127.0.0.1" in str(error.value)


def test_the_password_callback_is_asked_only_when_the_server_wants_one(team):
    asked: list[str] = []

    def prompt(where: str) -> str:
        asked.append(where)
        return "pw-amal"

    connect(team.url_for("amal"), password=prompt).close()  # .pgpass has it
    assert asked == []
    team.pgpass.write_text("")
    with connect(team.url_for("amal"), password=prompt) as conn:
        assert server.me(conn) == server.Member("Amal", "amal", "annotator")
    assert asked == [f"amal@127.0.0.1:{team.cluster.port}/{team.name}"]
    with pytest.raises(ServerError) as error:
        connect(team.url_for("amal"))
    assert error.value.kind == "authentication"
    assert "~/.pgpass" in str(error.value)


def test_an_unreachable_server_and_a_database_without_a_team_are_told_apart(pg_database):
    with pytest.raises(ServerError) as error:
        connect("postgresql://x@127.0.0.1:1/nothing", password="x")
    assert error.value.kind == "unreachable"
    with connect(pg_database.url) as conn:
        with pytest.raises(ServerError) as error:
            server.require_team(conn)
    assert error.value.kind == "not_team"


def test_strip_password():
    assert strip_password("postgresql://amal:secret@host:5433/team?sslmode=require") == (
        "postgresql://amal@host:5433/team?sslmode=require"
    )
    assert conninfo_to_dict(strip_password("host=h user=u password=p dbname=d")) == {
        "host": "h",
        "user": "u",
        "dbname": "d",
    }
    assert strip_password("postgresql://amal@host/team") == "postgresql://amal@host/team"
    assert "secret" not in strip_password("postgresql://a:secret@/db?host=/tmp/s&port=5")


def test_add_member_sends_no_clear_password_and_refuses_a_login_taken(team):
    with _as(team, "lead") as lead:
        server.create_login(lead, "chadi", "pw-c")
        server.add_member(lead, "شادي", "chadi", "lead")
        lead.commit()
        with pytest.raises(ServerError):
            server.add_member(lead, "Other", "chadi", "annotator")
    with team.superuser() as su:
        [(stored,)] = su.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'chadi'"
        ).fetchall()
    assert stored.startswith("SCRAM-SHA-256$")
    assert "CREATE ROLE chadi" in team.cluster.log().replace('"', "")
    assert "pw-c" not in team.cluster.log()
    team.remember("chadi", "pw-c")
    with _as(team, "chadi") as chadi:
        assert server.me(chadi) == server.Member("شادي", "chadi", "lead")
        assert server.count_rows(chadi, "annotations") == 4
        history = [json.dumps(r[0]) for r in chadi.execute("SELECT detail FROM annotator.history")]
    assert not any("pw-c" in h for h in history)


# ---------------------------------------------------------------- the team commands

ARTICLES = [
    f"قال المتحدث باسم الدفاع المدني إن {i} أشخاص قتلوا في الغارة رقم {i}." for i in range(6)
]


def _local_project(path: Path) -> Path:
    """A lead's project: six documents, a label of its own, Amal's work on documents 0 and 1
    (an annotation each, a note, 'done' on 0) and Badr's on 1 and 2."""
    with Project.create(path) as project:
        project.add_documents(DocRecord(text=t, name=f"doc-{i}") for i, t in enumerate(ARTICLES))
        project.set_label(LabelDef(name="PLACE", colour="#123456", hotkey=None, attributes=[]))
        ids = project.document_ids()
        a0 = project.add_annotation(ids[0], "Amal", "ACTOR", 4, 11)
        project.add_annotation(ids[1], "Amal", "PLACE", 12, 18)
        project.add_note(ids[0], "Amal", "مصدر غير واضح", annotation_uuid=a0.uuid)
        project.set_status(ids[0], "Amal", DONE)
        project.add_annotation(ids[1], "Badr", "ACTOR", 4, 11)
        project.add_annotation(ids[2], "Badr", "ACTOR", 4, 11)
    return path


def _dump(path: Path) -> str:
    """Everything the project file holds, as SQL text, read through SQLite."""
    with closing(sqlite3.connect(path)) as conn:
        return "\n".join(conn.iterdump())


def _with_password(url: str, password: str) -> str:
    login, rest = url.removeprefix("postgresql://").split("@", 1)
    return f"postgresql://{login}:{password}@{rest}"


@pytest.fixture
def lead_project(pg_database, tmp_path) -> Path:
    """The lead's project, made the team's by `team init` (lead Lina)."""
    path = _local_project(tmp_path / "lead.sqlite")
    team_server.init(path, pg_database.url, lead="Lina")
    return path


def test_init_puts_the_project_schema_documents_and_every_unit_on_the_server(pg_database, tmp_path):
    path = _local_project(tmp_path / "lead.sqlite")
    result = team_server.init(path, _with_password(pg_database.url, pg_database.password))
    assert (result.created, result.lead, result.documents, result.units) == (
        True,
        pg_database.owner,
        6,
        4,
    )
    assert result.sync.conflicts == [] and result.sync.pending == 0
    assert (result.sync.pulled, result.sync.pushed, result.sync.notes) == (0, 0, [])
    with pg_database.superuser() as su:
        assert su.execute("SELECT count(*) FROM annotator.documents").fetchone() == (6,)
        units = su.execute(
            "SELECT u.member, d.name, u.status, count(a.uuid) FROM annotator.units u "
            "JOIN annotator.documents d USING (sha256) LEFT JOIN annotator.annotations a "
            "USING (sha256, member) GROUP BY 1, 2, 3 ORDER BY 1, 2"
        ).fetchall()
        assert units == [
            ("Amal", "doc-0", DONE, 1),
            ("Amal", "doc-1", "in progress", 1),
            ("Badr", "doc-1", "in progress", 1),
            ("Badr", "doc-2", "in progress", 1),
        ]
        assert su.execute("SELECT count(*) FROM annotator.notes").fetchone() == (1,)
        assert su.execute("SELECT count(*) FROM annotator.conflicts").fetchone() == (0,)
        [(schema,)] = su.execute("SELECT data FROM annotator.label_schema").fetchall()
        assert "PLACE" in [label["name"] for label in schema["labels"]]
        assert su.execute("SELECT name, role FROM annotator.members").fetchall() == [
            (pg_database.owner, "lead")
        ]
        forced = su.execute(
            "SELECT bool_and(relforcerowsecurity) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'annotator' AND c.relname = "
            "ANY(%s)",
            (list(server.FORCED),),
        ).fetchone()
        assert forced == (True,)
    with Project.open(path) as project:
        settings = sync_local.settings(project)
        assert settings is not None and settings.url == pg_database.url
        assert (settings.member, settings.role) == (pg_database.owner, "lead")
    assert pg_database.password not in _dump(path)
    assert pg_database.url in _dump(path)


def test_init_without_createrole_leaves_the_server_and_the_project_as_they_were(
    pg_database, tmp_path
):
    with pg_database.superuser() as su:
        su.execute(f'ALTER ROLE "{pg_database.owner}" NOCREATEROLE')
    path = _local_project(tmp_path / "lead.sqlite")
    with pytest.raises(ServerError, match="CREATEROLE") as error:
        team_server.init(path, pg_database.url, lead="Lina")
    assert error.value.kind == "refused"
    with connect(pg_database.url) as conn:
        assert server.state(conn).project_uuid is None
    with Project.open(path) as project:
        assert sync_local.settings(project) is None
        assert sync_local.trigger_names(project) == []
        assert sync_local.pending_count(project) == 0


def test_init_refuses_a_database_holding_another_project(lead_project, pg_database, tmp_path):
    other = _local_project(tmp_path / "other.sqlite")
    with pytest.raises(team_server.TeamServerError, match="another team project"):
        team_server.init(other, pg_database.url)
    with Project.open(other) as project:
        assert sync_local.settings(project) is None
    # the same project again only joins it again
    again = team_server.init(lead_project, pg_database.url, lead="Lina")
    assert (again.created, again.lead) == (False, "Lina")


def test_add_member_from_the_command_line(lead_project, pg_database, tmp_path, capsys):
    secret = tmp_path / "amal.txt"
    secret.write_text("pw-amal\n")
    assert (
        main(["team", "add-member", str(lead_project), "Amal", "--password-file", str(secret)]) == 0
    )
    assert "added Amal as annotator (created login amal)" in capsys.readouterr().out
    (tmp_path / "sara.txt").write_text("pw-sara\n")
    assert (
        main(
            [
                "team",
                "add-member",
                pg_database.url,
                "سارة",
                "--role",
                "lead",
                "--password-file",
                str(tmp_path / "sara.txt"),
            ]
        )
        == 2
    )
    assert "--login" in capsys.readouterr().err
    assert (
        main(
            [
                "team",
                "add-member",
                pg_database.url,
                "سارة",
                "--role",
                "lead",
                "--login",
                "sara",
                "--password-file",
                str(tmp_path / "sara.txt"),
            ]
        )
        == 0
    )
    assert main(["team", "members", str(lead_project), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert listed == [
        {"name": "Amal", "login": "amal", "role": "annotator"},
        {"name": "Lina", "login": pg_database.owner, "role": "lead"},
        {"name": "سارة", "login": "sara", "role": "lead"},
    ]
    with connect(pg_database.url_for("amal"), password="pw-amal") as amal:
        assert server.me(amal) == server.Member("Amal", "amal", "annotator")
    with connect(pg_database.url_for("sara"), password="pw-sara") as sara:
        assert server.count_rows(sara, "annotations") == 4  # a lead reads everything
    assert "pw-amal" not in _dump(lead_project) and "pw-sara" not in _dump(lead_project)


def _members(url: str, *names: str) -> None:
    for name in names:
        team_server.add_member(url, name, new_password=f"pw-{name.lower()}")


def test_team_assign_deals_as_plan_assignment(lead_project, pg_database, capsys):
    _members(pg_database.url, "Amal", "Badr")
    code = main(
        [
            "team",
            "assign",
            str(lead_project),
            "--annotators",
            "Amal,Badr",
            "--overlap",
            "0.34",
            "--seed",
            "7",
        ]
    )
    assert code == 0
    with Project.open(lead_project) as project:
        shas = [doc.sha256 for doc in project.iter_documents()]
    plan = plan_assignment(shas, ["Amal", "Badr"], 0.34, 7)
    with connect(pg_database.url) as lead:
        dealt = server.assignments(lead)
    assert dealt == {name: list(plan.documents[name]) for name in ("Amal", "Badr")}
    assert len(plan.shared) == 2
    assert "6 documents (seed 7, overlap 0.34, 2 shared); 8 new assignments" in (
        capsys.readouterr().out
    )


def test_only_a_lead_assigns_and_only_members_are_dealt(lead_project, pg_database):
    _members(pg_database.url, "Amal")
    with pytest.raises(NotFoundError, match="Nobody"):
        team_server.assign(pg_database.url, ["Amal", "Nobody"], seed=1)
    pg_database.remember("amal", "pw-amal")
    with pytest.raises(ServerError) as error:
        team_server.assign(pg_database.url_for("amal"), ["Amal"], seed=1)
    assert error.value.kind == "refused"


def test_join_creates_a_project_with_exactly_the_assigned_documents(
    lead_project, pg_database, tmp_path
):
    _members(pg_database.url, "Amal", "Badr")
    plan = team_server.assign(pg_database.url, ["Amal", "Badr"], overlap=0.34, seed=7).assignment
    out = tmp_path / "amal.sqlite"
    url = _with_password(pg_database.url_for("amal"), "pw-amal")
    result = team_server.join(url, out, as_name="Amal")
    assert (result.member, result.role, result.documents) == ("Amal", "annotator", 2 + 2)
    with Project.open(out) as project:
        docs = {doc.sha256: doc.id for doc in project.iter_documents()}
        assert sorted(docs) == sorted(plan.documents["Amal"])
        mine = {
            (project.document(i).name, a.label)
            for i in docs.values()
            for a in project.annotations(i)
        }
        labels = [label["name"] for label in project.label_schema()["labels"]]
        settings = sync_local.settings(project)
    # her own work on the documents she got, nobody else's (blind)
    with Project.open(lead_project) as lead:
        expected = {
            (lead.document(i).name, a.label)
            for i in lead.document_ids()
            if lead.document(i).sha256 in docs
            for a in lead.annotations(i, "Amal")
        }
    assert mine == expected
    assert "PLACE" in labels
    assert settings is not None and settings.member == "Amal"
    assert settings.url == pg_database.url_for("amal")
    assert "pw-amal" not in _dump(out)


def test_join_refuses_a_login_that_is_no_member_and_leaves_no_file(
    lead_project, pg_database, tmp_path
):
    with connect(pg_database.url) as lead:
        server.create_login(lead, "mallory", "pw-m")
        lead.commit()
    out = tmp_path / "m.sqlite"
    with pytest.raises(ServerError, match="not a member"):
        team_server.join(_with_password(pg_database.url_for("mallory"), "pw-m"), out)
    assert not out.exists()


def test_a_failed_first_sync_leaves_no_project(lead_project, pg_database, tmp_path, monkeypatch):
    import annotator.sync

    _members(pg_database.url, "Amal")

    def broken(*args, **kwargs):
        raise ServerError("the server went away", kind="unreachable")

    monkeypatch.setattr(annotator.sync, "sync_project", broken)
    out = tmp_path / "amal.sqlite"
    with pytest.raises(ServerError, match="went away"):
        team_server.join(_with_password(pg_database.url_for("amal"), "pw-amal"), out)
    assert not out.exists()
    assert not Path(f"{out}-wal").exists()


def test_a_wrong_password_on_the_command_line_says_so(
    lead_project, pg_database, tmp_path, capsys, monkeypatch
):
    _members(pg_database.url, "Amal")
    monkeypatch.setenv("PGPASSWORD", "Qx7-not-hers")
    url = pg_database.url_for("amal")
    assert main(["team", "join", url, "--out", str(tmp_path / "a.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "authentication failed" in err and "amal@127.0.0.1" in err
    assert "Qx7-not-hers" not in err
    assert not (tmp_path / "a.sqlite").exists()


def test_a_password_in_a_url_on_the_command_line_is_refused(
    pg_database, tmp_path, capsys, monkeypatch
):
    path = _local_project(tmp_path / "lead.sqlite")
    before = _dump(path)
    secret = "Qx7-in-the-url"
    lead_url = _with_password(pg_database.url, secret)
    amal_url = _with_password(pg_database.url_for("amal"), secret)
    out = tmp_path / "a.sqlite"
    for argv in (
        ["team", "init", str(path), lead_url],
        ["team", "join", amal_url, "--out", str(out)],
        ["team", "add-member", lead_url, "Amal"],
        ["team", "assign", lead_url, "--annotators", "Amal"],
        ["team", "members", lead_url],
        ["team", "progress", lead_url],
        ["team", "blind", lead_url, "off"],
        ["team", "remove-member", lead_url, "Amal"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "~/.pgpass" in err and "PGPASSWORD" in err and "holds a password" in err, argv
        assert secret not in err
    assert not out.exists()
    assert _dump(path) == before
    with connect(pg_database.url) as conn:
        assert server.state(conn).project_uuid is None


def test_join_never_touches_a_file_that_appears_at_out_meanwhile(
    lead_project, pg_database, tmp_path, monkeypatch
):
    _members(pg_database.url, "Amal")
    pg_database.remember("amal", "pw-amal")
    out = tmp_path / "work.sqlite"
    real_me = server.me

    def me_and_meanwhile(conn):  # meanwhile (a prompt, the network) a project is saved there
        with Project.create(out) as project:
            project.add_documents([DocRecord(text="precious work", name="mine")])
        return real_me(conn)

    monkeypatch.setattr(server, "me", me_and_meanwhile)
    with pytest.raises(ProjectError, match="already exists"):
        team_server.join(pg_database.url_for("amal"), out)
    with Project.open(out) as project:
        assert [doc.name for doc in project.iter_documents()] == ["mine"]
    assert sorted(p.name for p in tmp_path.iterdir() if "work" in p.name) == ["work.sqlite"]


def test_join_leaves_only_the_project_in_the_folder(lead_project, pg_database, tmp_path):
    _members(pg_database.url, "Amal")
    pg_database.remember("amal", "pw-amal")
    folder = tmp_path / "mine"
    folder.mkdir()
    team_server.join(pg_database.url_for("amal"), folder / "amal.sqlite")
    assert [p.name for p in folder.iterdir()] == ["amal.sqlite"]


def test_init_closes_schema_public_to_everyone_when_the_owner_runs_it(pg_database, tmp_path):
    with pg_database.superuser() as su:  # PostgreSQL 13/14's default
        su.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    path = _local_project(tmp_path / "lead.sqlite")
    result = team_server.init(path, pg_database.url, lead="Lina")
    assert result.public_schema_open is False
    with pg_database.superuser() as su:
        assert su.execute(
            "SELECT has_schema_privilege('public', 'public', 'CREATE')"
        ).fetchone() == (False,)


def test_schema_public_open_and_not_ours_to_close_is_said(team):
    with team.superuser() as su:  # public owned by the administrator, as on 13/14
        su.execute("ALTER SCHEMA public OWNER TO CURRENT_USER")
        su.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    with _as(team, "lead") as lead:
        assert server.lock_public_schema(lead) is False
    with team.superuser() as su:
        su.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    with _as(team, "lead") as lead:
        assert server.lock_public_schema(lead) is True


def test_blind_off_and_on_from_the_command_line(team, capsys):
    assert main(["team", "blind", team.url, "off"]) == 0
    assert "blind annotation is off" in capsys.readouterr().out
    with _as(team, "amal") as amal:  # Badr's work on TWO, shared with her, is readable now
        rows = amal.execute("SELECT DISTINCT member FROM annotator.units ORDER BY 1").fetchall()
        assert rows == [("Amal",), ("Badr",)]
    assert main(["team", "blind", team.url, "off"]) == 0
    assert "was off already" in capsys.readouterr().out
    assert main(["team", "blind", team.url, "on"]) == 0
    with _as(team, "amal") as amal:
        rows = amal.execute("SELECT DISTINCT member FROM annotator.units ORDER BY 1").fetchall()
        assert rows == [("Amal",)]
        assert main(["team", "blind", team.url_for("amal"), "off"]) == 2  # a lead's only
    assert "only a lead" in capsys.readouterr().err
    with team.superuser() as su:
        assert su.execute("SELECT value FROM annotator.meta WHERE key = 'blind'").fetchone() == (
            "1",
        )
        assert su.execute(
            "SELECT count(*) FROM annotator.history WHERE action = 'blind'"
        ).fetchone() == (2,)


def test_blind_off_brings_the_others_work_at_an_annotators_next_sync(
    lead_project, pg_database, tmp_path
):
    from annotator.sync import sync_project

    _members(pg_database.url, "Amal", "Badr")
    pg_database.remember("amal", "pw-amal")
    team_server.assign(lead_project, ["Amal", "Badr"], overlap=1.0, seed=1)
    amal = tmp_path / "amal.sqlite"
    team_server.join(pg_database.url_for("amal"), amal)

    def badrs(path: Path) -> int:
        with Project.open(path) as project:
            return sum(len(project.annotations(i, "Badr")) for i in project.document_ids())

    assert badrs(amal) == 0
    assert main(["team", "blind", str(lead_project), "off"]) == 0
    sync_project(amal)
    assert badrs(amal) == badrs(lead_project) == 2
    # Badr leaves: his work stays in the lead's project through the lead's next sync
    pg_database.remember("badr", "pw-badr")
    badr = tmp_path / "badr.sqlite"
    team_server.join(pg_database.url_for("badr"), badr)
    assert main(["team", "remove-member", str(lead_project), "Badr"]) == 0
    sync_project(lead_project)
    assert badrs(lead_project) == 2
    with pytest.raises(ServerError, match="not a member"):
        sync_project(badr)


def test_remove_member_takes_away_the_login_s_access_and_keeps_the_work(team, capsys):
    assert main(["team", "remove-member", team.url, "Amal"]) == 0
    out = capsys.readouterr().out
    assert "2 assignments removed" in out and "2 units kept" in out
    with pytest.raises(ServerError) as error:  # she still logs in, and reads nothing
        with _as(team, "amal") as amal, server_errors():
            amal.execute("SELECT count(*) FROM annotator.units")
    assert error.value.kind == "refused"
    with _as(team, "amal") as amal, pytest.raises(ServerError, match="not a member"):
        server.require_team(amal)
    with _as(team, "amal") as amal:
        assert _refused(amal, f"DELETE FROM annotator.units WHERE sha256 = '{ONE}'")
    with team.superuser() as su:
        assert su.execute(
            "SELECT count(*) FROM annotator.annotations WHERE member = 'Amal'"
        ).fetchone() == (2,)
        assert su.execute(
            "SELECT count(*) FROM annotator.assignments WHERE member = 'Amal'"
        ).fetchone() == (0,)
        assert su.execute("SELECT 1 FROM pg_roles WHERE rolname = 'amal'").fetchone() == (1,)
    with _as(team, "lead") as lead:
        assert [m.name for m in server.members(lead)] == ["Badr", "Lina"]
        assert server.count_rows(lead, "annotations", "Amal") == 2
    assert main(["team", "remove-member", team.url, "Amal"]) == 2
    assert "not a member" in capsys.readouterr().err


def test_remove_member_drops_the_login_when_asked(team, capsys):
    assert main(["team", "remove-member", team.url, "Badr", "--drop-login"]) == 0
    assert "dropped login badr" in capsys.readouterr().out
    with team.superuser() as su:
        assert su.execute("SELECT 1 FROM pg_roles WHERE rolname = 'badr'").fetchone() is None
        assert su.execute(
            "SELECT count(*) FROM annotator.units WHERE member = 'Badr'"
        ).fetchone() == (2,)
    with pytest.raises(ServerError) as error:
        connect(team.url_for("badr"))
    assert error.value.kind == "authentication"


def test_a_login_owning_objects_is_kept_and_said_so(team, capsys):
    with team.superuser() as su:
        su.execute("CREATE SCHEMA scratch")
        su.execute("GRANT USAGE, CREATE ON SCHEMA scratch TO badr")
    with _as(team, "badr") as badr:
        badr.execute("CREATE TABLE scratch.mine (x int)")
        badr.commit()
    assert main(["team", "remove-member", team.url, "Badr", "--drop-login"]) == 0
    assert "kept login badr: login 'badr' owns objects" in capsys.readouterr().out
    with team.superuser() as su:
        assert su.execute("SELECT 1 FROM pg_roles WHERE rolname = 'badr'").fetchone() == (1,)
        assert su.execute("SELECT count(*) FROM annotator.members").fetchone() == (2,)


def test_a_lead_cannot_remove_themselves_nor_an_annotator_the_lead(team, capsys):
    assert main(["team", "remove-member", team.url, "Lina"]) == 2
    assert "cannot remove yourself" in capsys.readouterr().err
    assert main(["team", "remove-member", team.url_for("amal"), "Badr"]) == 2
    assert "only a lead" in capsys.readouterr().err
    with team.superuser() as su:
        assert su.execute("SELECT count(*) FROM annotator.members").fetchone() == (3,)


def test_progress_reads_the_servers_statuses(lead_project, pg_database, capsys):
    _members(pg_database.url, "Amal", "Badr")
    team_server.assign(pg_database.url, ["Amal", "Badr"], overlap=1.0, seed=1)
    rows = {row.member: row for row in team_server.progress(lead_project)}
    assert (rows["Amal"].assigned, rows["Amal"].done, rows["Amal"].in_progress) == (6, 1, 1)
    assert (rows["Badr"].assigned, rows["Badr"].new, rows["Badr"].annotations) == (6, 4, 2)
    with connect(pg_database.url) as lead:
        lead.execute(
            "INSERT INTO annotator.conflicts (member, sha256, local) VALUES ('Amal', 'x', '{}')"
        )
        lead.commit()
    assert main(["team", "progress", str(lead_project)]) == 0
    lines = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()}
    # member, role, assigned, new, in progress, done, annotations, conflicts, last sync
    assert lines["Amal"][:8] == ["Amal", "annotator", "6", "4", "1", "1", "2", "1"]
    assert lines["Badr"][:8] == ["Badr", "annotator", "6", "4", "2", "0", "2", "0"]


def test_pg_dump_as_the_lead_and_restore_keep_everything_and_the_policies(team, tmp_path):
    """docs/team.md's backup: pg_dump --enable-row-security as the lead, pg_restore."""
    dump = tmp_path / "team.dump"
    pg_dump = [str(team.cluster.bindir / "pg_dump"), "--format=custom", "--file", str(dump)]
    refused = subprocess.run([*pg_dump, team.url], capture_output=True, text=True)
    assert refused.returncode != 0 and "row-level security" in refused.stderr
    subprocess.run([*pg_dump, "--enable-row-security", team.url], check=True)
    restored = f"{team.name}_restored"
    with psycopg.connect(team.cluster.superuser_url(), autocommit=True) as su:
        su.execute(f'CREATE DATABASE "{restored}" OWNER "{team.owner}"')
    try:
        team.remember(team.owner, team.password)
        team.pgpass.write_text(team.pgpass.read_text().replace(f":{team.name}:", ":*:"))
        subprocess.run(
            [
                str(team.cluster.bindir / "pg_restore"),
                "--no-owner",
                "--role",
                team.owner,
                "--dbname",
                team.cluster.url(team.owner, restored),
                str(dump),
            ],
            check=True,
        )
        with connect(team.cluster.url("amal", restored)) as amal:
            rows = amal.execute("SELECT member FROM annotator.annotations").fetchall()
            assert rows == [("Amal",), ("Amal",)]
        with connect(team.cluster.url(team.owner, restored)) as lead:
            assert server.count_rows(lead, "annotations") == 4
            assert _refused(lead, "UPDATE annotator.annotations SET label = 'X'")
    finally:
        with psycopg.connect(team.cluster.superuser_url(), autocommit=True) as su:
            su.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def test_without_postgresql_the_server_tests_skip_but_fail_in_ci(monkeypatch):
    import pgcluster

    monkeypatch.setattr(pgcluster, "find_bindir", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="ensure_postgres.sh"):
        pgcluster.require_bindir()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have them"):
        pgcluster.require_bindir()


def test_a_service_file_names_the_server(team, tmp_path, monkeypatch, capsys):
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[news]\nhost=127.0.0.1\nport={team.cluster.port}\ndbname={team.name}\nuser=amal\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with connect("service=news") as amal:
        assert server.me(amal) == server.Member("Amal", "amal", "annotator")
    assert main(["team", "members", "service=news"]) == 0
    assert "Amal" in capsys.readouterr().out


# ---------------------------------------------------------------- scripts/ensure_postgres.sh

ENSURE = Path(__file__).resolve().parent.parent / "scripts" / "ensure_postgres.sh"
BASH = shutil.which("bash") or "/bin/bash"


def _tools(folder: Path, *names: str) -> Path:
    """A PATH folder holding only `names` (links to the system's)."""
    folder.mkdir(exist_ok=True)
    for name in names:
        found = shutil.which(name)
        assert found, name
        (folder / name).symlink_to(found)
    return folder


def test_ensure_postgres_says_the_server_tests_skip_without_apt_get(tmp_path):
    path = _tools(tmp_path / "bin", "id")
    env = {"PATH": str(path), "POSTGRES_LIB": str(tmp_path / "none")}
    done = subprocess.run([BASH, str(ENSURE)], env=env, capture_output=True, text=True)
    assert done.returncode == 0
    assert "no apt-get" in done.stderr and "will skip" in done.stderr


def test_ensure_postgres_does_nothing_when_postgresql_is_there(tmp_path):
    (tmp_path / "lib" / "15" / "bin").mkdir(parents=True)
    (tmp_path / "lib" / "15" / "bin" / "initdb").touch(mode=0o755)
    path = _tools(tmp_path / "bin", "id")
    (path / "apt-get").write_text('#!/bin/sh\necho called >> "$0.log"\n')
    (path / "apt-get").chmod(0o755)
    env = {"PATH": str(path), "POSTGRES_LIB": str(tmp_path / "lib")}
    done = subprocess.run([BASH, str(ENSURE)], env=env, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert not (path / "apt-get.log").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="installs as root only")
def test_ensure_postgres_installs_debians_package_when_missing(tmp_path):
    lib = tmp_path / "lib"
    path = _tools(tmp_path / "bin", "id", "env", "mkdir", "tee")
    (path / "apt-get").write_text(
        "#!/bin/bash\n"
        f'echo "$DEBIAN_FRONTEND $*" >> {tmp_path}/apt.log\n'
        f'[ "$1" = install ] && mkdir -p {lib}/16/bin && : > {lib}/16/bin/initdb\n'
        "exit 0\n"
    )
    (path / "apt-get").chmod(0o755)
    etc = tmp_path / "etc"
    env = {"PATH": str(path), "POSTGRES_LIB": str(lib), "POSTGRES_ETC": str(etc)}
    done = subprocess.run([BASH, str(ENSURE)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # the package is kept from making and starting a cluster of its own
    assert (etc / "createcluster.conf").read_text() == "create_main_cluster = false\n"
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert calls[0] == "noninteractive update -q"
    assert calls[1].startswith("noninteractive install -y -q --no-install-recommends")
    assert calls[1].endswith("postgresql")


def test_team_restored_makes_the_next_sync_keep_everything_and_refuses_an_annotator(
    lead_project, pg_database, tmp_path, capsys
):
    from annotator.sync import Reason, SyncReason, sync_project

    _members(pg_database.url, "Amal")
    team_server.assign(pg_database.url, ["Amal"], seed=1)
    pg_database.remember("amal", "pw-amal")
    amal = tmp_path / "amal.sqlite"
    team_server.join(pg_database.url_for("amal"), amal, as_name="Amal")
    text = ARTICLES[0]
    at = {word: (text.index(word), text.index(word) + len(word)) for word in ("باسم", "الدفاع")}
    with Project.open(amal) as project:
        doc = next(d.id for d in project.iter_documents() if d.name == "doc-0")
        sha256 = project.document(doc).sha256
        dumped = sync_local.base(project, doc, "Amal")  # the nightly dump holds this unit
        lost = project.add_annotation(doc, "Amal", "ACTOR", *at["باسم"])
    sync_project(amal)
    assert dumped is not None
    with pg_database.superuser() as conn:  # pg_restore of the dump: the later push is gone
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM annotator.annotations WHERE uuid = %s", (lost.uuid,))
        conn.execute(
            "UPDATE annotator.units SET version = %s, digest = %s "
            "WHERE sha256 = %s AND member = 'Amal'",
            (dumped.version, dumped.digest, sha256),
        )
        conn.execute("SELECT setval('annotator.change_seq', %s)", (dumped.version,))
        highest = max(
            conn.execute(f"SELECT COALESCE(max(version), 0) FROM annotator.{table}").fetchone()[0]
            for table in server.VERSIONED
        )
    assert highest > dumped.version  # the restored sequence lies behind the tables' versions
    with Project.open(amal) as project:  # pending at the sync
        project.add_annotation(doc, "Amal", "CLAIM", *at["الدفاع"])

    with pytest.raises(ServerError) as error:  # an annotator may not
        team_server.restored(pg_database.url_for("amal"))
    assert error.value.kind == "refused"
    assert main(["team", "restored", str(lead_project)]) == 0
    out = capsys.readouterr().out
    assert f"change sequence moved from {highest} to {highest + server.RESTORE_JUMP}" in out
    assert "nothing is deleted" in out
    with connect(pg_database.url) as lead:
        assert lead.execute("SELECT last_value FROM annotator.change_seq").fetchone() == (
            highest + server.RESTORE_JUMP,
        )
        assert lead.execute(
            "SELECT count(*) FROM annotator.history WHERE action = 'restored'"
        ).fetchone() == (1,)

    report = sync_project(amal)  # a plain sync: the new epoch makes it compare in full
    assert SyncReason(Reason.SERVER_RESTORED) in report.notes
    # the span the server lost and the pending one: on this side only, both kept and counted
    assert any(n.kind is Reason.ONE_SIDED_KEPT and n.number == 2 for n in report.notes)
    assert report.conflicts == []
    with Project.open(amal) as project:
        spans = {(a.label, a.start, a.end) for a in project.annotations(doc, "Amal")}
    assert spans == {("ACTOR", 4, 11), ("ACTOR", *at["باسم"]), ("CLAIM", *at["الدفاع"])}
    with pg_database.superuser() as conn:
        row = conn.execute(
            "SELECT count(*) FROM annotator.annotations WHERE sha256 = %s AND member = 'Amal'",
            (sha256,),
        ).fetchone()
    assert row == (3,)
