"""The GitHub Actions workflow (.github/workflows/book.yml): linted, hardened, and doing the whole job.

actionlint checks syntax, expressions and (with shellcheck) the shell of every `run:`; zizmor is a
security linter (unpinned actions, excessive permissions, template injection, credential leaks),
run offline with its strictest persona. Both must also fail on a deliberately bad workflow, so a
silent linter cannot pass this test.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jindong.paths import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
BIN = Path(sys.executable).parent

BAD = """\
name: bad
on: [push, pull_request_target]
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is not installed: it is pinned in requirements.txt (make install)")
    return str(path)


def actionlint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("actionlint"), "-no-color", str(path)], capture_output=True, text=True)


def zizmor(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(path)],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_actionlint_passes():
    if not shutil.which("shellcheck"):
        from jindong.paths import in_ci

        if in_ci():
            pytest.fail("shellcheck is missing (make system-deps): actionlint would not check the run: scripts")
    run = actionlint(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing():
    run = zizmor(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_linters_do_fail_on_a_bad_workflow(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD)
    assert actionlint(bad).returncode != 0  # untrusted input in a run: script
    run = zizmor(bad)
    assert run.returncode != 0
    for audit in ("unpinned-uses", "excessive-permissions", "template-injection"):
        assert audit in run.stdout, f"zizmor did not report {audit}:\n{run.stdout}"


def test_actions_are_pinned_to_commits(workflow):
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{ref} is not pinned to a commit SHA"
        assert re.search(r"#\s*v\d", comment), f"{ref}: say which release the SHA is (# vX.Y.Z)"


def test_least_privilege_and_one_run_per_branch(workflow):
    assert workflow["permissions"] == {}, "no permission by default; jobs ask for their own"
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in workflow["concurrency"]["group"]
    for step in jobs["build"]["steps"]:
        if "actions/checkout" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False


def test_it_tests_builds_keeps_and_publishes_the_book(workflow):
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as True
    assert "push" in on and "pull_request" in on
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    order = [next(i for i, r in enumerate(runs) if r.strip() == cmd) for cmd in
             ("make system-deps", "make test", "make pdf", "make book")]
    assert order == sorted(order), "system packages, then tests, then the PDF before the site that offers it"
    uses = [s.get("uses", "") for s in steps]
    assert any("actions/setup-python" in u for u in uses)
    assert next(s for s in steps if "setup-python" in s.get("uses", ""))["with"]["cache"] == "pip"
    cache = next(s for s in steps if "actions/cache" in s.get("uses", ""))
    assert ".jupyter_cache" in cache["with"]["path"]
    artifacts = {s["with"]["path"] for s in steps if "upload-artifact" in s.get("uses", "")}
    assert artifacts == {"_build/html", "_build/pdf/jindong-book.pdf"}
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "build"
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])
