"""`make test-power`: plant each defect `make test` must catch in a scratch copy of the project, and
show which of its checks fails on it (issue 24: a faster `make test` must still catch all of these).

For each defect: copy the project (its files as they are now, with _build/ so the caches are warm; the
virtualenv and node_modules are shared, the copy's own src/ comes first on PYTHONPATH), plant the
defect, then run the steps of `make test` that read what it breaks — validation, a build, the test
files concerned — in the order `make test` runs them, until one fails. A defect is caught when a
step fails and its output names what is wrong (`expect`); the table at the end says by which step,
and the run exits non-zero if any defect got through. The steps are the ones `make test` runs on
the whole project; running only them is what keeps this loop to about 20 minutes instead of eight
full `make test`s. `python tests/seed_defects.py quote hostile` plants only the named ones.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jindong.paths import sources_dir

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")

VALIDATE = [PY, "-m", "jindong.dataset.validate"]
BUILD = [PY, "-m", "jindong.publish.build"]
PDF = [PY, "-m", "jindong.publish.pdf"]


def pytest(*paths: str, k: str | None = None) -> list[str]:
    return [PY, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadscope", *paths] + (
        ["-k", k] if k else []
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"cannot plant the defect: {old!r} is no longer in {path} (update tests/seed_defects.py)")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_value(root: Path) -> None:
    """The first 2023 report row's value no longer matches its quote."""
    path = root / "data" / "indicators.csv"
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["id"] == "jd_gwr_2023-r001")
    row["value"] = str(float(row["value"]) + 1)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def untranslate(root: Path) -> None:
    """A message of the home page loses its Chinese."""
    edit(
        root / "locales" / "zh_CN" / "LC_MESSAGES" / "frontpage.po",
        'msgid "every 2023 outcome for Jindong"\nmsgstr "金东区所有2023年实绩"',
        'msgid "every 2023 outcome for Jindong"\nmsgstr ""',
    )


def extra_zh_section(root: Path) -> None:
    """The Chinese chapter 5 gets a section the English one has not: its sections' anchors no longer match."""
    path = root / "chapters" / "zh" / "05-mid-course-2023.ipynb"
    text = path.read_text(encoding="utf-8")
    at = text.index('"## ')
    path.write_text(text[:at] + '"### 多出的一节\\n",\n    "\\n",\n    ' + text[at:], encoding="utf-8")


@dataclass(frozen=True)
class Defect:
    name: str
    what: str
    plant: Callable[[Path], None]
    steps: list[list[str]]
    expect: str  # a regular expression the failing step's output must hold


DEFECTS = [
    Defect(
        "quote",
        "a number in indicators.csv that no longer matches its quote",
        change_value,
        [VALIDATE],
        r"indicators\.csv:\d+.*value",
    ),
    Defect(
        "csv",
        "a chart whose CSV disagrees with what it draws",
        lambda root: edit(
            root / "src" / "jindong" / "content" / "charts" / "plotted.py",
            "series=p.series, category=p.category, plotted=p.plotted)",
            "series=p.series, category=p.category, plotted=p.plotted + '1')",
        ),
        [pytest("tests/test_plotted.py"), BUILD, pytest("tests/test_chart_tools.py")],
        r"(?i)csv|plots",
    ),
    Defect(
        "hostile",
        "a hostile label (<img onerror>) reaching a hover unescaped",
        lambda root: edit(
            root / "src" / "jindong" / "content" / "charts" / "common.py", "name=escape(label)", "name=Markup(label)"
        ),
        [pytest("tests/test_markup.py", "tests/test_hostile.py")],
        r"onerror|<img|hostile|escaped",
    ),
    Defect(
        "untranslated",
        "a Chinese page with an untranslated string",
        untranslate,
        [pytest("tests/test_translations.py")],
        r"untranslated|every",
    ),
    Defect(
        "console",
        "a console error on one page",
        lambda root: edit(
            root / "_static" / "jindong.js",
            "(function () {",
            '(function () {\n  if (location.pathname.endsWith("05-mid-course-2023.html")) console.error("seeded defect");',
        ),
        [BUILD, pytest("tests/test_site.py")],
        r"seeded defect",
    ),
    Defect(
        "anchor",
        "a section anchor that differs between the editions",
        extra_zh_section,
        [pytest("tests/test_translations.py"), BUILD, pytest("tests/test_editions.py")],
        r"05-mid-course|anchor|section|heading",
    ),
    Defect(
        "order",
        "a label whose order depends on a set's iteration (a non-deterministic build)",
        lambda root: edit(
            root / "src" / "jindong" / "content" / "format.py",
            'dict.fromkeys([*(to_simplified(w) for w in words), *(ANYWHERE_BEFORE if q == ">=" else ())]),',
            '{*(to_simplified(w) for w in words), *(ANYWHERE_BEFORE if q == ">=" else ())},',
        ),
        [
            ["env", "PYTHONHASHSEED=0", *BUILD],
            pytest("chapters/01-about.ipynb", "chapters/zh/01-about.ipynb"),
        ],
        r"differs? between",
    ),
    Defect(
        "pdf",
        "a chart missing from the PDF",
        lambda root: edit(
            root / "src" / "jindong" / "publish" / "print_edition.py",
            "def _chart_nodes(renderer, payload: dict) -> list:\n",
            "def _chart_nodes(renderer, payload: dict) -> list:\n"
            "    if payload['name'] == 'ch2-growth-rates':\n        return []\n",
        ),
        [["env", "PYTHONHASHSEED=0", *PDF], ["env", "PYTHONHASHSEED=0", *BUILD], pytest("tests/test_pdf.py")],
        r"ch2-growth-rates|growth|[Ff]igure",
    ),
]


def scratch_copy(where: Path) -> Path:
    """The project as it is now (tracked and new files, not ignored ones), with its _build/."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    root = where / "project"
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, root / name)
    if (ROOT / "_build").is_dir():
        shutil.copytree(ROOT / "_build", root / "_build", symlinks=True)
        for link in (root / "_build").glob("stage*/_build/.jupyter_cache"):
            link.unlink()  # pointed at this project's caches; the copy links its own (build.use_cache)
    for shared in (".venv", "node_modules"):
        if (ROOT / shared).exists():
            (root / shared).symlink_to(ROOT / shared)
    return root


def run(defect: Defect, where: Path) -> tuple[bool, str, float]:
    start = time.monotonic()
    root = scratch_copy(where)
    defect.plant(root)
    env = {k: v for k, v in os.environ.items() if k not in {"JINDONG_BUILD_DIR", "JINDONG_DATA", "JINDONG_BOOK_SOURCE"}}
    env |= {"PYTHONPATH": str(root / "src"), "JINDONG_SOURCES": str(sources_dir())}
    for step in defect.steps:
        proc = subprocess.run(step, cwd=root, env=env, capture_output=True, text=True)
        out = proc.stdout + proc.stderr
        label = " ".join(s for s in step if s != PY).replace("-m ", "")
        if proc.returncode != 0:
            caught = re.search(defect.expect, out) is not None
            failed = re.findall(r"^FAILED (\S+)", out, re.M) or [label]
            where_ = f"{label}: {failed[0]}"
            return (
                caught,
                where_ if caught else f"{where_} (without naming it)\n{out[-1500:]}",
                time.monotonic() - start,
            )
    return False, "every step passed", time.monotonic() - start


def main(names: list[str]) -> int:
    chosen = [d for d in DEFECTS if not names or d.name in names]
    results = []
    for defect in chosen:
        with tempfile.TemporaryDirectory(prefix=f"seeded-{defect.name}-") as tmp:
            print(f"planting {defect.name}: {defect.what} …", flush=True)
            caught, how, seconds = run(defect, Path(tmp))
            print(f"  {'caught' if caught else 'MISSED'} in {seconds:.0f} s by {how}", flush=True)
            results.append((defect, caught, how, seconds))
    print("\n| defect | caught | by | seconds |\n|---|---|---|---|")
    for d, caught, how, seconds in results:
        print(f"| {d.what} | {'yes' if caught else '**no**'} | {how.splitlines()[0]} | {seconds:.0f} |")
    return 0 if all(c for _, c, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
