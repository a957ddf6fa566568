"""Linux desktop integration: the application icon, the desktop entry, the MIME type of project
files and `annotator install-desktop-entry` (annotator/desktop.py)."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest

from annotator import desktop
from annotator.cli import main
from annotator.errors import UsageError

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
TOOLS = [tool for tool, _options, _folder in desktop.UPDATE_TOOLS]


@pytest.fixture
def no_tools(tmp_path, monkeypatch):
    """A PATH on which none of the cache-refreshing tools is found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def entry_keys(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def exec_arguments(value: str) -> list[str]:
    """An Exec value read back as the Desktop Entry spec says: the string escapes first, then
    the arguments (split at spaces outside double quotes; inside them a backslash escapes
    `"`, `` ` ``, `$` and itself), then the field code escape `%%`."""
    string_escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    unescaped = re.sub(r"\\(.)", lambda m: string_escapes[m.group(1)], value)
    arguments: list[str] = []
    current: list[str] | None = None
    quoted = False
    chars = iter(unescaped)
    for char in chars:
        if char == " " and not quoted:
            if current is not None:
                arguments.append("".join(current))
            current = None
            continue
        current = current if current is not None else []
        if char == '"':
            quoted = not quoted
        elif char == "\\" and quoted:
            escaped = next(chars)
            assert escaped in '"`$\\', f"{escaped!r} may not be escaped"
            current.append(escaped)
        else:
            assert quoted or char not in '"`$\\', f"{char!r} must be quoted"
            current.append(char)
    assert not quoted, "an unterminated quote"
    if current is not None:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def png_header_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() + ("/" if p.is_dir() else "") for p in root.rglob("*")}


def test_the_icon_ships_as_svg_and_as_png_in_every_size():
    package = files("annotator.resources").joinpath("icons")
    svg = ET.fromstring(package.joinpath("annotator.svg").read_text(encoding="utf-8"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 256 256"
    assert desktop.icon_svg() == Path(str(package.joinpath("annotator.svg")))
    for size in desktop.ICON_SIZES:
        assert png_header_size(desktop.icon_png(size).read_bytes()) == (size, size)
    assert desktop.ICON_SIZES == (16, 32, 48, 64, 128, 256)


def test_the_bundles_icons_hold_the_png_sizes():
    """annotator.ico (Windows) and annotator.icns (macOS), which packaging/annotator.spec gives
    the bundle's executable, hold the icon's PNG sizes (scripts/render_icons.py packs them)."""
    folder = desktop.icon_svg().parent
    data = (folder / "annotator.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(desktop.ICON_SIZES))
    found = []
    for index in range(count):
        width, height, *_, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        side = png_header_size(data[offset : offset + length])
        assert side == (width or 256, height or 256)
        found.append(side[0])
    assert found == list(desktop.ICON_SIZES)
    assert data[offset : offset + length] == desktop.icon_png(256).read_bytes()

    data = (folder / "annotator.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    elements = {}
    position = 8
    while position < len(data):
        kind_name = data[position : position + 4].decode("ascii")
        (length,) = struct.unpack(">I", data[position + 4 : position + 8])
        elements[kind_name] = png_header_size(data[position + 8 : position + length])[0]
        position += length
    assert position == len(data)
    expected = {"icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512}
    expected |= {"ic10": 1024, "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512}
    assert elements == expected


def test_install_writes_the_entry_the_mime_type_and_the_icons(tmp_path, no_tools):
    prefix = tmp_path / "share"
    command = ["/opt/annotator/bin/annotator"]
    result = desktop.install(prefix, command)

    entry = prefix / "applications" / "annotator.desktop"
    keys = entry_keys(entry)
    assert keys["Type"] == "Application"
    assert keys["Name"] == "Annotator"
    assert exec_arguments(keys["Exec"]) == [*command, "gui", "%f"]
    assert keys["TryExec"] == command[0]
    assert keys["Icon"] == "annotator"
    assert keys["Terminal"] == "false"
    assert keys["MimeType"].split(";") == [desktop.MIME_TYPE, ""]
    assert keys["Categories"].endswith(";") and keys["Categories"] != ";"

    package = ET.parse(prefix / "mime" / "packages" / "annotator.xml").getroot()
    assert package.tag == f"{MIME_NS}mime-info"
    (mime_type,) = package.findall(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == desktop.MIME_TYPE
    globs = {glob.get("pattern") for glob in mime_type.findall(f"{MIME_NS}glob")}
    assert globs == {"*.sqlite", "*.annotator"}
    (parent,) = mime_type.findall(f"{MIME_NS}sub-class-of")
    assert parent.get("type") == "application/vnd.sqlite3"
    assert mime_type.find(f"{MIME_NS}icon").get("name") == keys["Icon"]  # type: ignore[union-attr]

    hicolor = prefix / "icons" / "hicolor"
    for size in desktop.ICON_SIZES:
        installed = hicolor / f"{size}x{size}" / "apps" / "annotator.png"
        assert installed.read_bytes() == desktop.icon_png(size).read_bytes()
    svg = hicolor / "scalable" / "apps" / "annotator.svg"
    assert svg.read_bytes() == desktop.icon_svg().read_bytes()

    assert sorted(result.written) == sorted(prefix / p for p in tree(prefix) if not p.endswith("/"))
    assert result.ran == [] and result.missing_tools == TOOLS


def test_desktop_file_validate_accepts_the_entry(tmp_path, no_tools):
    validate = shutil.which("desktop-file-validate", path="/usr/bin:/bin:/usr/local/bin")
    if validate is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    desktop.install(tmp_path, ["/home/some one/.venv/bin/annotator"])
    done = subprocess.run(
        [validate, str(tmp_path / "applications" / "annotator.desktop")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "program",
    [
        "/home/mona/.venv/bin/annotator",
        "/home/mona/my tools/annotator",
        '/srv/100% "done"/$HOME/a`b\\c/annotator',
    ],
)
def test_the_exec_line_starts_the_program_on_the_file_whatever_its_path(program):
    keys = desktop.desktop_entry([program, "-m", "annotator"]).splitlines()
    (exec_key,) = [line for line in keys if line.startswith("Exec=")]
    assert exec_arguments(exec_key.removeprefix("Exec=")) == [
        program,
        "-m",
        "annotator",
        "gui",
        "%f",
    ]


def test_the_entry_starts_the_running_program(tmp_path, monkeypatch):
    script = tmp_path / "bin" / "annotator"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(script.parent / ".." / "bin" / "annotator")])
    assert desktop.launch_command() == [str(script.resolve())]

    monkeypatch.setattr(sys, "argv", [str(tmp_path / "annotator" / "__main__.py")])
    assert desktop.launch_command() == [sys.executable, "-m", "annotator"]

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/Annotator/annotator")
    assert desktop.launch_command() == ["/opt/Annotator/annotator"]


def test_uninstall_removes_exactly_what_install_wrote(tmp_path, no_tools):
    prefix = tmp_path / "share"
    others = [
        "applications/org.example.Other.desktop",
        "mime/packages/other.xml",
        "icons/hicolor/48x48/apps/other.png",
    ]
    for name in others:
        (prefix / name).parent.mkdir(parents=True, exist_ok=True)
        (prefix / name).write_text(name)
    before = tree(prefix)

    written = desktop.install(prefix, ["/usr/bin/annotator"]).written
    assert tree(prefix) > before
    result = desktop.uninstall(prefix)

    assert sorted(result.removed) == sorted(written)
    assert tree(prefix) == before
    assert all((prefix / name).read_text() == name for name in others)
    assert desktop.uninstall(prefix).removed == []


def test_the_default_prefix_is_the_xdg_data_home(tmp_path, monkeypatch, no_tools):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert desktop.install(command=["/usr/bin/annotator"]).prefix == tmp_path / "data"
    assert (tmp_path / "data" / "applications" / "annotator.desktop").is_file()
    assert not (tmp_path / "home").exists()

    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")  # the spec says: ignore it
    result = desktop.install(command=["/usr/bin/annotator"])
    assert result.prefix == tmp_path / "home" / ".local" / "share"
    assert (result.prefix / "applications" / "annotator.desktop").is_file()


def test_the_tools_that_exist_refresh_the_caches_inside_the_prefix_only(tmp_path, monkeypatch):
    if shutil.which("update-mime-database") is None:
        pytest.skip("update-mime-database is not installed (Debian: shared-mime-info)")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a tool writing into ~ would show
    prefix = tmp_path / "share"
    result = desktop.install(prefix, ["/usr/bin/annotator"])

    assert {Path(run.command[0]).name for run in result.ran} | set(result.missing_tools) == set(
        TOOLS
    )
    assert all(run.returncode == 0 for run in result.ran), result.ran
    assert all(Path(run.command[-1]).is_relative_to(prefix) for run in result.ran)
    globs = (prefix / "mime" / "globs2").read_text(encoding="utf-8")
    assert f"{desktop.MIME_TYPE}:*.sqlite" in globs
    assert (prefix / "mime" / "application" / "x-annotator-project.xml").is_file()
    if "update-desktop-database" not in result.missing_tools:
        cache = (prefix / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"{desktop.MIME_TYPE}=annotator.desktop;" in cache
    assert not (tmp_path / "home").exists()

    desktop.uninstall(prefix)
    assert desktop.MIME_TYPE not in (prefix / "mime" / "globs2").read_text(encoding="utf-8")
    assert not (prefix / "mime" / "application" / "x-annotator-project.xml").exists()
    assert not (tmp_path / "home").exists()


def test_the_command_lists_what_it_wrote_and_what_it_removed(tmp_path, no_tools, capsys):
    prefix = tmp_path / "share"
    assert main(["install-desktop-entry", "--prefix", str(prefix)]) == 0
    out = capsys.readouterr().out
    written = sorted(p for p in prefix.rglob("*") if p.is_file())
    assert len(written) == 2 + len(desktop.ICON_SIZES) + 1
    assert all(f"  {path}\n" in out for path in written)
    assert f"Exec={desktop.exec_line(desktop.launch_command())}\n" in out
    assert "Not installed, not run: " + ", ".join(TOOLS) in out

    assert main(["install-desktop-entry", "--prefix", str(prefix), "--uninstall"]) == 0
    out = capsys.readouterr().out
    assert all(f"  {path}\n" in out for path in written)
    assert not any(p.is_file() for p in prefix.rglob("*"))

    assert main(["install-desktop-entry", "--prefix", str(prefix), "--uninstall"]) == 0
    assert "Nothing to remove" in capsys.readouterr().out


def test_the_application_has_the_icon_in_every_size(qapp):
    from PySide6.QtCore import QSize

    from annotator.gui.app import application

    app = application()
    sizes = app.windowIcon().availableSizes()
    assert {QSize(size, size) for size in desktop.ICON_SIZES} <= set(sizes)
    assert app.desktopFileName() == desktop.APP_ID


def test_elsewhere_than_linux_only_an_explicit_prefix_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert main(["install-desktop-entry"]) == 2
    assert "for Linux desktops" in capsys.readouterr().err
    assert not (desktop.data_home() / "applications" / "annotator.desktop").exists()
    with pytest.raises(UsageError):
        desktop.uninstall()
    prefix = tmp_path / "share"
    assert desktop.install(prefix, ["/Applications/Annotator"]).written
