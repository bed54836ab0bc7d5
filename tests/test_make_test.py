"""`make test` on a fresh machine: it installs the system packages itself, builds the small plotly.js,
then the PDF, the site and runs pytest on every core; `make book` builds the bundle before the site."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from jindong.paths import ROOT, in_ci


def dry_run(target: str) -> list[str]:
    make = shutil.which("make")
    if not make:
        if in_ci():
            pytest.fail("make is required with CI=true")
        pytest.skip("make not installed")
    # -o: never reinstall the venv or node_modules from a test, whatever their timestamps say
    run = subprocess.run(
        [make, "--no-print-directory", "-n", "-C", str(ROOT), "-o", ".venv/.installed", "-o", "node_modules", target],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def position(lines: list[str], needle: str) -> int:
    found = [i for i, line in enumerate(lines) if needle in line]
    assert found, f"{needle!r} not in the dry run:\n" + "\n".join(lines)
    return found[0]


def test_make_test_installs_the_system_packages_then_builds_then_tests_on_every_core():
    lines = dry_run("test")
    order = [
        position(lines, "dpkg-query"),  # make system-deps: what is missing …
        position(lines, "apt-get install"),  # … installed as root or with password-less sudo
        position(lines, "jindong.publish.plotly_bundle"),
        position(lines, "jindong.publish.pdf"),
        position(lines, "jindong.publish.build"),
        position(lines, "-m pytest"),
    ]
    assert order == sorted(order), lines
    assert "-n auto --dist loadscope" in lines[order[-1]], lines[order[-1]]


def test_make_book_builds_the_bundle_first():
    lines = dry_run("book")
    assert position(lines, "jindong.publish.plotly_bundle") < position(lines, "jindong.publish.build"), lines
