#!/usr/bin/env python3
"""`make ci-local`: the workflow's build job, run on this machine the way the runner would run it.

Reads the job from .github/workflows/book.yml itself (not a copy), clones the current commit into a
fresh temporary workspace laid out as the job's (book/ is the clone, shared/sources the source
texts), and runs the job's `run:` steps in order: with the job's shell (bash -eo pipefail), its
working directory, its `env:` (the `${{ … }}` expressions it can evaluate here, the others named and
left unset), GITHUB_ENV/GITHUB_PATH between steps, and the runner's rule that a failed step skips
the steps after it. A `uses:` step is not run: a one-line notice says what the runner would do
there (the checkouts are the clone and the local source texts; caches and artifacts are skipped).
An `if:` is evaluated; a step whose condition is false is skipped with a notice.

Ends with a summary (each step's status, exit code and time) and exits non-zero if a step failed.
The workspace is removed after a successful run and kept after a failure (--keep keeps it always).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
# What the runner runs for `shell: bash` (and for no shell, when bash is on the PATH).
SHELLS = {"bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"], "sh": ["sh", "-e"]}
EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)
OUTER_MAKE = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "MAKE_TERMOUT", "MAKE_TERMERR"}


def load_job(workflow: Path = WORKFLOW, job: str = "build") -> dict:
    """The job as the workflow file has it (tests compare it with yaml.safe_load of the same file)."""
    return yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][job]


def step_name(step: dict, index: int) -> str:
    if "name" in step:
        return str(step["name"])
    if "run" in step:
        return "Run " + step["run"].strip().splitlines()[0]
    return f"step {index + 1}: {step.get('uses', '?')}"


# --- expressions --------------------------------------------------------------------------------


class Unresolved(Exception):
    """An expression names something this machine cannot know (e.g. a GitHub context value)."""


TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||<=|>=|[!()<>,])"
    r"|(?P<name>[A-Za-z_][\w.*-]*))"
)


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot parse expression {text!r} at {text[pos:]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Evaluator:
    """GitHub's expression syntax, the part a workflow like ours uses: literals, contexts, ==, !=,
    !, &&, ||, parentheses and the status functions. Unknown context values raise Unresolved."""

    def __init__(self, contexts: dict, status: str = "success"):
        self.contexts, self.status = contexts, status

    def __call__(self, text: str):
        self.toks, self.i = tokens(text), 0
        value = self.or_()
        if self.i != len(self.toks):
            raise ValueError(f"unexpected {self.toks[self.i][1]!r} in {text!r}")
        return value

    def peek(self):
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self):
        self.i += 1
        return self.toks[self.i - 1]

    def or_(self):
        left = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            left = left or right
        return left

    def and_(self):
        left = self.cmp()
        while self.peek() == "&&":
            self.take()
            right = self.cmp()
            left = left and right
        return left

    def cmp(self):
        left = self.unary()
        while self.peek() in ("==", "!=", "<", ">", "<=", ">="):
            op, right = self.take()[1], self.unary()
            a, b = (x.lower() if isinstance(x, str) else x for x in (left, right))  # GitHub compares case-insensitively
            left = {"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return left

    def unary(self):
        if self.peek() == "!":
            self.take()
            return not self.unary()
        return self.atom()

    def atom(self):
        kind, text = self.take()
        if text == "(":
            value = self.or_()
            self.take()
            return value
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if self.peek() == "(":  # a function call
            self.take()
            args = []
            while self.peek() != ")":
                args.append(self.or_())
                if self.peek() == ",":
                    self.take()
            self.take()
            return self.call(text, args)
        return self.lookup(text)

    def call(self, name: str, args: list):
        name = name.lower()
        if name == "success":
            return self.status == "success"
        if name == "failure":
            return self.status == "failure"
        if name == "always":
            return True
        if name == "cancelled":
            return False
        if name in ("contains", "startswith", "endswith") and len(args) == 2:
            a, b = (str(x).lower() for x in args)
            return {"contains": b in a, "startswith": a.startswith(b), "endswith": a.endswith(b)}[name]
        raise Unresolved(f"{name}()")

    def lookup(self, dotted: str):
        value = self.contexts
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                raise Unresolved(dotted)
            value = value[part]
        if value is None:
            raise Unresolved(dotted)
        return value


def as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def substitute(text: str, evaluate: Evaluator) -> str:
    """A string with its ${{ … }} replaced; Unresolved names the first expression it cannot know."""
    return EXPR.sub(lambda m: as_text(evaluate(m.group(1))), str(text))


def condition(text, evaluate: Evaluator) -> bool:
    """An `if:`: with or without ${{ }}; with no status function, success() && (…), as on GitHub."""
    text = str(text).strip()
    m = EXPR.fullmatch(text)
    text = m.group(1).strip() if m else text
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", text):
        text = f"success() && ({text})"
    return bool(evaluate(text))


# --- the local stand-ins for the runner -----------------------------------------------------------


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def local_sources() -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from jindong.paths import sources_dir

    return sources_dir().resolve()


def github_context(workspace: Path) -> dict:
    """The github context as far as a local clone knows it: a push of the current branch."""
    sha = git("rev-parse", "HEAD")
    branch = git("rev-parse", "--abbrev-ref", "HEAD")
    context = {
        "workspace": str(workspace),
        "sha": sha,
        "event_name": "push",
        "ref": f"refs/heads/{branch}" if branch != "HEAD" else None,
        "workflow": "book",
        "event": {},
    }
    try:  # owner and name only when the clone's origin is a GitHub repository
        url = git("remote", "get-url", "origin")
    except subprocess.CalledProcessError:
        url = ""
    m = re.search(r"github\.com[:/]([^/]+)/([^/]+?)(?:\.git)?/?$", url)
    if m:
        context.update(repository=f"{m[1]}/{m[2]}", repository_owner=m[1], event={"repository": {"name": m[2]}})
    return context


def uses_notice(step: dict) -> str:
    """What the runner would do at a `uses:` step, and what stands in for it here."""
    action, args = step["uses"].split("@")[0], step.get("with", {}) or {}
    path = args.get("path", "")
    if action == "actions/checkout":
        if "repository" in args:
            return f"runner: check out {args['repository']} into {path or '.'}; here: the local source texts"
        return f"runner: check out this commit into {path or '.'}; here: the fresh clone is that checkout"
    if action == "actions/cache":
        paths = " ".join(str(path).split())
        if paths.startswith("~"):
            return f"runner: restore/save a cache of {paths}; here: this machine's {paths} as it is"
        return f"runner: restore/save a cache of {paths}; skipped here (the clone starts without it)"
    if action in ("actions/upload-artifact", "actions/upload-pages-artifact"):
        return f"runner: upload {path} as an artifact; skipped here (the file is checked to exist)"
    if action == "actions/setup-python":
        return f"runner: install Python {args.get('python-version', '?')}; skipped here"
    return f"runner: run the action {action}; skipped here"


@dataclass
class Result:
    name: str
    status: str  # ok, failed, skipped, not run (uses:)
    code: int | None = None
    seconds: float = 0.0
    note: str = ""


@dataclass
class Job:
    job: dict
    workspace: Path
    sources: Path
    deadline: float
    log: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.github = github_context(self.workspace)
        repo = os.environ.get("JINDONG_SOURCES_REPOSITORY") or f"(local) {self.sources}"
        self.vars = {"JINDONG_SOURCES_REPOSITORY": repo}
        self.env_file, self.path_file = self.workspace / ".github_env", self.workspace / ".github_path"
        self.extra_env: dict[str, str] = {}
        self.extra_path: list[str] = []
        self.env, self.unresolved = {}, {}
        for key, value in (self.job.get("env") or {}).items():  # job env: evaluated once, in order
            try:
                self.env[key] = substitute(value, self.evaluator())
            except Unresolved as missing:
                self.unresolved[key] = str(missing)

    def evaluator(self, status: str = "success", step_env: dict | None = None) -> Evaluator:
        env = {**self.env, **self.extra_env, **(step_env or {})}
        return Evaluator(
            {
                "github": self.github,
                "vars": self.vars,
                "env": env,
                "runner": {"os": "Linux", "temp": str(self.workspace / ".runner_temp")},
            },
            status,
        )

    def process_env(self, step_env: dict) -> dict:
        # this machine's environment, less what `make ci-local` itself set (a runner's step is not in make)
        outer = {k: v for k, v in os.environ.items() if k not in OUTER_MAKE}
        env = {**outer, **self.env, **self.extra_env, **step_env}
        for key in self.unresolved:
            env.pop(key, None)
        env.update(
            CI="true",
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ENV=str(self.env_file),
            GITHUB_PATH=str(self.path_file),
            GITHUB_SHA=self.github["sha"],
            GITHUB_EVENT_NAME=self.github["event_name"],
            RUNNER_TEMP=str(self.workspace / ".runner_temp"),
        )
        if self.github.get("ref"):
            env["GITHUB_REF"] = self.github["ref"]
        if self.extra_path:
            env["PATH"] = os.pathsep.join([*reversed(self.extra_path), env.get("PATH", "")])
        return env

    def read_files(self):
        """Variables and PATH entries a step appended to $GITHUB_ENV and $GITHUB_PATH."""
        if self.env_file.exists():
            lines = self.env_file.read_text(encoding="utf-8").splitlines()
            i = 0
            while i < len(lines):
                line = lines[i]
                if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
                    key, marker = line.split("<<", 1)
                    end = lines.index(marker, i + 1)
                    self.extra_env[key] = "\n".join(lines[i + 1 : end])
                    i = end
                elif "=" in line:
                    key, value = line.split("=", 1)
                    self.extra_env[key] = value
                i += 1
            self.env_file.write_text("")
        if self.path_file.exists():
            self.extra_path += [p for p in self.path_file.read_text(encoding="utf-8").splitlines() if p]
            self.path_file.write_text("")

    def run_step(self, step: dict, status: str) -> Result:
        name = step_name(step, 0)
        step_env_raw = step.get("env") or {}
        try:
            step_env = {k: substitute(v, self.evaluator(status)) for k, v in step_env_raw.items()}
            if "if" in step:
                go = condition(step["if"], self.evaluator(status, step_env))
            else:
                go = status == "success"
        except Unresolved as missing:
            return Result(name, "skipped", note=f"cannot evaluate `if: {step.get('if')}` here ({missing})")
        if not go:
            why = f"`if: {step['if']}` is false here" if "if" in step else "an earlier step failed"
            return Result(name, "skipped", note=why)
        if "uses" in step:
            try:
                notice = substitute(uses_notice(step), self.evaluator(status, step_env))
            except Unresolved:
                notice = uses_notice(step)
            print(f"    {notice}", flush=True)
            path = (step.get("with") or {}).get("path", "")
            if "upload" in step["uses"] and not (self.workspace / str(path)).exists():
                return Result(name, "failed", note=f"{path} does not exist (if-no-files-found: error)")
            return Result(name, "not run", note=notice.split(";")[0])
        defaults = (self.job.get("defaults") or {}).get("run") or {}
        shell = step.get("shell") or defaults.get("shell") or "bash"
        workdir = self.workspace / str(step.get("working-directory") or defaults.get("working-directory") or ".")
        script = self.workspace / ".runner_temp" / "step.sh"
        script.parent.mkdir(exist_ok=True)
        try:
            script.write_text(substitute(step["run"], self.evaluator(status, step_env)), encoding="utf-8")
        except Unresolved as missing:
            return Result(name, "failed", note=f"cannot evaluate ${{{{ {missing} }}}} in the script")
        remaining = self.deadline - time.monotonic()
        start = time.monotonic()
        proc = subprocess.Popen(
            [*SHELLS[shell], str(script)], cwd=workdir, env=self.process_env(step_env), start_new_session=True
        )
        try:
            code = proc.wait(timeout=max(remaining, 1))
            note = ""
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            code, note = proc.wait(), "the job's timeout-minutes ran out"
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            raise
        self.read_files()
        return Result(name, "ok" if code == 0 else "failed", code, time.monotonic() - start, note)


def prepare(workspace: Path, job: dict, sources: Path) -> None:
    """The workspace the checkout steps would make: this commit in its path, the sources in theirs."""
    sha = git("rev-parse", "HEAD")
    for step in job["steps"]:
        if step.get("uses", "").split("@")[0] != "actions/checkout":
            continue
        dest = workspace / str((step.get("with") or {}).get("path", "."))
        if "repository" in (step.get("with") or {}):
            dest.mkdir(parents=True, exist_ok=True)
            (dest / "sources").symlink_to(sources, target_is_directory=True)
        else:
            subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(dest)], check=True)
            subprocess.run(["git", "-c", "advice.detachedHead=false", "checkout", "--quiet", sha], cwd=dest, check=True)


def os_release() -> dict:
    text = Path("/etc/os-release").read_text(encoding="utf-8") if Path("/etc/os-release").exists() else ""
    return dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', text, re.M))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflow", type=Path, default=WORKFLOW)
    parser.add_argument("--job", default="build")
    parser.add_argument("--keep", action="store_true", help="keep the workspace even after a successful run")
    args = parser.parse_args(argv)

    job = load_job(args.workflow, args.job)
    sources = local_sources()
    workspace = Path(tempfile.mkdtemp(prefix="jindong-ci-"))
    sha = git("rev-parse", "HEAD")
    print(
        f"ci-local: job {args.job!r} of {args.workflow.relative_to(ROOT) if args.workflow.is_relative_to(ROOT) else args.workflow}"
        f" at {sha[:12]}, workspace {workspace}"
    )
    if git("status", "--porcelain", "--untracked-files=no"):
        print("ci-local: note: the worktree has uncommitted changes; the clone runs the commit without them")
    container = job.get("container")
    if container:
        image = container["image"] if isinstance(container, dict) else container
        here = os_release()
        print(
            f"ci-local: the runner would run the steps in {image} as root; here they run on "
            f"{here.get('PRETTY_NAME', 'this machine')}, Python {sys.version.split()[0]}, uid {os.getuid()}"
        )
        codename = here.get("VERSION_CODENAME", "")
        if codename and codename not in image:
            print(f"ci-local: warning: the image is not Debian {codename}, this machine's release")
    deadline = time.monotonic() + 60 * float(job.get("timeout-minutes", 360))
    prepare(workspace, job, sources)
    runner = Job(job, workspace, sources, deadline)
    print(f"ci-local: vars.JINDONG_SOURCES_REPOSITORY -> {runner.vars['JINDONG_SOURCES_REPOSITORY']}")
    for key, value in runner.env.items():
        print(f"ci-local: env {key}={value}")
    for key, missing in runner.unresolved.items():
        print(f"ci-local: env {key} left unset: {missing} is not known on this machine")

    results: list[Result] = []
    status = "success"
    total = len(job["steps"])
    for i, step in enumerate(job["steps"]):
        name = step_name(step, i)
        print(f"\n==> [{i + 1}/{total}] {name}", flush=True)
        result = runner.run_step(step, status)
        result.name = name
        if result.status == "skipped":
            print(f"    skipped: {result.note}")
        elif "run" in step:
            print(
                f"    {result.status} (exit {result.code}) in {result.seconds:.0f} s{': ' + result.note if result.note else ''}"
            )
        if result.status == "failed":
            status = "failure"
        results.append(result)

    print(f"\nci-local summary ({workspace}):")
    width = max(len(r.name) for r in results)
    for i, r in enumerate(results):
        code = "" if r.code is None else f"exit {r.code}"
        print(f"  {i + 1:2}. {r.name:<{width}}  {r.status:<8} {code:<7} {r.seconds:7.0f} s  {r.note}")
    ran = [r for r in results if r.code is not None]
    print(
        f"  {len(results)} steps: {len(ran)} run: steps ({sum(r.status == 'ok' for r in ran)} ok), "
        f"{sum(r.status == 'failed' for r in results)} failed, {sum(r.status == 'skipped' for r in results)} skipped, "
        f"{sum(r.status == 'not run' for r in results)} uses: steps not run here; "
        f"{sum(r.seconds for r in results):.0f} s in all -> {'success' if status == 'success' else 'FAILED'}"
    )
    if status == "success" and not args.keep:
        shutil.rmtree(workspace, ignore_errors=True)
    else:
        print(f"  workspace kept: {workspace}")
    return 0 if status == "success" else 1


if __name__ == "__main__":
    sys.exit(main())
