"""`annotator doctor`: what of camel-tools is installed here (its version, each data package the
tool uses and where it was found, torch and transformers) and the exact commands installing
the rest; Settings > Arabic tools shows the same (`annotator.camel.inventory`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotator.commands.project import _print_json

if TYPE_CHECKING:  # the inventory (importlib.metadata, subprocess) loads when doctor runs
    from annotator.camel.inventory import Inventory

EPILOG = """\
Nothing is downloaded or imported: camel-tools' data packages are looked for where camel_data
installs them (CAMELTOOLS_DATA when set, else ~/.camel_tools) and where Settings > Arabic
tools points; torch and transformers are found without loading them. Always exits 0.

examples:
  annotator doctor
  annotator doctor --json
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="what of camel-tools (data packages, torch) is installed, and how to install the rest",
        description="Print what works out of the box, each camel-tools data package the tool "
        "uses (found or not, where, what it adds), whether torch and transformers are "
        "installed, and the commands installing what is missing.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run_doctor, parser=parser)


def run_doctor(args: argparse.Namespace) -> int:
    from annotator.camel.inventory import as_dict, inventory

    found = inventory()
    if args.json:
        _print_json(as_dict(found))
    else:
        print(report(found))
    return 0


def report(found: Inventory) -> str:
    """`found` as text for a terminal."""
    from annotator.camel.inventory import FROM_SETTINGS

    lines = [
        f"camel-tools {found.camel_tools}"
        if found.camel_tools
        else "camel-tools: NOT INSTALLED (a dependency of annotator: reinstall it)",
        "",
        "Works out of the box:",
    ]
    lines += [f"  - {feature}" for feature in found.always]
    lines += ["", "Data packages (camel_data):"]
    for package in found.packages:
        state = "installed" if package.found else "missing"
        lines.append(f"  [{state}] {package.name}: {package.title} ({package.size})")
        if package.found:
            where = (
                "set in Settings > Arabic tools"
                if package.source == FROM_SETTINGS
                else "installed by camel_data"
            )
            lines.append(f"      {package.path} ({where})")
        else:
            lines.append(f"      {package.problem}")
        lines.append(f"      adds: {package.adds}")
        lines += [f"      install: {command}" for command in package.install]
    lines += ["", "Python packages (CAMeL NER):"]
    for python_package in found.python_packages:
        if python_package.version:
            lines.append(
                f"  [installed] {python_package.name} {python_package.version}"
                f" ({python_package.needed_for})"
            )
        else:
            lines.append(f"  [missing] {python_package.name} ({python_package.needed_for})")
            lines += [f"      install: {command}" for command in python_package.install]
    lines += [
        "",
        "Looked for camel_data's packages in: "
        + (", ".join(found.searched) or "(no such folder yet)"),
        f"Settings > Arabic tools are kept in: {found.settings_file}",
    ]
    lines += found.notes
    if found.commands:
        lines += ["", "To install what is missing:"]
        lines += [f"  {command}" for command in found.commands]
    else:
        lines += ["", "Everything is installed."]
    return "\n".join(lines)
