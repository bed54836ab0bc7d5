"""`make pdf`: the whole book as PDF, one per edition, typeset by XeLaTeX: the English with xeCJK
and TeX Gyre, the Chinese as a Chinese book with ctex and Noto Serif CJK SC (build.ZH_LATEX_PREAMBLE).

Steps, for each edition: Jupyter Book's LaTeX builder runs in its own stage (build.LATEX, build.LATEX_ZH),
reading the execution cache the website's build of the edition fills (and filling it first, when the PDF
is built first), so every chart comes out as a static vector image and every table as a LaTeX table
(print_edition.py); latexmk runs XeLaTeX; the log is read for missing glyphs, which stop the build
like a warning would. Only then is the PDF copied to _build/pdf/ (jindong-book.pdf,
jindong-book-zh.pdf), and their paths are the last lines printed. The website built after this
(`make book`) offers each edition its own PDF. JINDONG_EDITIONS=en builds the English one alone.

Environment: as build.py (JINDONG_BUILD_DIR, JINDONG_DATA, JINDONG_BOOK_SOURCE); JINDONG_SITE_URL
is the website's address, named in the PDF where a part is interactive only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from jindong.paths import in_ci
from jindong.publish import build
from jindong.publish.print_edition import PDF_NAMES

TEX_NAME = "book.tex"  # latex_documents targetname in _config.yml
TOOLS = {"xelatex": "texlive-xetex", "latexmk": "latexmk"}
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")
DEBIAN_PACKAGES = "texlive-xetex texlive-lang-chinese texlive-latex-extra latexmk fonts-noto-cjk chromium"
# XeTeX names a glyph the font lacks: "Missing character: There is no ▸ (U+25B8) in font …!".
# typeset() keeps log lines whole (max_print_line), so the font name is not cut at column 79.
MISSING = re.compile(r"Missing character: There is no (.+?) in font ([^!\n]+)")


def missing_tools() -> list[str]:
    """The command-line tools and fonts `make pdf` needs and cannot find."""
    missing = [f"{tool} (Debian package {pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)]
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        missing += [f"font {f} (Debian package fonts-noto-cjk)" for f in FONTS if f not in fonts]
    else:
        missing.append("fc-list (Debian package fontconfig)")
    from jindong.content.charts.static import browser

    if not browser():
        missing.append("chromium, for the charts' static images (Debian package chromium)")
    return missing


def missing_characters(log_text: str) -> list[str]:
    """Each distinct glyph the fonts lacked, as 'character in font'."""
    return sorted({f"{m.group(1)} in {m.group(2)}" for m in MISSING.finditer(log_text)})


def latex_log(out: Path) -> Path:
    return out / TEX_NAME.replace(".tex", ".log")


def typeset(out: Path) -> int:
    """Run latexmk with XeLaTeX on the LaTeX the builder wrote; its output only when it fails."""
    cmd = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", TEX_NAME]
    env = {**os.environ, "max_print_line": "10000"}  # TeX wraps its log at 79 columns otherwise
    proc = subprocess.run(cmd, cwd=out, capture_output=True, text=True, encoding="utf-8", errors="replace", env=env)
    if proc.returncode != 0:
        log = latex_log(out)
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else proc.stdout
        errors = [line for line in text.splitlines() if line.startswith("!") or re.match(r"^\S+\.tex:\d+:", line)]
        print("\n".join(["PDF FAILED: XeLaTeX stopped.", *errors[:20], f"full log: {log}"]), file=sys.stderr)
    return proc.returncode


def main(extra: list[str] | None = None, optional: bool = False) -> int:
    """Build the PDF. `optional` (make test): without the tools, say so and go on — unless CI=true."""
    missing = missing_tools()
    if missing:
        print(
            "make pdf needs: " + "; ".join(missing) + f".\nOn Debian or Ubuntu, as root: `make system-deps` "
            f"(apt-get install {DEBIAN_PACKAGES}).",
            file=sys.stderr,
        )
        if optional and not in_ci():
            print("No PDF edition built: its tests will be skipped.", file=sys.stderr)
            return 0
        return 2
    editions = os.environ.get("JINDONG_EDITIONS", "en zh").split()
    stages = [s for s in (build.LATEX, build.LATEX_ZH) if s.lang in editions]
    if build.LATEX_ZH in stages and not (build.SOURCE / "chapters" / "zh").is_dir():
        stages.remove(build.LATEX_ZH)  # a scratch book (tests) without Chinese twins
    codes = build.both_at_once(lambda stage: edition(stage, extra, build.stage_prefix(stage, stages)), stages)
    if any(codes):
        return next(c for c in codes if c)
    built = [build.PDF_DIR / PDF_NAMES[stage.lang] for stage in stages]
    print("The PDF edition is built:" if len(built) == 1 else "The PDF editions are built:")
    for target in built:
        print(target)  # the last lines are the paths alone, for scripts
    return 0


def edition(stage: build.Stage, extra: list[str] | None, prefix: str = "") -> int:
    """One edition's PDF: the LaTeX builder in the stage, then XeLaTeX, then the glyph check."""
    target = build.PDF_DIR / PDF_NAMES[stage.lang]
    code = build.run(stage, extra, published=target, prefix=prefix)
    if code:
        return code
    out = stage.out
    for old in out.glob("book.*"):  # latexmk must not take an earlier run's files for this one's
        if old.suffix != ".tex":
            old.unlink()
    code = typeset(out)
    if code:
        return code
    missing = missing_characters(latex_log(out).read_text(encoding="utf-8", errors="replace"))
    if missing:
        print(
            "PDF FAILED: characters missing from the fonts (they would print as blanks):\n  "
            + "\n  ".join(missing)
            + f"\nfull log: {latex_log(out)}",
            file=sys.stderr,
        )
        return 1
    build.PDF_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out / TEX_NAME.replace(".tex", ".pdf"), target.with_suffix(".new"))
    target.with_suffix(".new").replace(target)
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main([a for a in args if a != "--optional"], optional="--optional" in args))
