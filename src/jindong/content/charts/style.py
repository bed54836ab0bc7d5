"""The book's look: colour-blind-safe palettes, one Plotly template, one language setting."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from jindong.content.edition import lang

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KIND_COLOURS = {"actual": "#0072B2", "estimate": "#56B4E9", "target": "#E69F00", "context": "#999999"}


def tint(colour: str, alpha: float) -> str:
    """A pale colour as rgba: the legend draws its swatch as pale as the shape (marker.opacity it ignores)."""
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


# Paul Tol's "muted" scheme plus two Okabe-Ito hues: eleven themes, still colour-blind safe.
THEME_COLOURS = {
    "economy": "#332288",
    "industry_innovation": "#117733",
    "investment_projects": "#44AA99",
    "opening_trade": "#88CCEE",
    "urban_development": "#DDCC77",
    "rural_prosperity": "#999933",
    "ecology_energy": "#009E73",
    "public_services": "#CC6677",
    "safety_governance": "#882255",
    "culture_tourism": "#AA4499",
    "party_conduct": "#D55E00",
}
THEME_ORDER = {t: i for i, t in enumerate(THEME_COLOURS)}  # legend order: as in themes.csv
REGION_COLOURS = {"金东区": "#0072B2", "永康市": "#E69F00", "金华市": "#999999"}
# Text picked out in the palette's vermillion (a chart's annotation). #D55E00 itself is 3.87:1 on the
# white page, under WCAG's 4.5:1 for text; a darker vermillion reaches 4.96:1 there but only 3.78:1
# on the dark page, where #D55E00 is 4.84:1. No one colour does both, so text uses EMPHASIS (light
# mode) and jindong.js swaps it for EMPHASIS_DARK when the page is dark (and back).
EMPHASIS = "#BA5000"
EMPHASIS_DARK = "#D55E00"

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, system-ui, sans-serif"

# Legends in rows above the plot, which suits a phone's width (JupyterLab moves them: output.py).
LEGEND = dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title=None)

pio.templates["jindong"] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=13, color="#333"),
        title=dict(x=0, xanchor="left", font=dict(size=16)),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        colorway=OKABE_ITO,
        hoverlabel=dict(font=dict(family=FONT)),
        legend=LEGEND,
        xaxis=dict(gridcolor="rgba(128,128,128,0.25)", zerolinecolor="rgba(128,128,128,0.5)", automargin=True),
        yaxis=dict(gridcolor="rgba(128,128,128,0.25)", zerolinecolor="rgba(128,128,128,0.5)", automargin=True),
        margin=dict(l=10, r=10, t=80, b=70),
        separators=".,",
    )
)
TEMPLATE = "plotly_white+jindong"


def label_col() -> str:
    """The column that holds labels in the book's language."""
    return "label_zh" if lang() == "zh" else "label_en"


def other_label_col() -> str:
    """The other language's label column. Only the English edition shows it (bilingual()): an English
    reader finds the source's own term; a Chinese page is Chinese throughout."""
    return "label_en" if lang() == "zh" else "label_zh"


def bilingual() -> bool:
    """Whether labels carry the other language beside them: the source's Chinese in the English edition;
    nothing in the Chinese edition, whose readers have the source's words already."""
    return lang() == "en"
