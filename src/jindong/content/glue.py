"""Helpers the chapter notebooks call: key-figure tables, numbers glued into prose, charts.

Prose says ``{eval}`name` `` and a chart's caption is a ``{figure}`` named ``fig-<chart id>``: in
JupyterLab (jupyterlab-myst) they show the kernel's variable and the chart drawn above; in the book
`jindong.publish.lab_myst` pastes what was glued under the same names. So each helper here both glues (for
the book) and shows or binds (for the author in JupyterLab).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from jindong.content.format import in_words
from jindong.dataset.data import load


class Prose(str):
    """Words glued into prose. Its text/plain is the quoted repr, which the book's paste unquotes
    with literal_eval — a bare "1,314" would come out as the tuple "(1, 314)". JupyterLab shows its
    HTML: the words, escaped, without quotes."""

    def _repr_html_(self) -> str:
        return html.escape(str(self))


def variable_name(name: str) -> str:
    """The name a glued value has in prose and in the kernel: a Python identifier (`{eval}` needs one)."""
    return re.sub(r"\W", "_", name)


def _glue_and_bind(name: str, value) -> None:
    """Glue for the book, and bind in the kernel for `{eval}` in JupyterLab."""
    from IPython import get_ipython
    from myst_nb import glue

    name = variable_name(name)
    glue(name, value, display=False)
    shell = get_ipython()
    if shell is not None:
        shell.user_ns[name] = value


def row(indicator_id: str) -> pd.Series:
    ind = load().indicators.set_index("id")
    return ind.loc[indicator_id]


def fact(indicator_id: str) -> Prose:
    """One figure in words for prose: 'more than ¥30 billion'."""
    r = row(indicator_id)
    return Prose(in_words(r.value_text, r.unit, r.qualifier))


def glue_facts(names: dict[str, str]) -> None:
    """Each figure under its name, for `{eval}` in the chapter's prose."""
    for name, indicator_id in names.items():
        _glue_and_bind(name, fact(indicator_id))


def glue_text(name: str, text: str) -> None:
    """A sentence fragment computed from the data (a count, a derived ratio), for `{eval}`."""
    _glue_and_bind(name, Prose(text))


def glue_chart(chart_id: str, chart) -> None:
    """Show a chart in its cell (JupyterLab) and glue it for the book's ``{figure}`` named fig-<chart_id>.

    The cell is tagged remove-cell, so the book shows the chart only where the figure pastes it.
    """
    from myst_nb import glue

    glue(chart_id, chart, display=True)


def statement(statement_id: str) -> Prose:
    """A qualitative statement of a source, in English (its quote is in statements.csv)."""
    return Prose(load().statements.set_index("id").loc[statement_id, "text_en"])


def quote(table: str, row_id: str) -> Prose:
    """The verbatim source quote of a row, for citing in prose."""
    return Prose(getattr(load(), table).set_index("id").loc[row_id, "quote"])
