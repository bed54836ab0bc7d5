"""The words of the search page's own results, in the edition's language.

jindong-search.js lists the sections that hold a query as written before Sphinx's other results; it
holds no word of its own, so both editions work from the same script: the build writes these with
the sections' text (publish/search.py). {query} and {n} are filled in by the script.
"""

from __future__ import annotations

from jindong.content.i18n import _


def words() -> dict[str, str]:
    """Every word the search page adds, by the name jindong-search.js reads."""
    return {
        "exact": _("Exact matches"),
        "exact_summary": _("Sections that contain “{query}” as written: {n}"),
        "show_all": _("Show all {n}"),
        "other": _("Other pages with the words searched"),
    }
