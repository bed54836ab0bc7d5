"""Execute the book's notebooks in parallel, into the execution cache the build then reads.

Jupyter Book (myst-nb, `execute_notebooks: cache`) executes notebooks one after another while
Sphinx reads them: on two cores half the machine waits. Before `jupyter-book build`, build.py hands
the notebooks the cache has no record of to a pool of processes (one per core), each executing
notebooks exactly as myst-nb would (jupyter-cache's `single_nb_execution`, in the notebook's folder,
with _config.yml's timeout and allow_errors, notebook metadata overriding them); the parent stores
each executed notebook in the stage's jupyter-cache as myst-nb does. The build then finds every
notebook in the cache — keyed on its code cells, as always — and executes nothing.

Nothing else changes: the same code runs with the same environment, and the cached outputs are the
ones the build would have made (the website's and the PDF's build of an edition share them). A notebook that fails here is not cached: the build executes it again, one
after another as before, and reports the notebook, the cell and the error as it always has
(build.py's CellFailure). With one notebook or none to execute, nothing is started: the build does it.

JINDONG_JOBS sets the number of processes (default: the number of cores; 1 turns this off and the
build executes serially, as before).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path, PurePosixPath

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution


@dataclass(frozen=True)
class Settings:
    mode: str
    timeout: int | None
    allow_errors: bool
    exclude: tuple[str, ...]
    in_temp: bool


def settings(source: Path) -> Settings:
    """The execute: section of the book's _config.yml, as jupyter-book passes it to myst-nb."""
    config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")) or {}
    ex = config.get("execute") or {}
    mode = ex.get("execute_notebooks", "auto")
    return Settings(
        mode="off" if mode is False else str(mode),
        timeout=ex.get("timeout", 30),
        allow_errors=bool(ex.get("allow_errors", False)),
        exclude=tuple(ex.get("exclude_patterns") or ()),
        in_temp=bool(ex.get("run_in_temp", False)),
    )


def notebooks(source: Path, toc: Path | None = None) -> list[Path]:
    """The .ipynb documents of the table of contents (the build reads only those)."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(toc or source / "_toc.yml")
    found = []
    for docname in site_map:
        path = source / f"{docname}.ipynb"
        if path.exists():
            found.append(path)
    return found


def toc_argument(extra: list[str] | None) -> Path | None:
    """`--toc other.yml` among jupyter-book's extra arguments."""
    args = list(extra or [])
    for i, a in enumerate(args):
        if a == "--toc" and i + 1 < len(args):
            return Path(args[i + 1])
        if a.startswith("--toc="):
            return Path(a.split("=", 1)[1])
    return None


def jobs() -> int:
    return max(1, int(os.environ.get("JINDONG_JOBS") or os.cpu_count() or 1))


def _init_worker(env: dict[str, str]) -> None:
    os.environ.update(env)  # the kernels inherit it, as they inherit jupyter-book's


# Kernels started at once in parallel processes pick their TCP ports each on its own (jupyter_client binds
# port 0, closes it, and the kernel binds it again): now and then two pick the same port, and one kernel
# dies before it replies ("Address already in use", then "Kernel died before replying to kernel_info").
# Seen once in a build of both editions (four kernels at a time). A fresh start picks fresh ports.
KERNEL_STARTS = 3


def _execute(path: str, timeout: int | None, allow_errors: bool) -> tuple[str, str | None, float, str | None]:
    """Execute one notebook as myst-nb's cache client does; (path, executed notebook JSON or None, seconds, error)."""
    for attempt in range(1, KERNEL_STARTS + 1):
        nb = nbformat.read(path, as_version=4)
        try:
            result = single_nb_execution(
                nb, cwd=str(Path(path).parent), allow_errors=allow_errors, timeout=timeout, meta_override=True
            )
            break
        except RuntimeError as err:  # the kernel died starting (a cell's error is result.err, not raised)
            if attempt == KERNEL_STARTS:
                return path, None, 0.0, f"kernel did not start ({attempt} tries: {err})"
    if result.err is not None:
        return path, None, result.time, f"{result.err.__class__.__name__}"
    return path, nbformat.writes(nb), result.time, None


@dataclass
class Report:
    executed: list[tuple[Path, float]]
    failed: list[tuple[Path, str]]
    cached: int
    seconds: float


def prefill(
    source: Path,
    cache_path: Path,
    env: dict[str, str] | None = None,
    toc: Path | None = None,
    n_jobs: int | None = None,
    log=print,
) -> Report:
    """Execute in parallel every notebook of the book that `cache_path` has no record of, and cache it."""
    t0 = time.perf_counter()
    conf = settings(source)
    n_jobs = n_jobs or jobs()
    report = Report([], [], 0, 0.0)
    if conf.mode != "cache" or conf.in_temp or n_jobs < 2:  # run_in_temp: left to myst-nb
        return report
    cache = get_cache(str(cache_path))
    todo = []
    for path in notebooks(source, toc):
        if any(PurePosixPath(path.as_posix()).match(p) for p in conf.exclude):
            continue
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
            report.cached += 1
        except KeyError:
            todo.append(path)
    if len(todo) < 2:  # nothing to share out: the build executes it
        return report
    todo.sort(key=lambda p: p.stat().st_size, reverse=True)  # longest first, roughly
    workers = min(n_jobs, len(todo))
    log(f"executing {len(todo)} notebooks in {workers} parallel processes (JINDONG_JOBS=1: one after another)")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(env or {},)
    ) as pool:
        futures = [pool.submit(_execute, str(p), conf.timeout, conf.allow_errors) for p in todo]
        for future in as_completed(futures):
            path, text, seconds, error = future.result()
            rel = os.path.relpath(path, source)
            if error:
                report.failed.append((Path(path), error))
                log(f"  {rel}: {error}; the build runs it again to say where")
                continue
            stage_record = cache.add_nb_to_project(path)
            cache.cache_notebook_bundle(
                CacheBundleIn(
                    nbformat.reads(text, as_version=4), stage_record.uri, data={"execution_seconds": seconds}
                ),
                check_validity=False,
                overwrite=True,
            )
            report.executed.append((Path(path), seconds))
            log(f"  {rel}: executed in {seconds:.2f} s")
    report.seconds = time.perf_counter() - t0
    log(f"executed {len(report.executed)} notebooks in {report.seconds:.1f} s")
    return report


def cached_run(notebook: Path, cache_path: Path) -> nbformat.NotebookNode:
    """A notebook with the outputs `cache_path` holds for it, as the build renders them; KeyError when the
    cache has no run of it. (myst-nb's jupyter_execute copy is no record of a cached run: it writes the
    notebook as read, before the cached outputs are merged in.)"""
    _, merged = get_cache(str(cache_path)).merge_match_into_notebook(nbformat.read(notebook, as_version=4))
    return merged


def main(argv: list[str]) -> int:
    """`python -m jindong.publish.execute SOURCE CACHE_DIR`: fill a cache as the build would (make bench)."""
    if len(argv) != 2:
        print("usage: python -m jindong.publish.execute SOURCE CACHE_DIR", file=sys.stderr)
        return 2
    report = prefill(Path(argv[0]).resolve(), Path(argv[1]).resolve())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
