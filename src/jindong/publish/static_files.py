"""Sphinx extension: a changed file of _static reaches the site on the next build.

Sphinx 7 copies `html_static_path` into the site only when it writes a page (sphinx-doc/sphinx#1810,
fixed in Sphinx 8.2, which jupyter-book 1 does not take): after an edit of `_static/jindong.js` alone,
`make book` found no page out of date and the site kept the old script. So when a file of the
source's `_static` differs from the site's copy, every page is written again — each links the file
with its checksum (`jindong.js?v=…`), so that a reader's browser fetches the new one. Pages are not
executed again for it: their outputs come from the execution cache.
"""

from __future__ import annotations

from pathlib import Path


def pages_to_write(app, env, added, changed, removed) -> list[str]:
    """Every page, when a file of _static is not the same in the site (Sphinx's env-get-outdated)."""
    source, site = Path(app.srcdir) / "_static", Path(app.outdir) / "_static"
    if not site.is_dir():  # a first build writes every page and copies everything
        return []
    for f in source.rglob("*"):
        if f.is_file():
            copy = site / f.relative_to(source)
            if not copy.is_file() or copy.read_bytes() != f.read_bytes():
                return sorted(env.found_docs)
    return []


def setup(app):
    app.connect("env-get-outdated", pages_to_write)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
