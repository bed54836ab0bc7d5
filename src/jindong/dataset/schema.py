"""Check data/ against its Frictionless Data Package (types, enums, required, unique ids, foreign keys)."""

from __future__ import annotations

import re
from pathlib import Path

import frictionless
import yaml

from jindong.dataset.problems import Problem, relpath
from jindong.dataset.tables import read_table

PACKAGE_FILE = "datapackage.yaml"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


def package(data_dir: Path) -> frictionless.Package:
    """The Data Package, every table read as UTF-8 with or without a byte-order mark, like tables.read_table.

    (Left to itself Frictionless guesses each file's encoding, and would read a GBK file that
    every other reader refuses; tables.read_table has refused it before this runs.)
    """
    folder = Path(data_dir).resolve()
    # Read by libyaml and handed over as a dict: from a path Frictionless takes ten times longer, and a
    # validation builds the package three times.
    descriptor = yaml.load((folder / PACKAGE_FILE).read_text(encoding="utf-8"), Loader=YAML_LOADER)
    pkg = frictionless.Package(descriptor, basepath=str(folder))
    for res in pkg.resources:
        res.encoding = "utf-8-sig"
    return pkg


def table_paths(data_dir: Path) -> list[Path]:
    """Every table the Data Package lists, in its order."""
    return [Path(data_dir) / res.path for res in package(data_dir).resources]


def field_names(data_dir: Path) -> dict[str, list[str]]:
    """resource name -> its declared field names, in order."""
    return {r.name: [f.name for f in r.schema.fields] for r in package(data_dir).resources}


def check_schema(data_dir: Path) -> list[Problem]:
    """All schema problems of every table, each located by file, line and column.

    Frictionless counts the header as row 1, so its row number is the file's line number
    (a cell may not span lines: tables.read_table refuses one, and validate runs it first).
    """
    pkg = package(data_dir)
    problems: list[Problem] = []
    for res in pkg.resources:
        path = data_dir / res.path
        if not path.exists():
            problems.append(Problem(relpath(path), 0, 0, "", "file is missing (listed in datapackage.yaml)"))
            continue
    if problems:
        return problems
    problems = _header_problems(pkg, data_dir)
    if problems:  # columns out of place make every row look wrong: report the header alone
        return problems
    report = pkg.validate()
    names = {r.name: [f.name for f in r.schema.fields] for r in pkg.resources}
    paths = {r.name: data_dir / r.path for r in pkg.resources}
    for task in report.tasks:
        file = relpath(paths.get(task.name, Path(task.place)))
        for err in task.errors:
            if err.type == "primary-key":  # every primary key is also `unique`: reported once, there
                continue
            line = getattr(err, "row_number", None) or 1  # header/label errors are on line 1
            column = getattr(err, "field_number", None) or 0
            field = getattr(err, "field_name", None) or ""
            if err.type == "foreign-key":
                field = ",".join(err.field_names)
                fields = names.get(task.name, [])
                column = fields.index(err.field_names[0]) + 1 if err.field_names[0] in fields else 0
            problems.append(Problem(file, line, column, field, _message(err)))
    return problems


def _message(err) -> str:
    """Frictionless's message, minus the position it repeats (we print file:line:column)."""
    if err.type == "foreign-key":
        (name, target), value = next(iter(zip(err.field_names, err.reference_field_names))), err.field_cells[0]
        return f"unknown {name} {value!r}: not found in {err.reference_name or 'this table'}.csv ({target})"
    if err.type == "constraint-error":
        return _constraint(err.cell, err.note)
    if err.type == "type-error":
        kind = err.note.removeprefix('type is "').split("/")[0]  # 'type is "number/default"'
        return f"{err.cell!r} is not a valid {kind}"
    if err.type == "unique-error":
        return f"duplicate {err.field_name} {err.cell!r}: {err.note.replace('in the row at position', 'on line')}"
    return err.message


def _header_problems(pkg: frictionless.Package, data_dir: Path) -> list[Problem]:
    """Missing, unexpected or misplaced columns, named (line 1 of the file)."""
    problems = []
    for res in pkg.resources:
        path = data_dir / res.path
        header = read_table(path).header
        expected = [f.name for f in res.schema.fields]
        if header == expected:
            continue
        file = relpath(path)
        for n, name in enumerate(expected, start=1):
            if name not in header:
                problems.append(
                    Problem(file, 1, n, name, f"missing column {name!r} (expected columns: {', '.join(expected)})")
                )
        for n, name in enumerate(header, start=1):
            if name not in expected:
                problems.append(Problem(file, 1, n, name, f"unexpected column {name!r}"))
        if not problems and set(header) == set(expected):
            problems.append(Problem(file, 1, 0, "", f"columns out of order: expected {', '.join(expected)}"))
    return problems


def _constraint(cell: str, note: str) -> str:
    """'constraint "enum" is "[...]"' -> a sentence a curator reads at a glance."""
    m = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    if not m:
        return f"{cell!r}: {note}"
    name, arg = m.groups()
    if name == "enum":
        return f"{cell!r} is not one of {arg}"
    if name == "required":
        return "a value is required here"
    if name == "pattern":
        return f"{cell!r} does not have the required form {arg}"
    if name == "maxLength":
        return f"too long ({len(cell)} characters, at most {arg}): keep quotes to the shortest span"
    return f"{cell!r} breaks the {name} rule ({arg})"
