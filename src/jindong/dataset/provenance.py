"""Provenance: every quote stands verbatim in its source, and every figure is written in its quote.

Also the coverage check: every number written in digits in a source is covered by a row (its
quote spans the number and its value equals it) or excluded as a date, code or name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jindong.dataset.problems import Problem, relpath
from jindong.dataset.sources import METADATA_LINE, T2S_PHRASES, SourceText, to_simplified
from jindong.dataset.tables import RawTable

NUMBER = re.compile(r"\d+(?:\.\d+)?")

# Words that qualify a number, and where they stand relative to it.
BEFORE = {
    ">": ("超過", "超过", "突破", "逾", "超"),
    ">=": ("不少於", "不少于", "不低於", "不低于"),
    "~": ("約", "约"),
    "->": ("向",),
}  # 向95%迈进: towards
QUALIFIERS = ("=", ">", ">=", "~", "->")
ANYWHERE_BEFORE = ("至少",)  # "at least … N" may hold words between
AFTER = re.compile(r"[^\d,，、;；。:：]{0,6}?(以上|左右)")
AFTER_QUALIFIER = {"以上": ">=", "左右": "~"}


def value_spans(quote: str, value: str) -> list[tuple[int, int]]:
    """Positions in `quote` of the numbers equal to `value` (numerically: 7.0 matches "7.0")."""
    try:
        target = float(value)
    except ValueError:
        return []
    return [(m.start(), m.end()) for m in NUMBER.finditer(quote) if float(m.group()) == target]


def qualifiers_written(quote: str, span: tuple[int, int]) -> set[str]:
    """The qualifiers that the words next to the number at `span` express (empty: none)."""
    before, after = quote[: span[0]].rstrip(), quote[span[1] :]
    found = {q for q, words in BEFORE.items() if before.endswith(words)}
    if any(w in before for w in ANYWHERE_BEFORE):
        found.add(">=")
    m = AFTER.match(after)
    if m:
        found.add(AFTER_QUALIFIER[m.group(1)])
    return found


def check_indicator_quotes(ind: RawTable, texts: dict[str, SourceText]) -> list[Problem]:
    """Quote verbatim in the source; value written in the quote; qualifier word beside the value."""
    problems = []
    for i, row in ind:
        src = texts.get(row.get("source_id", ""))
        if src is None:
            continue  # unknown source: reported by the schema's foreign key
        problems += _quote_in_source(ind, i, src)
        spans = value_spans(row["quote"], row.get("value", ""))
        if not spans:
            problems.append(
                ind.problem(i, "value", f"value {row.get('value')!r} is not written in the quote {row['quote']!r}")
            )
            continue
        qual = row.get("qualifier", "")
        if qual not in QUALIFIERS:
            continue  # reported by the schema
        written = [qualifiers_written(row["quote"], s) for s in spans]
        if not any(qual in w or (not w and qual == "=") for w in written):
            said = sorted(set().union(*written))
            if said:
                msg = f"qualifier is {qual!r} but the quote's words next to {row['value']} say {' or '.join(said)!r}"
            else:
                msg = f"qualifier {qual!r} needs its word (超/突破/以上/不少于/约/左右) next to {row['value']} in the quote"
            problems.append(ind.problem(i, "qualifier", msg))
    return problems


# Words a label (or metric name) may use only when the source says so: the word in English (a regular
# expression on label_en and the metric), in Chinese (on label_zh), and what must stand in the quote or
# in its clause before it (a verb such as 新增 often governs a list: 新增銀行機構5家、基金2家).
LABEL_CLAIMS = [
    ("provincial", r"\bprovincial", "省级", ("省",)),
    ("national", r"\bnational", "国家", ("国家", "全国", "国、省")),
    ("net", r"\bnet\b", "净增", ("净",)),
    # 新 as a verb's prefix (新增, 新建, 新培育 …), not in 高新 or 创新; attracted, landed, upgraded are new by nature
    (
        "new",
        r"\b(new|newly)\b",
        "新增",
        (
            "新增",
            "新建",
            "新改扩建",
            "新培育",
            "新引",
            "新认定",
            "新开",
            "新设",
            "新成立",
            "新入",
            "新获",
            "引进",
            "招引",
            "落地",
            "升规",
        ),
    ),
]
# A label in the past tense of completion, for a figure the source only says is being pushed ahead.
DONE_WORDS = re.compile(r"\b(renovated|completed|finished)\b", re.I)
UNDER_WAY = ("推进", "继续")


def _clause_before(src: SourceText, quote: str) -> str:
    """The quote with the clause that leads into it (back to the last 。；: or line break), simplified."""
    at = src.text.find(quote)
    if at < 0:
        return to_simplified(quote)
    start = max(src.text.rfind(c, 0, at) for c in "。；;:：\n") + 1
    return to_simplified(src.text[start : at + len(quote)])


def check_label_claims(ind: RawTable, texts: dict[str, SourceText]) -> list[Problem]:
    """A label says no more than its quote: no "provincial", "national", "net" or "new" the text lacks,
    and no "renovated"/"completed" for work the text only pushes ahead (继续推进)."""
    problems = []
    for i, row in ind:
        src = texts.get(row.get("source_id", ""))
        if src is None or not row.get("quote"):
            continue
        clause = _clause_before(src, row["quote"])
        en = f"{row.get('label_en', '')} {row.get('metric', '').replace('_', ' ')}"
        for name, en_word, zh_word, evidence in LABEL_CLAIMS:
            if (re.search(en_word, en, re.I) or zh_word in row.get("label_zh", "")) and not any(
                e in clause for e in evidence
            ):
                problems.append(
                    ind.problem(
                        i,
                        "label_en",
                        f"the label or metric says {name!r} but the quote (and the clause "
                        f"before it) has no {'/'.join(evidence)}: {row['quote']!r}",
                    )
                )
        done = DONE_WORDS.search(row.get("label_en", ""))
        if done and any(w in clause for w in UNDER_WAY):
            problems.append(
                ind.problem(
                    i,
                    "label_en",
                    f"the label says {done.group()!r} but the quote only pushes the work ahead "
                    f"({'/'.join(UNDER_WAY)}): {row['quote']!r}",
                )
            )
    return problems


# How a target is promised, in the source's words (simplified): 确保 is firm, 力争 and 争取 are stretch goals.
FIRMNESS_WORDS = ("确保", "力争", "争取")
SENTENCE_ENDS = "。；;！？\n"


def _sentence_before(src: SourceText, quote: str) -> str:
    """The quote with its sentence up to it (back to the last 。；！？ or line break), simplified.

    A promise word often governs a list: 力爭招引世界500強企業、海外企業各1家以上,上市公司3家以上."""
    at = src.text.find(quote)
    if at < 0:
        return to_simplified(quote)
    start = max(src.text.rfind(c, 0, at) for c in SENTENCE_ENDS) + 1
    return to_simplified(src.text[start : at + len(quote)])


def _leading_clause(sentence: str, quote: str) -> str:
    """The quote and the words just before it, back to the last ，,、；: what a promise word there governs."""
    before = sentence[: len(sentence) - len(quote)]
    start = max(before.rfind(c) for c in "，,、；;:：") + 1
    return before[start:] + quote


def check_commitments(ind: RawTable, texts: dict[str, SourceText]) -> list[Problem]:
    """A row says no more, and no less, than its sentence about how sure the figure is.

    - `firmness` (确保 / 力争 / 争取) is only for a target, and its word stands in the quote or earlier
      in the quote's sentence; a target whose quote itself holds such a word records it.
    - `estimate` is for a figure its sentence calls 预计; a figure so called is an estimate (or a target).
    """
    problems = []
    for i, row in ind:
        src = texts.get(row.get("source_id", ""))
        if src is None or not row.get("quote") or row["quote"] not in src.text:
            continue  # unknown source or a quote not in it: reported elsewhere
        sentence = _sentence_before(src, row["quote"])
        quote = to_simplified(row["quote"])
        kind, firm = row.get("kind", ""), row.get("firmness", "")
        if firm and firm not in FIRMNESS_WORDS:
            pass  # outside the vocabulary: reported by the schema
        elif firm and kind != "target":
            problems.append(
                ind.problem(i, "firmness", f"firmness {firm!r} is for a target; this row's kind is {kind!r}")
            )
        elif firm and firm not in sentence:
            problems.append(
                ind.problem(
                    i,
                    "firmness",
                    f"firmness {firm!r} is not written in the quote or before it in its sentence: {sentence[-60:]!r}",
                )
            )
        elif kind == "target" and not firm:
            said = [w for w in FIRMNESS_WORDS if w in _leading_clause(sentence, quote)]
            if said:
                problems.append(
                    ind.problem(
                        i,
                        "firmness",
                        f"the quote or the words leading into it promise with {said[0]!r}: set firmness to {said[0]!r}",
                    )
                )
        estimated = "预计" in sentence
        if kind == "estimate" and not estimated:
            problems.append(
                ind.problem(
                    i, "kind", f"kind 'estimate' but the sentence of the quote does not say 预计: {sentence[-60:]!r}"
                )
            )
        elif estimated and kind not in ("estimate", "target"):
            problems.append(
                ind.problem(
                    i, "kind", f"the quote's sentence says 预计 (an estimate) but kind is {kind!r}: {sentence[-60:]!r}"
                )
            )
    return problems


def check_quotes(table: RawTable, texts: dict[str, SourceText]) -> list[Problem]:
    """Every row's quote stands verbatim in its source (priorities and the like)."""
    problems = []
    for i, row in table:
        src = texts.get(row.get("source_id", ""))
        if src is not None:
            problems += _quote_in_source(table, i, src)
    return problems


def check_source_titles(sources: RawTable, texts: dict[str, SourceText]) -> list[Problem]:
    """Each source's `title_zh` is its title as published: it stands in the text (spacing aside), and
    `headline` says whether the text prints it as its headline.

    A title the book made up (calling a news report a 公报, say) would misname the document in every
    source line and citation.
    """

    def plain(s: str) -> str:
        return re.sub(r"\s+", "", to_simplified(s))

    problems = []
    for i, row in sources:
        src = texts.get(row.get("source_id", ""))
        title = plain(row.get("title_zh", ""))
        if src is None or not title:
            continue
        found = [(line, at) for line in map(plain, src.text.splitlines()) if (at := line.find(title)) >= 0]
        if not found:
            problems.append(
                sources.problem(
                    i,
                    "title_zh",
                    f"title {row.get('title_zh')!r} is not written in {src.path.name}: "
                    "give the title as the text publishes it",
                )
            )
        elif all(_names_a_meeting(line, at + len(title)) for line, at in found):
            problems.append(
                sources.problem(
                    i,
                    "title_zh",
                    f"{row.get('title_zh')!r} stands in {src.path.name} only as a subtitle or a meeting's name "
                    f"({found[0][0][:40]!r}): give the headline the text publishes",
                )
            )
        else:
            problems += _headline_problems(sources, i, row, src, title)
    return problems


def _headline_problems(sources: RawTable, i: int, row: dict, src: SourceText, title: str) -> list[Problem]:
    """`headline` is yes exactly when the stored text prints the title as a line of its own (not in a
    sentence, not only in an excerpt's `title:` line): the book puts only such a title in 《》."""
    body = METADATA_LINE.sub("", src.text)
    is_headline = title in {re.sub(r"\s+", "", to_simplified(line)) for line in body.splitlines()}
    said = row.get("headline", "") == "yes"
    if said == is_headline:
        return []
    why = (
        "the text prints it as a line of its own: set headline to yes"
        if is_headline
        else f"{src.path.name} has no line that is this title (it names it only in a sentence, or an excerpt's "
        "title: line gives it): leave headline empty, and the book writes the title without 《》"
    )
    return [sources.problem(i, "headline", f"{row.get('title_zh')!r}: {why}")]


def _names_a_meeting(line: str, end: int) -> bool:
    """The text at line[:end] is a subtitle (——…) or a meeting named in a sentence (…全体会议举行), not a headline."""
    return line.startswith("——") or line[end : end + 2] in ("举行", "召开")


def _quote_in_source(table: RawTable, i: int, src: SourceText) -> list[Problem]:
    quote = table.rows[i].get("quote", "")
    if quote and quote in src.text:
        return []
    hint = ""
    if quote and to_simplified(quote) in src.simplified and src.script == "traditional":
        hint = " (it matches after conversion: quote the source in its own traditional script)"
    elif quote:
        hint = _closest_hint(quote, src.text)
    return [
        table.problem(i, "quote", f"quote not found verbatim in {src.path.name} ({src.source_id}): {quote!r}{hint}")
    ]


def _closest_hint(quote: str, text: str) -> str:
    """Point at the longest prefix of the quote that is in the text, so a typo is easy to find."""
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ""
    at = text.index(quote[:lo])
    return f"; the source agrees up to {quote[:lo]!r} and then reads {text[at + lo : at + lo + 12]!r}, not {quote[lo : lo + 12]!r}"


def check_simplified(table: RawTable, fields: tuple[str, ...]) -> list[Problem]:
    """Chinese labels are simplified: to_simplified (OpenCC's t2s, then the phrases it gets wrong) leaves them unchanged."""
    problems = []
    for i, row in table:
        for f in fields:
            s = row.get(f, "")
            conv = to_simplified(s)
            if conv != s:
                wrong = [f"{a}→{b}" for a, b in T2S_PHRASES.items() if a in s]
                bad = "".join(sorted({a for a, b in zip(s, conv) if a != b}))
                what = (
                    f"label writes {', '.join(wrong)} (OpenCC keeps 著; simplified Chinese writes 着 here)"
                    if wrong
                    else f"label has traditional characters {bad!r}"
                )
                problems.append(table.problem(i, f, f"{what}: run `make simplify` — expected {conv!r}"))
    return problems


@dataclass(frozen=True)
class Uncovered:
    source_id: str
    file: str
    line: int
    number: str
    context: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.number!r} is not covered by any row — …{self.context}…"


def coverage(
    ind: RawTable, exclusions: RawTable, texts: dict[str, SourceText]
) -> tuple[list[Uncovered], list[Problem]]:
    """Numbers in the sources that no row covers and no exclusion explains; and exclusions that match nothing."""
    covered: dict[str, set[int]] = {sid: set() for sid in texts}
    for _, row in ind:
        src = texts.get(row.get("source_id", ""))
        quote = row.get("quote", "")
        if src is None or not quote:
            continue
        spans = value_spans(quote, row.get("value", ""))
        for m in re.finditer(re.escape(quote), src.text):
            covered[src.source_id].update(m.start() + s for s, _ in spans)
    excluded: dict[str, set[int]] = {sid: set() for sid in texts}
    for sid, src in texts.items():  # the project's own metadata lines are not the source's words
        for m in METADATA_LINE.finditer(src.text):
            excluded[sid].update(range(m.start(), m.end()))
    problems = []
    for i, row in exclusions:
        sids = list(texts) if row.get("source_id") == "*" else [row.get("source_id", "")]
        try:
            pattern = re.compile(row.get("pattern", ""))
        except re.error as e:
            problems.append(exclusions.problem(i, "pattern", f"not a valid regular expression: {e}"))
            continue
        hits = 0
        for sid in sids:
            if sid not in texts:
                continue
            for m in pattern.finditer(texts[sid].text):
                excluded[sid].update(range(m.start(), m.end()))
                hits += 1
        if hits == 0:
            problems.append(
                exclusions.problem(
                    i,
                    "pattern",
                    f"exclusion {row.get('pattern')!r} matches nothing in {row.get('source_id')}: remove it",
                )
            )
    missing = []
    for sid, src in texts.items():
        for m in NUMBER.finditer(src.text):
            if m.start() in covered[sid] or m.start() in excluded[sid]:
                continue
            ctx = src.text[max(0, m.start() - 20) : m.end() + 12].replace("\n", " ")
            missing.append(Uncovered(sid, relpath(src.path), src.line_of(m.start()), m.group(), ctx))
    return missing, problems
