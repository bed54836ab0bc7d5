"""`make book`: build the HTML book aside, then swap it in — a failed build leaves the last good site.

Jupyter Book's execution cache keys on a notebook's own code, not on the package or the data it
calls; when either changes, the cache is cleared and every page re-read, so no page shows stale
charts. Otherwise an unchanged book rebuilds from cache in seconds.

When the build fails, one block at the end says why: for a notebook, its path, the cell (index and
source line) and the error, read from the execution reports Jupyter Book writes; otherwise the
build's warnings and errors. The site is not touched.

Two editions: the English site in _build/html and the Chinese one in _build/html/zh/, each
built in its own stage with its own execution cache (jupyter-cache keys on code alone, and the
code is the same: a cached English chart must never reach the Chinese edition). The PDF's stage of
an edition (pdf.py) reads the same cache as its website (Stage.cache): a notebook's outputs serve
both, so `make test`, which builds both, runs each chapter once per edition. The Chinese book's
source is assembled in its stage (zh_source): the Chinese twins of the chapters (chapters/zh/) in the
English book's places, so every page has the same path in both editions, and _config.yml with the
Chinese settings (ZH_CONFIG). The site is swapped in only when both editions built.

Environment: JINDONG_EDITIONS=en builds the English edition alone (default "en zh");
JINDONG_BUILD_DIR puts the stage and the site in another folder than _build/ (tests
build fixtures there); JINDONG_DATA (see paths.py) is the dataset the chapters read;
JINDONG_BOOK_SOURCE is the book's source folder (default: the project; tests build a scratch book).
Extra arguments go to `jupyter-book build`, e.g. `--toc other_toc.yml` to build a few chapters.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from jindong.paths import DATA_DIR, ROOT
from jindong.publish import execute
from jindong.publish.sphinxext import SECTION_IDS_FILE, heading_ids

SOURCE = Path(os.environ.get("JINDONG_BOOK_SOURCE") or ROOT).resolve()
BUILD_DIR = Path(os.environ.get("JINDONG_BUILD_DIR") or ROOT / "_build").resolve()
SITE = BUILD_DIR / "html"
PDF_DIR = BUILD_DIR / "pdf"  # the PDF edition alone (pdf.py), which the site then offers


@dataclass(frozen=True)
class Stage:
    """Where one builder's build happens, with its own execution cache: the PDF edition's notebooks
    carry print outputs (print_edition.py) that the website's must not, and the Chinese edition's
    notebooks Chinese ones."""

    builder: str
    root: Path
    lang: str = "en"

    @property
    def source(self) -> Path:
        """The book this stage builds: the project, or for Chinese the book zh_source assembles."""
        return SOURCE if self.lang == "en" else self.root / "book"

    @property
    def out(self) -> Path:
        return self.root / "_build" / self.builder

    @property
    def reports(self) -> Path:
        return self.out / "reports"

    @property
    def stamp(self) -> Path:
        return self.root / ".inputs-hash"

    @property
    def cache(self) -> Path:
        """The edition's execution cache, shared by its website and PDF stages (linked from each
        stage's _build/.jupyter_cache, where Jupyter Book looks)."""
        return self.root.parent / f"execution-{self.lang}"


def use_cache(stage: Stage, digest: str) -> bool:
    """Link the stage to its edition's execution cache; empty the cache when the package, data or
    book changed since it was filled (`digest`, the same for both builders). True when emptied."""
    stale = False
    stamp = stage.cache.with_suffix(".inputs-hash")
    if not stamp.exists() or stamp.read_text() != digest:
        shutil.rmtree(stage.cache, ignore_errors=True)
        stale = True
    stage.cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    link = stage.root / "_build" / ".jupyter_cache"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not (link.is_symlink() and link.resolve() == stage.cache.resolve()):
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.exists():
            shutil.rmtree(link)  # a stage from before the cache was shared
        link.symlink_to(stage.cache.resolve(), target_is_directory=True)
    return stale


HTML = Stage("html", BUILD_DIR / "stage")
HTML_ZH = Stage("html", BUILD_DIR / "stage-zh", lang="zh")
LATEX = Stage("latex", BUILD_DIR / "stage-pdf")
LATEX_ZH = Stage("latex", BUILD_DIR / "stage-pdf-zh", lang="zh")
REPORTS = HTML.reports
SITE_ZH = SITE / "zh"  # where the Chinese edition is published, beside the English pages


def executed(notebook: Path):
    """The website build's run of a notebook of the book (chapters/zh/x.ipynb: the Chinese stage's
    chapters/x.ipynb; chapters/zh/intro.ipynb its intro.ipynb), read from its edition's execution cache;
    KeyError when the build did not run this version of it. The tests compare nbval's run of the
    notebook with it, output by output."""
    relative = notebook.resolve().relative_to(SOURCE)
    stage = HTML
    if relative.parts[:2] == ("chapters", "zh"):
        stage = HTML_ZH
        relative = (
            Path(*relative.parts[2:]) if relative.name == "intro.ipynb" else Path("chapters", *relative.parts[2:])
        )
    return execute.cached_run(stage.source / relative, stage.cache)


# The Chinese edition's settings over _config.yml's: the theme's words in Chinese (Sphinx's
# language), figures numbered 图 4.1, the title. Search stays Chinese-first (jieba, search.py).
ZH_TITLE = "数读金东区"
ZH_CONFIG = {
    "title": ZH_TITLE,
    "author": "本书贡献者",
    "sphinx": {
        "config": {
            "language": "zh_CN",
            "numfig_format": {"figure": "图 %s", "table": "表 %s", "code-block": "代码 %s", "section": "第 %s 节"},
        }
    },
}
ZH_TOC_CAPTIONS = {"Chapters": "章节"}

# The Chinese PDF, typeset as a Chinese book: ctex for the headings (第4章), the names (目录,
# 插图目录, 图 4.1) and Chinese line breaking and punctuation; Noto Serif CJK SC for the body, its own
# Latin letters matching it. No babel or polyglossia (ctex names things), no fncychap (ctex's
# headings). The English preamble's environments (print_edition.py's classes) and symbol fallback follow.
ZH_LATEX_FONTS = r"""\setmainfont{Noto Serif CJK SC}
\setsansfont{Noto Sans CJK SC}
\setmonofont{Noto Sans Mono CJK SC}
"""
ZH_LATEX_PREAMBLE = r"""\usepackage[UTF8,heading=true,fontset=none]{ctex}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\ctexset{
  chapter/name={第,章}, chapter/number=\arabic{chapter},
  contentsname={目录}, listfigurename={插图目录}, listtablename={表格目录},
  figurename={图}, tablename={表}, indexname={索引}
}
% 图 4.1␣␣标题: the number and the caption apart, without an English colon
\usepackage[labelsep=quad]{caption}
"""
SHARED_PREAMBLE_FROM = "% symbols TeX Gyre lacks"


def zh_latex(latex: dict) -> dict:
    """The English latex_elements with the Chinese fonts, headings and names."""
    preamble = latex.get("preamble", "")
    shared = preamble[preamble.index(SHARED_PREAMBLE_FROM) :] if SHARED_PREAMBLE_FROM in preamble else ""
    return {
        **latex,
        "babel": "",
        "polyglossia": "",
        "fncychap": "",
        "fontpkg": ZH_LATEX_FONTS,
        # a zero-width space (chapter 10 lets long ids break with it) is a break, not a glyph to look for
        "preamble": ZH_LATEX_PREAMBLE + shared + "\n\\newunicodechar{^^^^200b}{\\hspace{0pt}}\n",
    }


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _put(path: Path, data: bytes) -> None:
    """Write only what changed: Sphinx rereads a page whose source file is newer than its build."""
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def zh_source(stage: Stage = HTML_ZH) -> Path:
    """Assemble the Chinese book in the stage: each Chinese twin where its English page is, the
    static files, and _config.yml and _toc.yml with the Chinese settings. A chapter without a twin
    stops the build, naming it (`make translations` creates it)."""
    book = stage.source
    config = _merge(yaml.safe_load((SOURCE / "_config.yml").read_text(encoding="utf-8")), ZH_CONFIG)
    sphinx = config["sphinx"]["config"]
    sphinx["latex_elements"] = zh_latex(sphinx.get("latex_elements", {}))
    _put(book / "_config.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode())
    toc = (SOURCE / "_toc.yml").read_text(encoding="utf-8")
    for en, zh in ZH_TOC_CAPTIONS.items():
        toc = toc.replace(f"caption: {en}", f"caption: {zh}")
    _put(book / "_toc.yml", toc.encode())
    wanted = set()
    english = [SOURCE / "intro.ipynb", *sorted((SOURCE / "chapters").glob("[0-9][0-9]-*.ipynb"))]
    for page in english:
        twin = SOURCE / "chapters" / "zh" / page.name
        if not twin.exists():
            raise SystemExit(f"{twin} is missing (the Chinese of {page.name}): run `make translations`")
        target = book / page.relative_to(SOURCE)
        _put(target, twin.read_bytes())
        wanted.add(target)
    # the English pages' section ids, which the Chinese sections take (sphinxext.SectionIdsFromEnglish)
    section_ids = {page.relative_to(SOURCE).with_suffix("").as_posix(): heading_ids(page) for page in english}
    _put(book / SECTION_IDS_FILE, json.dumps(section_ids, ensure_ascii=False, indent=1).encode())
    for f in sorted((SOURCE / "_static").rglob("*")):
        if f.is_file():
            target = book / f.relative_to(SOURCE)
            _put(target, f.read_bytes())
            wanted.add(target)
    data = book / "data"  # the chapters' {download} links to ../data/…: the same files as the English edition's
    if not data.is_symlink() or data.resolve() != DATA_DIR.resolve():
        if data.is_symlink() or data.is_file():
            data.unlink()
        elif data.exists():
            shutil.rmtree(data)
        data.symlink_to(DATA_DIR.resolve(), target_is_directory=True)
    for f in book.rglob("*.ipynb"):
        if f not in wanted:
            f.unlink()
    return book


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Sphinx's warnings and errors, and fatal messages, as they appear in jupyter-book's output.
PROBLEM_LINE = re.compile(
    r"(: (WARNING|ERROR|CRITICAL|SEVERE)\b|^(WARNING|ERROR): |Exception occurred|Extension error|"
    r"Sphinx error|Traceback \(most recent call last\)|^\w*(Error|Exception): )"
)
NOT_A_PROBLEM = re.compile(r"^\[IPKernelApp\] WARNING")  # kernels' notice about TCP transport


def inputs_hash(extra: list[str] | None = None) -> str:
    """Hash of everything chapters compute from besides their own cells: the package and the data,
    and the build's own arguments (another table of contents is another book)."""
    h = hashlib.sha256()
    pkg = ROOT / "src" / "jindong"
    files = [(f, f.relative_to(ROOT)) for f in sorted(pkg.rglob("*.py"))]
    files += [
        (f, Path("data") / f.relative_to(DATA_DIR))
        for f in sorted(DATA_DIR.rglob("*.csv"))
        if "parts" not in f.relative_to(DATA_DIR).parts
    ]
    files += [(f, f.relative_to(ROOT)) for f in sorted((ROOT / "locales").rglob("*.po"))]
    files += [
        (DATA_DIR / "datapackage.yaml", Path("data/datapackage.yaml")),
        (ROOT / "_static" / "jindong.css", Path("_static/jindong.css")),
    ]
    for f, name in files:
        if not f.exists():
            continue
        h.update(str(name).encode())
        h.update(f.read_bytes())
    h.update(json.dumps([str(SOURCE), *(extra or [])]).encode())
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- failure summary


@dataclass
class CellFailure:
    notebook: str  # path relative to the project, e.g. chapters/02-2022-in-numbers.ipynb
    cell: int | None  # index among all cells of the notebook (0-based), when found
    code_cell: int | None  # 1-based number among code cells, as a reader counts them
    line: int | None  # line within the cell
    source_line: str  # that line of code
    error: str  # 'ZeroDivisionError: division by zero'
    log: Path

    def __str__(self) -> str:
        where = []
        if self.cell is not None:
            where.append(f"cell index {self.cell} (code cell #{self.code_cell})")
        if self.line is not None:
            where.append(f"line {self.line}: {self.source_line.strip()}")
        elif self.source_line:
            where.append(f"code: {self.source_line.strip()}")
        return (
            f"{self.notebook}: {', '.join(where) or 'a cell'}\n    error: {self.error}\n    full traceback: {self.log}"
        )


def _notebook_path(docname: str, source: Path = SOURCE) -> Path | None:
    for suffix in (".ipynb", ".md"):
        p = source / f"{docname}{suffix}"
        if p.exists():
            return p
    return None


def _error_line(traceback: list[str]) -> str:
    """The exception's own line: the last 'Name: message' (or bare 'Name') after the traceback."""
    for line in reversed(traceback):
        s = line.strip()
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b", s) or re.match(r"^[A-Z]\w*: ", s):
            return s
    return next((s.strip() for s in reversed(traceback) if s.strip()), "unknown error")


def parse_report(log: Path, reports: Path = REPORTS, source: Path = SOURCE) -> CellFailure:
    """Read one execution report (reports/<docname>.err.log): the failing cell's code and the error.
    A page of the Chinese edition is named by its twin (chapters/zh/…), the file an author edits."""
    text = ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))
    docname = log.relative_to(reports).as_posix().removesuffix(".err.log")
    nb_path = _notebook_path(docname, source)
    notebook = str(nb_path.relative_to(source)) if nb_path else docname
    if nb_path and source != SOURCE:
        notebook = f"chapters/zh/{nb_path.name}"
    lines = text.splitlines()
    # nbclient's CellExecutionError: the cell's source between two dashed rules, then the traceback
    code, rest = None, lines
    rules = [i for i, line in enumerate(lines) if line.strip() == "-" * 18]
    if len(rules) >= 2:
        code = "\n".join(lines[rules[0] + 1 : rules[1]])
        rest = lines[rules[1] + 1 :]
    error = _error_line(rest)
    line_no, src, arrow_next = None, "", False
    for line in rest:  # IPython: 'Cell In[3], line 2', then the cell's lines with '----> 2 1/0'
        m = re.match(r"^Cell In\[\d+\], line (\d+)", line.strip())
        if m and line_no is None:
            line_no, arrow_next = int(m.group(1)), True
            continue
        m = re.match(r"^-+>\s*\d+\s?(.*)$", line.strip())
        if m and arrow_next:
            src, arrow_next = m.group(1), False
    cell = code_cell = None
    if nb_path and nb_path.suffix == ".ipynb" and code is not None:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        n_code = 0
        for i, c in enumerate(nb.get("cells", [])):
            if c.get("cell_type") != "code":
                continue
            n_code += 1
            source = "".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
            if source.strip() == code.strip():
                cell, code_cell = i, n_code
                cell_lines = source.splitlines()
                if line_no is not None and 0 < line_no <= len(cell_lines):
                    src = cell_lines[line_no - 1]  # the notebook's own text, not IPython's rendering
                break
    if not src and line_no is None and code and code.strip():
        src = code.strip().splitlines()[0] + (" …" if "\n" in code.strip() else "")
    return CellFailure(notebook, cell, code_cell, line_no, src, error, log)


def failure_summary(
    output: list[str], returncode: int, stage: Stage = HTML, published: Path = SITE / "index.html"
) -> str:
    """One block saying why the build failed: failing notebook cells first, then other problems."""
    what = "site" if published.name == "index.html" else published.name
    kept = (
        f"the last good {what} in {published.parent} is unchanged"
        if published.exists()
        else f"nothing was published to {published.parent}"
    )
    out = [f"BUILD FAILED (exit {returncode}); {kept}."]
    reports = stage.reports
    failures = (
        [parse_report(p, reports, stage.source) for p in sorted(reports.rglob("*.err.log"))] if reports.is_dir() else []
    )
    if failures:
        out.append(f"{len(failures)} notebook(s) failed to execute:")
        out += [f"  {f}" for f in failures]
    problems = []
    for line in output:
        s = ANSI.sub("", line).rstrip()
        if PROBLEM_LINE.search(s) and not NOT_A_PROBLEM.search(s) and s not in problems:
            problems.append(s)
    if problems:
        out.append("Problems reported by the build:" if not failures else "Build messages:")
        out += [f"  {s}" for s in problems[:40]]
        if len(problems) > 40:
            out.append(f"  … and {len(problems) - 40} more (see the output above)")
    elif not failures:
        out.append("The build reported no warning; its last lines:")
        out += [f"  {ANSI.sub('', s).rstrip()}" for s in output[-15:]]
    return "\n".join(out)


# ---------------------------------------------------------------- build


def run(
    stage: Stage,
    extra: list[str] | None = None,
    env: dict[str, str] | None = None,
    published: Path = SITE / "index.html",
    prefix: str = "",
) -> int:
    """Build the book with one builder into its stage; on failure print why and return non-zero."""
    stage.root.mkdir(parents=True, exist_ok=True)
    source = stage.source
    if stage.lang != "en":
        zh_source(stage)
    env = {"JINDONG_LANG": stage.lang, **(env or {})}
    digest = inputs_hash([stage.builder, *(extra or []), *([stage.lang] if stage.lang != "en" else [])])
    args = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(source),
        "--path-output",
        str(stage.root),
        "--builder",
        stage.builder,
        "-n",
        "-W",
        "--keep-going",
        *(extra or []),
    ]
    emptied = use_cache(stage, inputs_hash([*(extra or []), *([stage.lang] if stage.lang != "en" else [])]))
    if emptied or not stage.stamp.exists() or stage.stamp.read_text() != digest:
        shutil.rmtree(stage.root / "_build" / ".doctrees", ignore_errors=True)
        args.append("--all")
        print(
            "package, data or build options changed since the last build: "
            + ("re-executing every chapter" if emptied else "re-reading every chapter (their execution is cached)"),
            flush=True,
        )
    shutil.rmtree(stage.reports, ignore_errors=True)  # reports of an earlier run must not be taken for this one's
    # the notebooks the cache lacks, executed in parallel into it (execute.py); the build then reads them
    toc = execute.toc_argument(extra)
    execute.prefill(
        source,
        stage.root / "_build" / ".jupyter_cache",
        env=env,
        toc=(toc if toc is None or toc.is_absolute() else source / toc),
        log=lambda line: print(prefix + line, flush=True),
    )
    output: list[str] = []
    proc = subprocess.Popen(
        args,
        cwd=source,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        env={**os.environ, **(env or {})},
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stdout.write(prefix + line)
        output.append(line)
    returncode = proc.wait()
    sys.stdout.flush()
    failed_cells = stage.reports.is_dir() and any(stage.reports.rglob("*.err.log"))
    if returncode != 0 or failed_cells or not stage.out.is_dir():
        print("\n" + failure_summary(output, returncode or 1, stage, published), file=sys.stderr, flush=True)
        return returncode or 1
    stage.stamp.write_text(digest)
    return 0


def stage_prefix(stage: Stage, stages: list[Stage]) -> str:
    """'[zh] ' before the Chinese edition's lines when both editions build at once; '' otherwise."""
    return f"[{stage.lang}] " if len(stages) > 1 else ""


def both_at_once(build_one, stages: list[Stage]) -> list[int]:
    """Build the editions side by side: each one's Sphinx is one process for much of its time, and
    its notebooks wait on kernels, so two builds share two cores far better than one after the
    other (benchmarks/README.md). JINDONG_JOBS=1 builds one after another, as it executes serially."""
    if len(stages) < 2 or os.environ.get("JINDONG_JOBS") == "1":
        return [build_one(s) for s in stages]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(stages)) as pool:
        return list(pool.map(build_one, stages))


def build(extra: list[str] | None = None) -> int:
    """The website, both editions: each built in its stage, then swapped in whole."""
    # a scratch book (tests) without Chinese twins is built in English only; JINDONG_EDITIONS=en too
    # (the benchmark's English-alone build)
    editions = os.environ.get("JINDONG_EDITIONS", "en zh").split()
    stages = [HTML] + ([HTML_ZH] if "zh" in editions and (SOURCE / "chapters" / "zh").is_dir() else [])

    def one(stage: Stage) -> int:
        code = run(stage, extra, prefix=stage_prefix(stage, stages))
        if not code and not (stage.out / "index.html").exists():
            print("\n" + failure_summary([], 1, stage), file=sys.stderr, flush=True)
            return 1
        return code

    codes = both_at_once(one, stages)
    if any(codes):
        return next(c for c in codes if c)
    fresh = SITE.with_name("html.new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(HTML.out, fresh)
    if HTML_ZH in stages:
        shutil.copytree(HTML_ZH.out, fresh / SITE_ZH.name)
    old = SITE.with_name("html.old")
    shutil.rmtree(old, ignore_errors=True)
    if SITE.exists():
        SITE.rename(old)
    fresh.rename(SITE)
    shutil.rmtree(old, ignore_errors=True)
    print(f"The book is at {SITE / 'index.html'} (中文版: {SITE_ZH / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
