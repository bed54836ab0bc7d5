"""`make book`: build the HTML book aside, then swap it in — a failed build leaves the last good site.

Jupyter Book's execution cache keys on a notebook's own code, not on the package or the data it
calls; when either changes, the cache is cleared and every page re-read, so no page shows stale
charts. Otherwise an unchanged book rebuilds from cache in seconds.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import ROOT

STAGE = ROOT / "_build" / "stage"
SITE = ROOT / "_build" / "html"
STAMP = STAGE / ".inputs-hash"


def inputs_hash() -> str:
    """Hash of everything chapters compute from besides their own cells: the package and data/."""
    h = hashlib.sha256()
    files = sorted([*(ROOT / "src" / "jindong").rglob("*.py"), *(ROOT / "data").rglob("*.csv"),
                    ROOT / "data" / "datapackage.yaml", ROOT / "_static" / "jindong.css"])
    for f in files:
        if "parts" in f.parts or not f.exists():
            continue
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def build(extra: list[str] | None = None) -> int:
    STAGE.mkdir(parents=True, exist_ok=True)
    digest = inputs_hash()
    args = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT), "--path-output", str(STAGE),
            "-n", "-W", "--keep-going", *(extra or [])]
    if not STAMP.exists() or STAMP.read_text() != digest:
        shutil.rmtree(STAGE / "_build" / ".jupyter_cache", ignore_errors=True)
        args.append("--all")
        print("package or data changed since the last build: re-executing every chapter")
    result = subprocess.run(args, cwd=ROOT)
    if result.returncode != 0:
        print(f"BUILD FAILED (exit {result.returncode}); the last good site in {SITE} is unchanged", file=sys.stderr)
        return result.returncode
    STAMP.write_text(digest)
    fresh = SITE.with_name("html.new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(STAGE / "_build" / "html", fresh)
    old = SITE.with_name("html.old")
    shutil.rmtree(old, ignore_errors=True)
    if SITE.exists():
        SITE.rename(old)
    fresh.rename(SITE)
    shutil.rmtree(old, ignore_errors=True)
    print(f"The book is at {SITE / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
