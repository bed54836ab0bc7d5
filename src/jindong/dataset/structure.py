"""The checks that need only data/ (the tables parse, the schema, simplified labels, unique figures).

Split from validate.py so that every chapter's kernel can run them (`data.load()`) without importing
what `make validate` needs besides: the source texts' checks, the glossary's pinyin, the segmenter.
"""

from __future__ import annotations

from pathlib import Path

from jindong.dataset import provenance
from jindong.dataset.problems import Problem
from jindong.dataset.schema import check_schema, table_paths
from jindong.dataset.tables import parse_problems, read_table

# Fields holding Chinese labels that must be simplified, per table.
SIMPLIFIED_FIELDS = {
    "indicators": ("label_zh",),
    "priorities": ("label_zh", "group_zh"),
    "frameworks": ("title_zh",),
    "themes": ("label_zh",),
    "terms": ("zh", "meaning_zh"),
    "exclusions": ("reason_zh",),
    "sources": ("publisher_zh",),
}


def unparsed(data_dir: Path) -> list[Problem]:
    """Why a table cannot be read at all (not UTF-8, a quote left open, not comma-separated).

    Every other check reads the tables, so these come first, and alone: a table read wrongly would
    only show up as follow-on errors in the tables that refer to it.
    """
    return parse_problems(table_paths(data_dir))


def structural_problems(data_dir: Path) -> list[Problem]:
    """Checks that need only data/: the tables parse, the schema, and simplified Chinese labels."""
    return unparsed(data_dir) or parsed_structure(data_dir)


def parsed_structure(data_dir: Path) -> list[Problem]:
    """The schema and the simplified labels, for tables known to parse."""
    problems = check_schema(data_dir)
    if any(p.line == 0 for p in problems):  # a table is missing: nothing more to read
        return problems
    for name, fields in SIMPLIFIED_FIELDS.items():
        problems += provenance.check_simplified(read_table(data_dir / f"{name}.csv"), fields)
    problems += unique_together(read_table(data_dir / "indicators.csv"), FIGURE_KEY)
    return problems


# One figure per metric, place, period and kind in a source: two different figures for "the same"
# metric mean the metrics differ and need different names (Table Schema has no composite unique key).
FIGURE_KEY = ("source_id", "region", "period", "kind", "metric")


def unique_together(table, key: tuple[str, ...]) -> list[Problem]:
    seen: dict[tuple, int] = {}
    problems = []
    for i, row in table:
        k = tuple(row.get(f, "") for f in key)
        if k in seen:
            problems.append(
                table.problem(i, key[-1], f"the same {'/'.join(key)} as line {table.lines[seen[k]]}: {'/'.join(k)}")
            )
        else:
            seen[k] = i
    return problems
