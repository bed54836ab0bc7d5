"""Curation helpers. `python -m jindong.curate simplify`: convert label_zh to simplified with OpenCC.

Authors write labels for the traditional-script 2023 report in the source's own words; this turns
them into simplified characters, so no conversion is ever typed by hand.
"""
from __future__ import annotations

import csv
import sys

from .paths import DATA_DIR
from .sources import to_simplified
from .validate import SIMPLIFIED_FIELDS


def simplify(data_dir=DATA_DIR) -> int:
    changed = 0
    for name, fields in SIMPLIFIED_FIELDS.items():
        path = data_dir / f"{name}.csv"
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header, rows = reader.fieldnames, list(reader)
        for row in rows:
            for f in fields:
                new = to_simplified(row[f])
                changed += new != row[f]
                row[f] = new
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    print(f"simplified {changed} label(s)")
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1:] or ["simplify"]
    sys.exit(simplify() if cmd[0] == "simplify" else f"unknown command {cmd[0]!r}")
