"""Tables in the book: escaped HTML for the page, plain text for nbval, rows for the PDF."""

from __future__ import annotations

import pandas as pd

from jindong.content.documents import doc_label
from jindong.content.edition import PRINT_MIME, lang
from jindong.content.format import as_written, target_text
from jindong.content.i18n import _
from jindong.content.markup import Markup, markup
from jindong.content.vocabulary import kind_name
from jindong.dataset.data import load


class HtmlTable:
    """A table for the book: escaped HTML (data are text, never markup) and a plain-text twin.

    Both renderings are deterministic, so nbval can compare a chapter's key figures run to run.
    """

    def __init__(self, df: pd.DataFrame, numeric: tuple[str, ...] = ("Value", "As written")):
        self.df = df
        self.numeric = numeric

    def _repr_html_(self) -> str:
        head = Markup().join(markup("<th>{}</th>", c) for c in self.df.columns)
        rows = Markup().join(
            markup(
                "<tr>{}</tr>",
                Markup().join(
                    markup('<td class="num">{}</td>' if c in self.numeric else "<td>{}</td>", v)
                    for c, v in zip(self.df.columns, r)
                ),
            )
            for r in self.df.itertuples(index=False)
        )
        return str(
            markup(
                '<div class="jd-table-wrap"><table class="jd-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>',
                head,
                rows,
            )
        )

    def __repr__(self) -> str:
        return self.df.to_string(index=False)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """HTML and plain text; in the PDF edition also the rows for a LaTeX table (print_edition.py)."""

        return {
            "text/html": self._repr_html_(),
            "text/plain": repr(self),
            PRINT_MIME: {
                "kind": "table",
                "columns": [str(c) for c in self.df.columns],
                "rows": [[str(v) for v in r] for r in self.df.itertuples(index=False)],
                "numeric": [c for c in self.numeric if c in self.df.columns],
            },
        }


def other_column(values) -> dict:
    """A table's column of the other language's names ("中文" in the English edition), or none: a Chinese
    page is Chinese throughout. Spread it into the table's columns: `**other_column(df.label_zh)`."""
    return {"中文": list(values)} if lang() == "en" else {}


def key_figures(ids: list[str]) -> HtmlTable:
    """The chapter's headline figures as a small table (compared by nbval on every run).

    Year and kind come right after the figure's name, before its value: on a phone the table scrolls
    sideways, and "GDP growth ≥8%" beside "GDP growth 7.0%" must say at once that one is a target and
    the other an outcome. Sources by the book's short names, not the dataset's ids."""
    ind = load().indicators.set_index("id").loc[ids]
    src = load().sources.set_index("source_id")
    sources = [  # the book's short name of the text, not a code of the data
        doc_label(sid) + (_(" (secondary)") if src.loc[sid].reliability == "secondary" else "") for sid in ind.source_id
    ]
    if lang() == "zh":  # one label (the source's), the figure as the source writes it
        zh = pd.DataFrame(
            {
                _("Figure"): ind.label_zh,
                _("Year"): ind.period,
                _("Kind"): [kind_name(k) for k in ind.kind],
                _("Value"): [target_text(r) for r in ind.itertuples()],
                _("Source"): sources,
            }
        )
        return HtmlTable(zh.reset_index(drop=True), numeric=(_("Value"),))
    table = pd.DataFrame(
        {
            "Figure": ind.label_en,
            "Year": ind.period,
            "Kind": [kind_name(k) for k in ind.kind],
            "Value": [target_text(r) for r in ind.itertuples()],
            "As written": [as_written(v, u, q) for v, u, q in zip(ind.value_text, ind.unit, ind.qualifier)],
            "Source": sources,
            "中文": ind.label_zh,
        }
    )
    return HtmlTable(table.reset_index(drop=True))
