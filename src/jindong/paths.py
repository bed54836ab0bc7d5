"""Where things live: the project's data folder and the (uncommitted) source texts."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("JINDONG_DATA", ROOT / "data"))
SOURCES_ENV = "JINDONG_SOURCES"


def sources_dir() -> Path:
    """The folder of source texts: $JINDONG_SOURCES, else ../shared/sources beside the project."""
    return Path(os.environ.get(SOURCES_ENV, ROOT.parent / "shared" / "sources"))


def in_ci() -> bool:
    """CI sets CI=true; there the source texts are required, not optional."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
