"""The one loader the chapters use: tidy, validated DataFrames, read once per kernel."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR
from .problems import DataError

TABLES = ("sources", "themes", "units", "indicators", "frameworks", "priorities", "terms", "exclusions",
          "theme_keywords", "statements", "derived/sections", "derived/theme_counts")


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


@lru_cache(maxsize=4)
def load(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Validate data/ (schema and labels) and return its tables; raise DataError on any problem.

    Provenance against the source texts is `make validate`'s job (the texts may be absent here).
    """
    from .validate import structural_problems

    data_dir = Path(data_dir)
    problems = structural_problems(data_dir)
    if problems:
        raise DataError(problems)
    frames = {name.removeprefix("derived/"): pd.read_csv(data_dir / f"{name}.csv", dtype=str, keep_default_na=False)
              for name in TABLES}
    counts = frames["theme_counts"]
    counts[["hits", "tokens"]] = counts[["hits", "tokens"]].astype(int)
    counts["per_10k"] = counts["per_10k"].astype(float)
    ind = frames["indicators"]
    ind["value_text"] = ind["value"]  # as written: keeps "139.50"
    ind["value"] = ind["value"].astype(float)
    ind = ind.merge(frames["units"][["unit", "name_en", "factor"]].rename(columns={"name_en": "unit_en"}), on="unit", how="left")
    ind["factor"] = ind["factor"].astype(float)
    frames["indicators"] = ind.merge(
        frames["sources"][["source_id", "reliability"]], on="source_id", how="left")
    frames["priorities"]["order"] = frames["priorities"]["order"].astype(int)
    frames["units"]["factor"] = frames["units"]["factor"].astype(float)
    return Dataset(**frames)
