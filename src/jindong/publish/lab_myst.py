"""MyST that reads the same in JupyterLab and in the book.

Authors edit the chapters in JupyterLab with jupyterlab-myst, which renders MyST Markdown but knows
nothing of myst-nb's glue (`{glue:text}` shows as a bare name, `{glue:figure}` as "Unknown
Directive"). So the chapters use the two forms both sides understand, and this Sphinx extension
gives them the book's meaning:

- ``{eval}`gdp_growth` `` — in JupyterLab, jupyterlab-myst evaluates the kernel variable that
  `glue.glue_prose` bound; in the book, it pastes the text glued under the same name
  (myst-nb's own `{eval}` needs inline execution, which would give up the execution cache).
- A ``{figure}`` without an image, named ``fig-<chart id>`` — in JupyterLab, a numbered caption
  under the chart that the cell above drew (`glue.glue_chart`); in the book, the chart glued under
  ``<chart id>``, in a numbered, cross-referenceable figure, exactly as ``{glue:figure}`` makes it.
  A ``{figure}`` with an image argument stays Sphinx's own.
"""

from __future__ import annotations

from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.directives.patches import Figure

CHART_FIGURE_PREFIX = "fig-"


class ChartFigure(PasteFigureDirective):
    """``{figure}`` with no argument and ``:name: fig-<id>``: the chart glued under ``<id>``."""

    required_arguments = 0
    optional_arguments = 1
    option_spec = {**Figure.option_spec, **PasteFigureDirective.option_spec}

    def run(self):
        if self.arguments:  # an image: Sphinx's figure
            return Figure(
                self.name,
                self.arguments,
                self.options,
                self.content,
                self.lineno,
                self.content_offset,
                self.block_text,
                self.state,
                self.state_machine,
            ).run()
        name = self.options.get("name", "")
        if not name.startswith(CHART_FIGURE_PREFIX):
            error = self.state_machine.reporter.error(
                f"a {{figure}} without an image must be named '{CHART_FIGURE_PREFIX}<chart id>' (the id the chart "
                f"was glued under with glue_chart), not {name!r}",
                line=self.lineno,
            )
            return [error]
        self.arguments = [name[len(CHART_FIGURE_PREFIX) :]]
        return super().run()


def setup(app):
    app.setup_extension("myst_nb")  # registered first, so these override its eval role
    app.add_role("eval", PasteTextRole(), override=True)
    app.add_directive("figure", ChartFigure, override=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
