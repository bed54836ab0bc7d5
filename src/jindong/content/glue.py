"""What the chapter notebooks call: glue a chapter's prose numbers and its charts.

Every chapter has the same two calls. Its setup cell glues what its module's `prose()` returns,
every number and phrase of the prose under its name; each chart cell glues one chart under its id
(`Chart.name`). Prose says ``{eval}`name` `` and a chart's caption is a ``{figure}`` named
``fig-<chart id>``: in JupyterLab (jupyterlab-myst) they show the kernel's variable and the chart
drawn above; in the book `jindong.publish.lab_myst` pastes what was glued under the same names. So
each helper here both glues (for the book) and shows or binds (for the author in JupyterLab).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from jindong.content.vocabulary import Prose


def variable_name(name: str) -> str:
    """The name a glued value has in prose and in the kernel: a Python identifier (`{eval}` needs one)."""
    return re.sub(r"\W", "_", name)


def glue_prose(words: Mapping[str, str]) -> None:
    """Each number or phrase under its name, for `{eval}` in the chapter's prose (and bound in the
    kernel, where JupyterLab's `{eval}` reads it)."""
    from IPython import get_ipython
    from myst_nb import glue

    shell = get_ipython()
    for name, text in words.items():
        name, value = variable_name(name), Prose(text)
        glue(name, value, display=False)
        if shell is not None:
            shell.user_ns[name] = value


def glue_chart(chart) -> None:
    """Show a chart in its cell (JupyterLab) and glue it under its id for the ``{figure}`` named
    fig-<chart.name>. The cell is tagged remove-cell, so the book shows the chart only there."""
    from myst_nb import glue

    glue(chart.name, chart, display=True)


def show_sections(sections) -> None:
    """A run of sub-sections, each a Markdown block (its heading) and a table (or None), from one cell."""
    from IPython.display import Markdown, display

    for markdown, table in sections:
        display(Markdown(markdown))
        if table is not None:
            display(table)
