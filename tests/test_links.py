"""Every internal link of the built site (make book → _build/html) leads somewhere: the file exists and
the #anchor is an id (or a name) in it. External links (http, https, mailto) are left to
`make linkcheck`, which needs the internet and is not part of `make test`.
"""

from __future__ import annotations

import html.parser
import posixpath
import urllib.parse
from functools import cache
from pathlib import Path

import pytest

EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:", "ftp:")
# (tag, attribute) pairs that point at another file or anchor
LINKING = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("form", "action"),
}


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, str]] = []  # (line, tag, url)
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag in ("a", "map")):
                self.ids.add(a[key])
        if tag == "base" and a.get("href"):
            self.base = a["href"]
        for attr in ("href", "src", "action"):
            if (tag, attr) in LINKING and a.get(attr) is not None:
                self.links.append((self.getpos()[0], tag, a[attr]))

    handle_startendtag = handle_starttag


@cache
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages(site: Path) -> list[Path]:
    """The book's pages, both editions; _static/ (zh/_static/ too) holds the theme's Jinja macro files
    (*.html), which are not pages."""
    return [p for p in sorted(site.rglob("*.html")) if "_static" not in p.relative_to(site).parts]


def broken_links(site: Path) -> list[str]:
    """Every internal link of every page that does not resolve, as 'page:line <tag> url: why'."""
    problems = []
    for page in pages(site):
        here = page.relative_to(site).as_posix()
        parsed = parse(page)
        for line, tag, url in parsed.links:
            url = url.strip()
            if not url or url.lower().startswith(EXTERNAL) or url.startswith("//"):
                continue
            parts = urllib.parse.urlsplit(url)
            where = f"{here}:{line} <{tag}> {url}"
            if parts.scheme or parts.netloc:
                problems.append(f"{where}: unexpected scheme")
                continue
            target_rel = urllib.parse.unquote(parts.path)
            if target_rel.startswith("/"):
                problems.append(f"{where}: absolute path, breaks when the book is not served from /")
                continue
            if target_rel:
                target = site / posixpath.normpath(posixpath.join(posixpath.dirname(here), target_rel))
                if site.resolve() not in (target.resolve(), *target.resolve().parents):
                    problems.append(f"{where}: points outside the site")
                    continue
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = page  # "#anchor" or "?query" on the same page
            if not target.exists():
                problems.append(f"{where}: no such file {target.relative_to(site)}")
                continue
            anchor = urllib.parse.unquote(parts.fragment)
            if anchor and target.suffix == ".html" and anchor not in parse(target).ids:
                problems.append(f"{where}: no id {anchor!r} in {target.relative_to(site)}")
    return problems


@pytest.mark.site
def test_every_internal_link_and_anchor_resolves(site):
    found = pages(site)
    links = sum(len(parse(p).links) for p in found)
    assert len(found) >= 14 and links > 500, (len(found), links)  # the check really ran over the book
    problems = broken_links(site)
    assert problems == [], "\n".join(problems[:50])


@pytest.mark.site
def test_chapters_link_to_each_other_and_to_downloads(site):
    """The table of contents reaches every chapter from the home page, and download links find their files."""
    intro = parse(site / "intro.html")
    chapters = {u.split("#")[0] for _, tag, u in intro.links if tag == "a" and u.startswith("chapters/")}
    assert len(chapters) >= 10, chapters
    downloads = [u for p in pages(site) for _, tag, u in parse(p).links if "_downloads/" in u]
    assert downloads, "no download links found"


def test_the_checker_finds_a_broken_link_and_a_broken_anchor(tmp_path):
    """The checker itself: a missing page and a missing anchor are reported; good links are not."""
    (tmp_path / "chapters").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="chapters/a.html#part-2">ok</a><a href="#top">top</a>'
        '<p id="top"></p><a href="https://example.org/x">ext</a>'
    )
    (tmp_path / "chapters" / "a.html").write_text(
        '<h2 id="part-2">2</h2><a href="../index.html#nowhere">bad anchor</a><a href="b.html">missing</a>'
        '<a href="../chapters/">dir</a><img src="../_static/x.png"><a href="#part-2">self</a>'
    )
    problems = broken_links(tmp_path)
    assert len(problems) == 4, problems
    assert any("no id 'nowhere'" in p for p in problems)
    assert any("no such file chapters/b.html" in p for p in problems)
    assert any("chapters/index.html" in p for p in problems)
    assert any("_static/x.png" in p for p in problems)
