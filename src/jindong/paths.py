"""Where things live: the project's data folder and the (uncommitted) source texts."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("JINDONG_DATA", ROOT / "data"))
SOURCES_ENV = "JINDONG_SOURCES"


def sources_dir() -> Path:
    """The folder of source texts: $JINDONG_SOURCES, else ../shared/sources beside the project."""
    return Path(os.environ.get(SOURCES_ENV, ROOT.parent / "shared" / "sources"))


def in_ci() -> bool:
    """CI sets CI=true; there the source texts are required, not optional."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def site_url() -> str:
    """The published book's address (its English edition's root; '' when unset): JINDONG_SITE_URL for
    a copy published elsewhere, else html_baseurl in _config.yml. Canonical links, link previews,
    citations, picture credits and the PDF's pointers to the website all use it."""
    env = os.environ.get("JINDONG_SITE_URL", "").strip()
    if env:
        return env
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(((config.get("sphinx") or {}).get("config") or {}).get("html_baseurl") or "").strip()
