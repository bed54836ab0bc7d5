"""Which edition the content is made for: its language, and whether it is the print (PDF) edition.

Set by the publishing code through the environment of the notebook kernels (JINDONG_LANG,
JINDONG_EDITION), read here and only here, so every chart, table and sentence asks one place.
"""

from __future__ import annotations

import os

# Label language of every chart: "en" (English, Chinese in hover) or "zh". Chapters never hard-code labels.
LANG = os.environ.get("JINDONG_LANG", "en")

# The extra output charts and tables give in the print edition: what a PDF page needs (a chart's
# static image and caption, a table's rows), rendered by publish/print_edition.py.
PRINT_MIME = "application/vnd.jindong.print+json"


def printing() -> bool:
    """True inside the PDF edition's build (set by publish/pdf.py for the kernels)."""
    return os.environ.get("JINDONG_EDITION") == "print"
