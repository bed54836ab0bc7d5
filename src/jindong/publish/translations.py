"""Keep the Chinese edition in step with the English: the catalogs of the package's words and the
Chinese notebooks of the chapters' prose.

    python -m jindong.publish.translations update   # `make translations`: extract, scaffold, report
    python -m jindong.publish.translations status   # what is untranslated or out of date, and where
    python -m jindong.publish.translations stamp chapters/zh/04-did-2023-deliver.ipynb [...]

Package words: every `_()`/`n_()` message of src/jindong is extracted (Babel) into
locales/zh_CN/LC_MESSAGES/<domain>.po (content/i18n.py says which domain); `update` keeps what is
translated, adds new messages empty and marks changed ones fuzzy (with the old translation to start
from). Translate in the .po file (any PO editor, or a text editor), then remove the `#, fuzzy` line.

Chapter prose: chapters/zh/ holds a Chinese twin of every chapter (and of intro.ipynb) with the
same cells: code cells identical, each Markdown cell translated. A translated cell records a hash of
the English cell it translates (metadata jindong.translates); when the English changes the hashes
differ and the cell is reported stale until the translator updates it and runs `stamp`. `update`
creates the twin of a new chapter with its Markdown still in English (and unstamped).

`problems()` is what tests/test_translations.py asserts empty: `make test` fails on an untranslated,
fuzzy or stale message, a stale or untranslated cell, or twins that differ in structure.
"""

from __future__ import annotations

import ast
import hashlib
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from jindong.content.i18n import LOCALE_DIRS, LOCALES
from jindong.dataset.sources import to_simplified
from jindong.paths import ROOT

PACKAGE = ROOT / "src" / "jindong"
KEYWORDS = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2)}
LANGUAGE = "zh"
CHAPTERS = ROOT / "chapters"
TWINS = CHAPTERS / LANGUAGE
HOME = ROOT / "intro.ipynb"
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)[^{}]*\}(?!\})")
# what the prose of both editions must share: the values it shows, the figures and the references
EVAL = re.compile(r"\{eval\}`([^`]+)`")
NAMES = re.compile(r"^:name:\s*(\S+)", re.M)
LABELS = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)  # (ch7-frame)= before a heading: a section's anchor
REFS = re.compile(r"\{(?:ref|numref|doc)\}`(?:[^`<]*<)?([^`>]+)>?`")
LINKS = re.compile(r"\]\(([^)\s]+)\)")


# ---------------------------------------------------------------- package words (catalogs)


def _rel(path: Path) -> str:
    """A path as messages name it: from the project's root where it is inside it."""
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def domain(path: Path) -> str:
    """The catalog a module's messages go to: its own for a chapter module, else 'common'."""
    rel = path.relative_to(PACKAGE)
    return path.stem if rel.parts[:2] == ("content", "chapters") and path.stem != "__init__" else "common"


def modules() -> list[Path]:
    return sorted(p for p in (PACKAGE / "content").rglob("*.py") if p.name != "i18n.py")


def po_path(name: str, language: str = LANGUAGE) -> Path:
    return LOCALES / LOCALE_DIRS[language] / "LC_MESSAGES" / f"{name}.po"


def extracted() -> dict[str, Catalog]:
    """The messages the code holds now, as one template catalog per domain."""
    out: dict[str, Catalog] = {}
    for path in modules():
        for lineno, message, _comments, context in extract_from_file("python", path, KEYWORDS):
            cat = out.setdefault(domain(path), Catalog(domain=domain(path)))
            cat.add(message, locations=[(_rel(path), lineno)], context=context)
    return out


def read(path: Path, language: str = LANGUAGE) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=LOCALE_DIRS[language], domain=path.stem)


def write(cat: Catalog, path: Path) -> None:
    """Deterministic PO: no dates or line numbers, so a moved line changes nothing."""
    buf = io.BytesIO()
    write_po(buf, cat, width=100, omit_header=True, include_lineno=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != buf.getvalue():
        path.write_bytes(buf.getvalue())


def update_catalogs() -> list[str]:
    """Bring every .po file in step with the code; returns what changed, in words."""
    said = []
    templates = extracted()
    for name, template in sorted(templates.items()):
        path = po_path(name)
        cat = read(path) if path.exists() else Catalog(locale=LOCALE_DIRS[LANGUAGE], domain=name)
        before = {m.id for m in cat if m.id}
        cat.update(template, no_fuzzy_matching=False)
        after = {m.id for m in cat if m.id}
        if before != after:
            said.append(f"{_rel(path)}: {len(after - before)} new, {len(before - after)} gone")
        write(cat, path)
    for path in sorted(po_path("x").parent.glob("*.po")):
        if path.stem not in templates:
            path.unlink()
            said.append(f"{_rel(path)}: removed (no messages left in its module)")
    return said


def fields(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def is_other_language(field: str) -> bool:
    """{other}, {card_other}: the name in the other language, which the English edition shows beside the
    source's Chinese and the Chinese edition leaves out (its msgstr omits the placeholder)."""
    return field == "other" or field.endswith("_other")


def call_problems() -> list[str]:
    """`_()` and `n_()` must get plain strings: an f-string or a variable cannot be extracted."""
    out = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
                n = 1 if node.func.id == "_" else 2
                args = node.args[:n]
                if len(args) < n or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                    out.append(
                        f"{_rel(path)}:{node.lineno}: {node.func.id}() needs a plain string literal "
                        "(put values in named {placeholders}, passed as keywords)"
                    )
    return out


def catalog_problems() -> list[str]:
    """Untranslated, fuzzy, stale or inconsistent messages, each with its file and line."""
    out = call_problems()
    templates = extracted()
    seen: dict[object, tuple[str, str]] = {}
    for name, template in sorted(templates.items()):
        path = po_path(name)
        rel = _rel(path)
        if not path.exists():
            out.append(f"{rel}: missing — run `make translations` and translate it")
            continue
        cat = read(path)
        wanted = {(m.context, m.id) for m in template if m.id}
        have = {(m.context, m.id) for m in cat if m.id}
        for _context, mid in sorted(wanted - have, key=str):
            out.append(f"{rel}: not yet extracted: {mid!r} — run `make translations`")
        for _context, mid in sorted(have - wanted, key=str):
            out.append(f"{rel}: no longer in the code: {mid!r} — run `make translations`")
        for m in cat:
            if not m.id:
                continue
            where = f"{rel}:{m.lineno}"
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = [s for s in (m.string if isinstance(m.string, tuple | list) else (m.string,))]
            if not any(strings):
                out.append(f"{where}: untranslated: {ids[0]!r}")
                continue
            if m.fuzzy:
                out.append(
                    f"{where}: fuzzy (the English changed; check the translation, then delete '#, fuzzy'): {ids[0]!r}"
                )
            expected = set().union(*(fields(i) for i in ids))
            other = {f for f in expected if is_other_language(f)}
            for s in strings:
                if s and fields(s) != expected - other:
                    out.append(
                        f"{where}: placeholders {sorted(fields(s))} differ from the English {sorted(expected - other)}"
                        + (
                            f" (leave out {sorted(other)}: the English name; a Chinese page is Chinese)"
                            if other
                            else ""
                        )
                        + f": {ids[0]!r}"
                    )
                if s and to_simplified(s) != s:  # OpenCC's t2s, then the phrases it gets wrong (著力 → 着力)
                    out.append(f"{where}: not simplified Chinese (expected {to_simplified(s)!r}): {s!r}")
            key = (m.context, m.id)
            if key in seen and seen[key][1] != strings[0]:
                out.append(f"{where}: translated differently in {seen[key][0]}: {ids[0]!r}")
            seen.setdefault(key, (str(rel), strings[0]))
    return out


# ---------------------------------------------------------------- chapter prose (twin notebooks)


def english_notebooks() -> list[Path]:
    return [HOME, *sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb"))]


def twin(english: Path) -> Path:
    """chapters/04-x.ipynb -> chapters/zh/04-x.ipynb; intro.ipynb -> chapters/zh/intro.ipynb."""
    return TWINS / english.name


def english_of(twin_path: Path) -> Path:
    return HOME if twin_path.name == HOME.name else CHAPTERS / twin_path.name


def cell_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def translates(cell) -> str | None:
    return cell.get("metadata", {}).get("jindong", {}).get("translates")


def scaffold(english: Path) -> Path:
    """The twin of a chapter that has none: its cells copied, the Markdown to be translated."""
    path = twin(english)
    nb = nbformat.read(english, as_version=4)
    for cell in nb.cells:
        cell.metadata.get("jindong", {}).pop("translates", None)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def stamp(path: Path) -> int:
    """Record that each Markdown cell of a twin now translates its English cell as it stands."""
    nb, en = nbformat.read(path, as_version=4), nbformat.read(english_of(path), as_version=4)
    if len(nb.cells) != len(en.cells):
        raise SystemExit(f"{_rel(path)} has {len(nb.cells)} cells, its English {len(en.cells)}: fix that first")
    n = 0
    for zh, eng in zip(nb.cells, en.cells, strict=True):
        if zh.cell_type == "markdown":
            new = cell_hash(eng.source)
            if translates(zh) != new:
                zh.metadata.setdefault("jindong", {})["translates"] = new
                n += 1
    nbformat.write(nb, path)
    return n


def notebook_problems() -> list[str]:
    """Twins missing, differing in structure, or stale: each named with its notebook and cell."""
    out = []
    for english in english_notebooks():
        path = twin(english)
        rel, en_rel = _rel(path), _rel(english)
        if not path.exists():
            out.append(f"{rel}: missing (the Chinese of {en_rel}) — run `make translations`")
            continue
        nb, en = nbformat.read(path, as_version=4), nbformat.read(english, as_version=4)
        if len(nb.cells) != len(en.cells):
            out.append(
                f"{rel}: {len(nb.cells)} cells, but {en_rel} has {len(en.cells)}: the two must match cell for cell"
            )
            continue
        for i, (zh, eng) in enumerate(zip(nb.cells, en.cells, strict=True)):
            where = f"{rel} cell {i}"
            if zh.cell_type != eng.cell_type:
                out.append(f"{where}: a {zh.cell_type} cell where {en_rel} has a {eng.cell_type} cell")
                continue
            if zh.cell_type == "code":
                if zh.source != eng.source or zh.metadata.get("tags") != eng.metadata.get("tags"):
                    out.append(f"{where}: code or tags differ from {en_rel}: code is shared, only prose is translated")
                continue
            if translates(zh) is None:
                out.append(f"{where}: not translated yet (then `python -m jindong.publish.translations stamp {rel}`)")
                continue
            if translates(zh) != cell_hash(eng.source):
                out.append(f"{where}: the English cell changed since it was translated: update it, then stamp {rel}")
            for what, pattern in (
                ("{eval} values", EVAL),
                ("figure names", NAMES),
                ("references", REFS),
                ("links", LINKS),
            ):
                a, b = set(pattern.findall(zh.source)), set(pattern.findall(eng.source))
                if what == "{eval} values":  # name_zh: the Chinese original English prose quotes beside name
                    a, b = {x for x in a if not x.endswith("_zh")}, {x for x in b if not x.endswith("_zh")}
                if what == "links":
                    a, b = {x for x in a if not x.startswith("http")}, {x for x in b if not x.startswith("http")}
                if a != b:
                    out.append(
                        f"{where}: {what} differ from {en_rel}: only here {sorted(a - b)}, only in English {sorted(b - a)}"
                    )
    return out


def problems() -> list[str]:
    return catalog_problems() + notebook_problems()


def main(argv: list[str]) -> int:
    cmd, *rest = argv or ["status"]
    if cmd == "update":
        for line in update_catalogs():
            print(line)
        for english in english_notebooks():
            if not twin(english).exists():
                print(f"created {_rel(scaffold(english))}: translate its Markdown cells, then stamp it")
        cmd = "status"
    if cmd == "stamp":
        for p in rest:
            print(f"{p}: {stamp(Path(p).resolve())} cell(s) stamped")
        return 0
    if cmd == "status":
        found = problems()
        by_file: dict[str, int] = defaultdict(int)
        for p in found:
            print(p)
            by_file[p.split(":")[0].split(" cell ")[0]] += 1
        print(
            f"{len(found)} translation problem(s)"
            + (": " + ", ".join(f"{f} {n}" for f, n in sorted(by_file.items())) if found else "")
        )
        return 1 if found else 0
    print(f"unknown command {cmd!r}: use update, status or stamp")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
