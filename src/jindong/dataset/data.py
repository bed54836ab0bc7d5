"""The one loader the chapters use: tidy, validated DataFrames, read once per kernel."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from jindong.dataset.problems import DataError
from jindong.dataset.structure import structural_problems
from jindong.dataset.tables import read_table
from jindong.paths import DATA_DIR

TABLES = (
    "sources",
    "themes",
    "units",
    "indicators",
    "frameworks",
    "priorities",
    "terms",
    "exclusions",
    "theme_keywords",
    "statements",
    "derived/sections",
    "derived/theme_counts",
    "derived/keyword_counts",
)


@dataclass(frozen=True)
class Dataset:
    sources: pd.DataFrame
    themes: pd.DataFrame
    units: pd.DataFrame
    indicators: pd.DataFrame
    frameworks: pd.DataFrame
    priorities: pd.DataFrame
    terms: pd.DataFrame
    exclusions: pd.DataFrame
    theme_keywords: pd.DataFrame
    statements: pd.DataFrame
    sections: pd.DataFrame  # derived: the plan section of each figure
    theme_counts: pd.DataFrame  # derived: theme key-word counts per primary text
    keyword_counts: pd.DataFrame  # derived: the same, word by word


def checked_stamp(data_dir: Path) -> Path:
    """Where a passed check of these exact data with this exact code is remembered.

    Every chapter's kernel calls load(); validating the same files ten times per build was the part
    of the build that grew with the data (benchmarks: 2.7 s a chapter at 100× the rows). The key is
    a hash of the tables and of the package's code, so any change to either checks again; only
    passes are remembered, so bad data always raise.
    """
    h = hashlib.sha256()
    files = sorted(data_dir.rglob("*.csv")) + [data_dir / "datapackage.yaml"]
    files += sorted(Path(__file__).parent.rglob("*.py"))
    for f in files:
        if f.is_file():
            h.update(str(f.name).encode())
            h.update(f.read_bytes())
    return Path(tempfile.gettempdir()) / "jindong-data-checked" / h.hexdigest()


def _frame(path: Path) -> pd.DataFrame:
    """A table as strings, read by the same reader as the checks (BOM, CRLF, encoding, open quotes)."""
    table = read_table(path)
    return pd.DataFrame(table.rows, columns=table.header, dtype=str)


@lru_cache(maxsize=4)
def load(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Validate data/ (schema and labels) and return its tables; raise DataError on any problem.

    Provenance against the source texts is `make validate`'s job (the texts may be absent here).
    """
    data_dir = Path(data_dir)
    stamp = checked_stamp(data_dir)
    if not stamp.exists():
        problems = structural_problems(data_dir)
        if problems:
            raise DataError(problems)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    frames = {name.removeprefix("derived/"): _frame(data_dir / f"{name}.csv") for name in TABLES}
    counts = frames["theme_counts"]
    counts[["hits", "tokens"]] = counts[["hits", "tokens"]].astype(int)
    counts["per_10k"] = counts["per_10k"].astype(float)
    frames["keyword_counts"]["hits"] = frames["keyword_counts"]["hits"].astype(int)
    ind = frames["indicators"]
    ind["value_text"] = ind["value"]  # as written: keeps "139.50"
    ind["value"] = ind["value"].astype(float)
    ind = ind.merge(
        frames["units"][["unit", "name_en", "factor"]].rename(columns={"name_en": "unit_en"}), on="unit", how="left"
    )
    ind["factor"] = ind["factor"].astype(float)
    frames["indicators"] = ind.merge(frames["sources"][["source_id", "reliability"]], on="source_id", how="left")
    frames["priorities"]["order"] = frames["priorities"]["order"].astype(int)
    frames["units"]["factor"] = frames["units"]["factor"].astype(float)
    return Dataset(**frames)
