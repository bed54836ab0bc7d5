"""The words of every chart's toolbar, in the edition's language.

jindong.js builds the toolbar (Download, Sources, Cite, Enlarge) under each chart; it holds no word of
its own, so both editions work from the same script: the build puts these once in every page that has
a chart (publish/sphinxext.py, with the book's title, the page's chapter and the links it needs).
"""

from __future__ import annotations

from jindong.content.i18n import _

LICENCE = "CC BY 4.0"  # the licence of the book's data and charts (data/LICENSE)


def words() -> dict[str, str]:
    """Every word the toolbar shows, by the name jindong.js reads."""
    return {
        "tools": _("Tools for this chart"),
        "download": _("Download"),
        "sources": _("Sources"),
        "cite": _("Cite"),
        "enlarge": _("Enlarge"),
        "shrink": _("Close the full-screen view"),
        "png": _("Picture (PNG)"),
        "svg": _("Picture (SVG)"),
        "csv": _("Data (CSV)"),
        "picture_note": _("The picture shows the chart as it is now, with its title and source."),
        "csv_note": _(
            "The CSV holds every number the chart plots, each with its figure of indicators.csv: id, labels, "
            "value as written, unit, qualifier, period, kind, source and quote. Numbers the book computed "
            "are marked derived and say how."
        ),
        "dictionary": _("What each column means: the data dictionary"),
        "figures": _("Each figure plotted, as the source writes it"),
        "derived": _("Computed by the book (derived)"),
        "documents": _("The sources"),
        "loading": _("Loading the sources…"),
        "failed": _("The sources could not be loaded; the CSV holds them."),
        "citation": _("Cite this chart"),
        "copy_citation": _("Copy the citation"),
        "link": _("Link to this chart"),
        "copy_link": _("Copy the link"),
        "embed": _("Embed this chart in another page"),
        "copy_embed": _("Copy the embed code"),
        "embed_back": _("{book}, {figure}: see it in its chapter"),  # under an embedded chart (publish/sharing.py)
        "table": _("Data table"),
        "copied": _("Copied"),
        "copy_failed": _("Could not copy: select the text and copy it."),
        "menu": _("Choose what the chart shows"),
        "authors": _("The Jindong report book contributors"),
        "cite_template": _("{authors}. “{figure}: {title}”. In: {book}, {chapter}. {year}. {url}. Licence: {licence}."),
        "credit_template": _("{book} · {url} · {licence}"),
        "licence": LICENCE,
    }
