"""The GitHub Actions workflow (.github/workflows/book.yml): linted, hardened, and doing the whole job
where the book is developed: in a Debian container of this machine's release, by make targets that exist.

actionlint checks syntax, expressions and (with shellcheck) the shell of every `run:`; zizmor is a
security linter (unpinned actions, excessive permissions, template injection, credential leaks),
run offline with its strictest persona. Both must also fail on a deliberately bad workflow, so a
silent linter cannot pass this test.
"""

from __future__ import annotations

import importlib.util
import os
import posixpath
import re
import shlex
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
    return subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(path)],
        capture_output=True,
        text=True,
    )


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
    order = [
        next(i for i, r in enumerate(runs) if r.strip() == cmd)
        for cmd in ("make system-deps", "make test", "make pdf", "make book")
    ]
    assert order == sorted(order), "system packages, then tests, then the PDF before the site that offers it"
    caches = [s["with"]["path"] for s in steps if "actions/cache" in s.get("uses", "")]
    assert any("execution-en" in c for c in caches) and any(".cache/pip" in c for c in caches)
    book = workdir(workflow)
    artifacts = {s["with"]["path"] for s in steps if "upload-artifact" in s.get("uses", "")}
    assert artifacts == {  # both editions, website and PDF
        f"{book}/_build/html",
        f"{book}/_build/html/zh",
        f"{book}/_build/pdf/jindong-book.pdf",
        f"{book}/_build/pdf/jindong-book-zh.pdf",
    }
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "build"
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


# --- where the job runs: a pinned Debian container, as root, like the machines the book is tested on


def workdir(workflow: dict) -> str:
    return workflow["jobs"]["build"]["defaults"]["run"]["working-directory"]


def os_release() -> dict:
    return dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', Path("/etc/os-release").read_text(encoding="utf-8"), re.M))


DEBIAN = {"bullseye": "11", "bookworm": "12", "trixie": "13"}


def test_build_job_runs_in_a_pinned_debian_container_of_this_machines_release(workflow):
    container = workflow["jobs"]["build"]["container"]
    m = re.fullmatch(r"python:(\d+\.\d+)-(\w+)@sha256:([0-9a-f]{64})", container["image"])
    assert m, f"{container['image']}: the official python image, tagged <python>-<debian>, pinned by digest"
    python, codename, _ = m.groups()
    assert python == "3.11" and sys.version_info[:2] == (3, 11), "the book is built with Python 3.11"
    here = os_release()
    assert here.get("ID") == "debian", "the development machines are Debian"
    assert codename == here["VERSION_CODENAME"], (
        f"the image is Debian {codename}, this machine {here['VERSION_CODENAME']}"
    )
    assert DEBIAN[codename] == here["VERSION_ID"]
    # as root (the image's default user), so make system-deps installs with apt-get
    assert "--user" not in container.get("options", "") and "-u " not in container.get("options", "")


def test_no_setup_python_and_pip_caches_where_the_container_has_it(workflow, tmp_path):
    job = workflow["jobs"]["build"]
    steps = job["steps"]
    assert not any("setup-python" in s.get("uses", "") for s in steps), "the image's Python 3.11 makes .venv"
    pip_cache = next(s for s in steps if "actions/cache" in s.get("uses", "") and "pip" in s["with"]["path"])
    assert pip_cache["with"]["path"] == "~/.cache/pip"
    assert "requirements.txt" in pip_cache["with"]["key"]
    for name in ("PIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME", "PIP_NO_CACHE_DIR"):
        assert name not in (job.get("env") or {}), f"{name} would move pip's cache away from ~/.cache/pip"
    # what pip actually uses, with HOME as in a container job (/github/home) and nothing else set
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "XDG_"))}
    home = tmp_path / "github-home"
    run = subprocess.run(
        [sys.executable, "-m", "pip", "cache", "dir"], env={**env, "HOME": str(home)}, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()) == home / ".cache" / "pip"


def test_paths_are_the_containers_and_the_layout_the_developers(workflow):
    job = workflow["jobs"]["build"]
    text = yaml.safe_dump(job)
    # inside a container these name the runner's paths, not the container's (actions/runner#2058)
    for expr in ("github.workspace", "runner.workspace", "runner.temp"):
        assert expr not in text, f"{expr} is the runner's path, not the container's"
    book = workdir(workflow)
    assert job["defaults"]["run"]["shell"] == "bash"
    checkouts = [s for s in job["steps"] if "actions/checkout" in s.get("uses", "")]
    this = next(s for s in checkouts if "repository" not in s["with"])
    sources = next(s for s in checkouts if "repository" in s["with"])
    assert this["with"]["path"] == book
    # the book finds the source texts where it looks on a development machine: ../shared/sources
    assert posixpath.normpath(f"{book}/../shared/sources") == f"{sources['with']['path']}/sources"
    assert "JINDONG_SOURCES" not in (job.get("env") or {})
    from jindong.paths import sources_dir
    from jindong.publish import build

    if "JINDONG_SOURCES" not in os.environ:
        assert sources_dir() == ROOT.parent / "shared" / "sources"
    cached = next(s for s in job["steps"] if "execution-en" in s.get("with", {}).get("path", ""))["with"]
    paths = cached["path"].split()
    if build.BUILD_DIR == ROOT / "_build":  # JINDONG_BUILD_DIR moves the stages (tests of the build do)
        for stage in (build.HTML, build.HTML_ZH, build.LATEX, build.LATEX_ZH):
            for part in (stage.cache, stage.cache.with_suffix(".inputs-hash"), stage.stamp):
                assert f"{book}/{part.relative_to(ROOT).as_posix()}" in paths, f"{part} is not cached"
    for step in job["steps"]:
        for key in ("path", "key"):
            value = (step.get("with") or {}).get(key, "")
            for p in re.findall(r"'([^']+)'", value) if key == "key" else value.split():
                if "checkout" not in step.get("uses", "") and not p.startswith("~"):
                    assert p.startswith(f"{book}/"), f"{step.get('name')}: {p} is outside the book's checkout"


# --- every run: step calls make targets and commands that exist


def make_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    targets = set()
    for line in makefile.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([^\s#=:$][^=:#]*?)\s*::?(?!=)", line)
        if m:
            targets.update(m.group(1).split())
    return targets - {".PHONY"}


SHELL_WORDS = set(
    subprocess.run(["bash", "-c", "compgen -b; compgen -k"], capture_output=True, text=True).stdout.split()
)
CONTROL = {"&&", "||", ";", "|", "&", "(", ")", "!", "{", "}", "if", "then", "else", "elif", "do", "while", "until"}


def step_problems(script: str, targets: set[str] | None = None) -> list[str]:
    """Commands of a run: script that do not exist here, and make targets the Makefile lacks."""
    targets = make_targets() if targets is None else targets
    problems = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words, start = list(lexer), True
        for i, word in enumerate(words):
            if word in CONTROL or word.startswith((">", "<")):
                start = word in CONTROL
                continue
            if not start or re.fullmatch(r"\w+=.*", word):
                continue
            start = False
            if word not in SHELL_WORDS and not shutil.which(word):
                problems.append(f"command not found: {word}")
            if word == "make":
                for arg in words[i + 1 :]:
                    if arg in CONTROL:
                        break
                    if not arg.startswith("-") and "=" not in arg and arg not in targets:
                        problems.append(f"no make target: {arg}")
    return problems


def test_run_steps_call_only_make_targets_and_commands_that_exist(workflow):
    scripts = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    assert scripts
    for script in scripts:
        assert step_problems(script) == [], script
    assert {"system-deps", "test", "pdf", "book", "ci-local"} <= make_targets()


@pytest.mark.parametrize(
    "script, problem",
    [
        ("make nonexistent", "no make target: nonexistent"),
        ("make test nonexistent", "no make target: nonexistent"),
        ("make -s test && make nonexistent", "no make target: nonexistent"),
        ("frobnicate-the-book --now", "command not found: frobnicate-the-book"),
        ("make test\nCI=true no-such-tool-here | tee log", "command not found: no-such-tool-here"),
    ],
)
def test_the_step_check_fails_on_a_missing_target_or_command(script, problem):
    assert problem in step_problems(script)


def test_the_step_check_passes_shell_and_existing_commands():
    assert step_problems('echo "::error::x # y"\nexit 1') == []
    assert step_problems("make -s test PYTHON=python3 && echo ok >> log; if true; then make book; fi") == []


# --- make ci-local: the same steps, run as the runner would


def ci_local():
    """.ci/local.py, the script behind `make ci-local` (a file, not a package module)."""
    if "ci_local" not in sys.modules:
        spec = importlib.util.spec_from_file_location("ci_local", ROOT / ".ci" / "local.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["ci_local"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["ci_local"]


def test_ci_local_reads_the_workflows_own_steps(workflow):
    local = ci_local()
    assert local.WORKFLOW == WORKFLOW
    job = local.load_job()
    assert job == workflow["jobs"]["build"]
    assert [local.step_name(s, i) for i, s in enumerate(job["steps"])] == [
        s["name"] for s in workflow["jobs"]["build"]["steps"]
    ]
    assert "ci-local:" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ".ci/local.py" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_ci_local_evaluates_conditions_like_the_runner():
    local = ci_local()
    ev = local.Evaluator({"github": {"event_name": "push", "ref": "refs/heads/x"}, "env": {"A": ""}, "vars": {}})
    assert local.condition("env.A == ''", ev) is True
    assert local.condition("${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}", ev) is False
    assert local.condition("!(github.event_name != 'PUSH')", ev) is True  # case-insensitive, as on GitHub
    failed = local.Evaluator(ev.contexts, status="failure")
    assert local.condition("env.A == ''", failed) is False and local.condition("failure()", failed) is True
    with pytest.raises(local.Unresolved):
        local.substitute("${{ secrets.TOKEN }}", ev)
    assert local.substitute("a/${{ github.ref }}/b", ev) == "a/refs/heads/x/b"


def test_ci_local_runs_the_steps_in_order_in_a_fresh_clone(tmp_path, capsys):
    log = tmp_path / "log"
    wf = tmp_path / "wf.yml"
    wf.write_text(f"""
jobs:
  build:
    container: {{image: "python:3.11-bookworm@sha256:{"0" * 64}"}}
    defaults: {{run: {{shell: bash, working-directory: book}}}}
    env:
      WHERE: ${{{{ github.workspace }}}}/book
      SOURCES_REPO: ${{{{ vars.JINDONG_SOURCES_REPOSITORY }}}}
      SECRET: ${{{{ secrets.NOT_HERE }}}}
    steps:
      - uses: actions/checkout@0000000000000000000000000000000000000000
        with: {{path: book}}
      - uses: actions/checkout@0000000000000000000000000000000000000000
        with: {{repository: x/y, path: shared}}
      - name: first
        run: |
          test "$PWD" = "$WHERE" && test -f Makefile && test -d ../shared/sources
          test -n "$SOURCES_REPO" && test -z "${{SECRET-}}" && test "$CI" = true
          git status --porcelain | wc -l > {log}
          echo "NEXT=second" >> "$GITHUB_ENV"
      - name: skipped by its condition
        if: env.SOURCES_REPO == ''
        run: echo never >> {log}
      - name: second
        run: echo "$NEXT" >> {log}; false
      - name: after a failure
        run: echo never >> {log}
      - name: cleanup
        if: always()
        run: echo always >> {log}
""")
    code = ci_local().main(["--workflow", str(wf)])
    out = capsys.readouterr().out
    kept = re.search(r"workspace kept: (\\S+)", out)
    if kept:
        shutil.rmtree(kept.group(1), ignore_errors=True)
    assert code == 1, out
    assert log.read_text().split() == ["0", "second", "always"], out  # a clean clone; in order; the failure skips
    assert "env SECRET left unset: secrets.NOT_HERE" in out
    assert "`if: env.SOURCES_REPO == ''` is false here" in out and "an earlier step failed" in out
    assert "here: the fresh clone is that checkout" in out
    assert re.search(r"second\s+failed\s+exit 1", out), out
