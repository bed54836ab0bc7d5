"""Read data/ tables as raw text rows that remember their line number (for error messages).

Every reader of a data CSV goes through this module — `make validate`, the schema check, the
chapters' `data.load()`, `make derive`, `make simplify` — so a file as a spreadsheet writes it is
read, or refused, the same way everywhere:

- UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" writes one), LF or CRLF line ends;
- any other encoding is refused, naming the line and byte of the first byte that is not UTF-8 and
  how to save the file as UTF-8 (GBK/GB18030, Excel's default "CSV" on Chinese Windows, is named);
- a cell may not span lines, so a quote left open is named with the line where it opened and the
  line where it closed, instead of the rows it swallowed surfacing as errors elsewhere;
- a file whose columns are separated by semicolons or tabs is named as such.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from jindong.dataset.problems import DataError, Problem, relpath

BOM = b"\xef\xbb\xbf"

SAVE_AS_UTF8 = (
    "in Excel: File › Save As › 'CSV UTF-8 (Comma delimited)'; in WPS: 另存为 › 'CSV (逗号分隔)' with encoding UTF-8"
)
HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass
class RawTable:
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]  # file line of each row (header is line 1)

    def problem(self, i: int, field: str, message: str) -> Problem:
        col = self.header.index(field) + 1 if field in self.header else 0
        return Problem(relpath(self.path), self.lines[i], col, field, message)

    def __iter__(self):
        return iter(enumerate(self.rows))


@dataclass(frozen=True)
class Text:
    """A data file's text, decoded, and the form it was stored in (so a rewrite can keep it)."""

    text: str  # without the byte-order mark; line ends as in the file
    bom: bool
    newline: str  # "\r\n" when the file's first line ends so (Excel), else "\n"


def looks_like_gbk(data: bytes) -> bool:
    """The whole file decodes as GB18030 and holds Chinese characters.

    (A file in another legacy encoding rarely decodes as GB18030 from start to end; when it does,
    `make utf8` shows what it converted, and the quote checks catch text that came out wrong.)
    """
    try:
        return bool(HANZI.search(data.decode("gb18030")))
    except UnicodeDecodeError:
        return False


def decode(path: Path) -> Text:
    """The text of a data file, which must be UTF-8 (a byte-order mark is allowed and dropped)."""
    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            [
                Problem(
                    relpath(path),
                    1,
                    0,
                    "",
                    "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8: "
                    f"save it as comma-separated UTF-8 — {SAVE_AS_UTF8}.",
                )
            ]
        )
    bom = data.startswith(BOM)
    try:
        text = data[len(BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError([_not_utf8(Path(path), data, err.start + (len(BOM) if bom else 0))]) from None
    first = text.split("\n", 1)[0]
    return Text(text, bom, "\r\n" if first.endswith("\r") else "\n")


def _not_utf8(path: Path, data: bytes, offset: int) -> Problem:
    """Where the first byte that is not UTF-8 is (line, byte), what the file looks like, the fix."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    # The cell it is in: the line up to that byte is valid UTF-8 (it precedes the first bad byte).
    before = data[start:offset].decode("utf-8", errors="replace").lstrip("\ufeff")
    header = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")]), [])
    column = len(next(csv.reader([before + "x"]), [])) if line > 1 else 0
    field = header[column - 1].strip() if 0 < column <= len(header) else ""
    where = f"byte 0x{data[offset]:02X} (byte {offset - start + 1} of line {line}, byte {offset + 1} of the file)"
    if looks_like_gbk(data):
        what = "it looks like GBK/GB18030 (Excel's default 'CSV' on Chinese Windows)"
        fix = f"{SAVE_AS_UTF8} — or convert it in place with `make utf8` (or `iconv -f GB18030 -t UTF-8`)"
    else:
        what = "it is not GBK/GB18030 either"
        fix = SAVE_AS_UTF8
    return Problem(
        relpath(path),
        line,
        column if field else 0,
        field,
        f"the file is not UTF-8: {where} cannot be read as UTF-8; {what}. Save it as UTF-8 — {fix}.",
    )


def _separator(path: Path, header_line: str) -> Problem | None:
    """A file saved with semicolons (European Excel) or tabs instead of commas, named as such."""
    if "," in header_line:
        return None
    fixes = {
        ";": (
            "semicolons (Excel writes the list separator of the computer's region settings, ';' in much of Europe)",
            "set the list separator to ',' (Windows: Region › Additional settings › List separator) "
            "and save it again — ",
        ),
        "\t": ("tabs (a 'Text (Tab delimited)' save)", "save it as comma-separated UTF-8 — "),
    }
    for sep, (what, fix) in fixes.items():
        if sep in header_line:
            return Problem(
                relpath(path), 1, 0, "", f"the columns are separated by {what}, not commas: {fix}{SAVE_AS_UTF8}."
            )
    return None


def _open_quote(lines: list[str], first: int) -> tuple[int, int, int | None] | None:
    """The quote left open in a record that spans lines: (line it opened on, its column, line it closed on).

    Follows the csv module's reading: a quote opens a cell only as the cell's first character, `""`
    inside a quoted cell is a quote character, and the first other `"` closes the cell.
    """
    column, at_start, opened = 1, True, None
    for n, line in enumerate(lines, start=first):
        i = 0
        while i < len(line):
            c = line[i]
            if opened:
                if c == '"':
                    if line[i + 1 : i + 2] == '"':
                        i += 2
                        continue
                    if opened[0] != n:
                        return opened[0], opened[1], n
                    opened = None
            elif c == '"' and at_start:
                opened = (n, column)
            elif c == ",":
                column += 1
                at_start = True
                i += 1
                continue
            at_start = False
            i += 1
    return (opened[0], opened[1], None) if opened else None


def _spans_lines(path: Path, lines: list[str], first: int, header: list[str]) -> Problem:
    found = _open_quote(lines, first)
    if found is None:  # not seen in practice: the csv module splits records only inside quotes
        return Problem(relpath(path), first, 0, "", f"the row on line {first} runs over {len(lines)} lines")
    opened, column, closed = found
    field = header[column - 1] if 0 < column <= len(header) else ""
    if closed is None:
        what = (
            f"a quote opened on line {opened} is never closed: the file ends inside it. "
            'Add the missing closing quote (")'
        )
    else:
        what = (
            f"a quote opened on line {opened} is not closed until line {closed}, so lines {opened}–{closed} "
            'were read as one row. Add the missing closing quote ("), or remove the line breaks from the '
            "cell (a cell may not span lines)"
        )
    return Problem(relpath(path), opened, column if field else 0, field, what)


def read_table(path: Path) -> RawTable:
    """The rows of a data CSV with their line numbers; DataError if the file does not parse."""
    path = Path(path)
    lines = list(io.StringIO(decode(path).text, newline=""))  # csv's own notion of lines (\n, \r\n)
    if lines and (problem := _separator(path, lines[0])):
        raise DataError([problem])
    reader = csv.reader(lines)
    header: list[str] | None = None
    rows, numbers = [], []
    start = 1
    for record in reader:
        if reader.line_num > start:  # a record that spans lines: a quote left open
            raise DataError([_spans_lines(path, lines[start - 1 : reader.line_num], start, header or [])])
        if not record:  # a blank line (csv.DictReader skips them too)
            pass
        elif header is None:
            header = record
        else:
            rows.append({name: (record[k] if k < len(record) else "") for k, name in enumerate(header)})
            numbers.append(start)
        start = reader.line_num + 1
    return RawTable(path, header or [], rows, numbers)


def parse_problems(paths: list[Path]) -> list[Problem]:
    """Why each of these files does not parse (none when all do); missing files are left to the caller."""
    problems = []
    for path in paths:
        if Path(path).exists():
            try:
                read_table(path)
            except DataError as err:
                problems += err.problems
    return problems


def write_table(path: Path, header: list[str], rows: list[dict[str, str]], like: Text) -> None:
    """Write a table back in the form it was read in: its byte-order mark and line ends kept."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator=like.newline)
    w.writeheader()
    w.writerows(rows)
    Path(path).write_bytes((BOM if like.bom else b"") + buf.getvalue().encode("utf-8"))
