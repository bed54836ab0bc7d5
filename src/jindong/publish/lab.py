"""`make lab`: JupyterLab on the chapters, set up the same way for an author and for the tests.

- As root too (`--allow-root`): containers and CI machines run as root.
- Checkpoints kept under _build/, not as `chapters/.ipynb_checkpoints/` beside the notebooks.
- jupyterlab-myst renders the chapters' MyST (admonitions, figures, `{eval}` numbers); see lab_myst.py.
- Kernels reload the package's modules before running a cell (IPython's autoreload, through a
  project IPython profile): change a chart function in src/jindong, run its cell again, see it.
- `--headless` (the tests): no browser, a fixed token, autosave off, and a scratch workspace, so
  that running a chapter never writes to it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from jindong.paths import ROOT

CHECKPOINTS = ROOT / "_build" / "lab-checkpoints"
IPYTHON_DIR = ROOT / "_build" / "ipython"
KERNEL_CONFIG = """# Written by jindong.publish.lab: kernels started by `make lab` reload edited modules before each cell.
c.InteractiveShellApp.extensions = ["autoreload"]
c.InteractiveShellApp.exec_lines = ["%autoreload 2"]
"""


# JupyterLab defaults for this environment (authors' own settings still win): a chapter's hidden cell
# glues some fifty numbers, each an invisible output, and past 50 outputs Lab folds the rest behind
# a "Show more outputs" button. (0, "no limit" by its schema, shows no output at all in Lab 4.6.)
OVERRIDES = {"@jupyterlab/notebook-extension:tracker": {"maxNumberOutputs": 1000}}


def _lab_defaults() -> None:
    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    for plugin, values in OVERRIDES.items():
        current.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2))


def environment() -> dict[str, str]:
    """The server's environment, which its kernels inherit: a project IPython profile with autoreload.

    Also writes this environment's JupyterLab defaults (OVERRIDES)."""
    _lab_defaults()
    profile = IPYTHON_DIR / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG)
    return {**os.environ, "IPYTHONDIR": str(IPYTHON_DIR)}


def command(root: Path, *, port: int | None = None, token: str | None = None, headless: bool = False) -> list[str]:
    """The `jupyter lab` command line for the notebooks under `root`."""
    cmd = [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        f"--ServerApp.root_dir={root}",
        f"--FileCheckpoints.checkpoint_dir={CHECKPOINTS}",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if headless:
        settings = Path(tempfile.mkdtemp(prefix="jindong-lab-settings-"))
        plugin = settings / "@jupyterlab" / "docmanager-extension"
        plugin.mkdir(parents=True)
        (plugin / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
        # every cell in the page, not only those scrolled into view, so a test sees the whole chapter
        tracker = settings / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        news = settings / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True)
        (news / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        cmd += [
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={tempfile.mkdtemp(prefix='jindong-lab-ws-')}",
            "--LabApp.expose_app_in_browser=True",
        ]
    return cmd


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "chapters"))
    args = ap.parse_args(argv)
    CHECKPOINTS.mkdir(parents=True, exist_ok=True)
    cmd = command(Path(args.folder))
    os.execve(cmd[0], cmd, environment())
    return 0


if __name__ == "__main__":
    sys.exit(main())
