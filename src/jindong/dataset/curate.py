"""Curation helpers.

`python -m jindong.dataset.curate simplify` (`make simplify`): convert the Chinese labels to simplified
characters with OpenCC. Authors write labels for the traditional-script 2023 report in the source's
own words; this turns them into simplified characters, so no conversion is ever typed by hand.

`python -m jindong.dataset.curate utf8 [FILE …]` (`make utf8`): re-encode tables that a spreadsheet saved
as GBK/GB18030 (Excel's default "CSV" on Chinese Windows) as UTF-8, in place. Without FILE, every
table the Data Package lists. A file that is neither UTF-8 nor GBK is left alone and named.

Both keep what they do not need to change: a table is written back with its byte-order mark (or
none) and its line ends (CRLF or LF) as it was read, so the diff shows only the cells that changed.
`utf8` writes no byte-order mark (as the files in data/ are kept).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jindong.dataset.problems import DataError, relpath
from jindong.dataset.schema import table_paths
from jindong.dataset.sources import to_simplified
from jindong.dataset.structure import SIMPLIFIED_FIELDS
from jindong.dataset.tables import decode, looks_like_gbk, read_table, write_table
from jindong.paths import DATA_DIR


def simplify(data_dir: Path = DATA_DIR) -> int:
    paths = {Path(data_dir) / f"{name}.csv": fields for name, fields in SIMPLIFIED_FIELDS.items()}
    tables = {path: (decode(path), read_table(path)) for path in paths}  # all parse before any is written
    changed = 0
    for path, (form, table) in tables.items():
        for row in table.rows:
            for f in paths[path]:
                new = to_simplified(row[f])
                changed += new != row[f]
                row[f] = new
        write_table(path, table.header, table.rows, like=form)
    print(f"simplified {changed} label(s)")
    return 0


def utf8(paths: list[Path]) -> int:
    """Re-encode GBK/GB18030 files as UTF-8 (no BOM), line ends kept; 1 if a file could not be converted."""
    status, converted = 0, 0
    for path in paths:
        try:
            decode(path)
            continue  # already UTF-8
        except DataError as err:
            problem = err.problems[0]
        data = path.read_bytes()
        if not looks_like_gbk(data):
            print(f"NOT CONVERTED {problem}")
            status = 1
            continue
        path.write_bytes(data.decode("gb18030").encode("utf-8"))
        converted += 1
        print(f"converted {relpath(path)} from GBK/GB18030 to UTF-8")
    if status == 0:
        print(f"{len(paths)} table(s) checked, {converted} converted: all are UTF-8 now")
    return status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Curation helpers for data/")
    sub = ap.add_subparsers(dest="command")
    sub.add_parser("simplify", help="convert Chinese labels to simplified characters (OpenCC)")
    enc = sub.add_parser("utf8", help="re-encode tables saved as GBK/GB18030 as UTF-8, in place")
    enc.add_argument("files", nargs="*", type=Path, help="the tables (default: every table of the Data Package)")
    args = ap.parse_args(argv)
    try:
        if args.command == "utf8":
            return utf8(args.files or [p for p in table_paths(DATA_DIR) if p.exists()])
        return simplify()
    except DataError as err:  # a table that does not parse: say where, change nothing
        for p in err.problems:
            print(f"ERROR {p}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
