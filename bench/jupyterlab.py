"""Open every notebook in JupyterLab, in headless Chromium, save it, and count what that changed:
the lines JupyterLab wrote into the files, the lines `git diff` shows, and the briefs a build
then makes again. The notebooks are in JupyterLab's own form and git strips what a run adds, so
the last two should be 0 (README, "The notebooks").

In a scratch copy of the project (data/ and notebooks/, or with --before REV the notebooks of git
revision REV as well, side by side, in one run): a git repository with one commit, git's filter
for notebooks set as `make setup` sets it (not for REV: no filter was set then), every brief
built. Then JupyterLab, started from this Python as `make lab` starts it, opens each notebook:
whether a "Select Kernel" dialog appears, the seconds until its kernel is idle; with --run, Run
All Cells; then File > Save. Last, `git diff --numstat` and the briefs a build makes.

Usage: .venv/bin/python bench/jupyterlab.py [--run] [--before REV] [--jobs 2]
Needs Debian's Chromium (/usr/bin/chromium; apt-get install chromium) and Playwright (make setup).
"""
from __future__ import annotations

import argparse
import difflib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from tests.jupyterlab_server import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_when_up  # noqa: E402

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
TIMEOUT_MS = 120_000  # what a notebook may take to open, run or save


@dataclass
class Figures:
    notebooks: int = 0
    dialogs: list[str] = field(default_factory=list)  # notebooks that asked for a kernel
    seconds_to_idle: list[float] = field(default_factory=list)
    lines_written: int = 0  # lines of the notebooks' files that differ from the commit
    lines_in_git_diff: int = 0
    rebuilt: list[str] = field(default_factory=list)  # briefs a build made again
    raised: list[str] = field(default_factory=list)  # notebooks a cell of which raised, run in JupyterLab


def _load_notebooks_tool():
    import importlib.util
    spec = importlib.util.spec_from_file_location("notebooks", REPOSITORY / "tools" / "notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def commit(root: Path, with_filter: bool) -> None:
    """Make `root` a git repository holding the project in one commit, with git's filter for
    notebooks set as `make setup` sets it (or none)."""
    git(root, "init", "-q")
    (root / ".gitignore").write_text("/build/\n.ipynb_checkpoints/\n")
    if with_filter:
        shutil.copy(REPOSITORY / ".gitattributes", root / ".gitattributes")
        _load_notebooks_tool().install_filter(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the project")


def _changed_lines(before: str, after: str) -> int:
    return sum(1 for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---")))


def _shut_down_kernels(address: str, token: str) -> None:
    def call(method: str, path: str):
        request = urllib.request.Request(f"{address}{path}", method=method,
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
        return json.loads(body) if body else None
    for session in call("GET", "/api/sessions"):
        call("DELETE", f"/api/sessions/{session['id']}")


def open_and_save(root: Path, scratch: Path, run: bool, log=print) -> Figures:
    """Open each notebook of the project at `root` in JupyterLab, (run it,) save it; what that did
    to the files (the build is counted by `rebuilt`)."""
    from playwright.sync_api import sync_playwright
    figures = Figures()
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    committed = {path: git(root, "show", f"HEAD:notebooks/{path.name}") for path in notebooks}
    with jupyterlab(root, scratch) as (address, token), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for path in notebooks:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(TIMEOUT_MS)
                started = time.monotonic()
                open_when_up(page, f"{address}/lab/tree/notebooks/{path.name}?reset&token={token}", tries=240)
                page.wait_for_selector(".jp-Notebook .jp-Cell")
                page.wait_for_function("() => document.querySelector('.jp-Dialog') || "
                                       "document.body.innerText.includes('| Idle')")
                if page.locator(".jp-Dialog").count():
                    figures.dialogs.append(path.name)
                    page.keyboard.press("Enter")  # take the kernel it offers, as a person would
                    page.wait_for_function("() => document.body.innerText.includes('| Idle')")
                figures.seconds_to_idle.append(time.monotonic() - started)
                if run:
                    page.get_by_role("menuitem", name="Run", exact=True).click()
                    page.get_by_text("Run All Cells", exact=True).click()
                    page.wait_for_function("() => [...document.querySelectorAll('.jp-InputPrompt')]"
                                           ".every(p => !p.innerText.includes('*'))")
                    page.wait_for_function("() => document.body.innerText.includes('| Idle')")
                before = path.stat().st_mtime_ns
                page.get_by_role("menuitem", name="File", exact=True).click()
                page.get_by_text("Save Notebook", exact=True).first.click()
                for _ in range(TIMEOUT_MS // 250):
                    if path.stat().st_mtime_ns != before:
                        break
                    page.wait_for_timeout(250)
                else:
                    raise RuntimeError(f"JupyterLab did not save {path.name}; see {scratch / 'lab.log'}")
                page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')")
                page.close()
                _shut_down_kernels(address, token)
                figures.notebooks += 1
                log(f"  {path.name}: saved, {figures.seconds_to_idle[-1]:.1f} s to an idle kernel")
        finally:
            browser.close()
    figures.lines_written = sum(_changed_lines(committed[p], p.read_text(encoding="utf-8")) for p in notebooks)
    figures.raised = [p.name for p in notebooks if any(output.get("output_type") == "error"
                      for cell in json.loads(p.read_text(encoding="utf-8"))["cells"] for output in cell.get("outputs", []))]
    numstat = git(root, "diff", "--numstat", "--", "notebooks")
    figures.lines_in_git_diff = sum(int(added) + int(removed) for added, removed, _ in
                                    (line.split("\t", 2) for line in numstat.splitlines()))
    return figures


def rebuilt(root: Path, jobs: int) -> list[str]:
    """The briefs a build of `root` makes (none, when every brief is up to date)."""
    from migration_briefs.pipeline.run import build
    report = build(root=root, jobs=jobs, log=lambda _line: None)
    assert not report.failed, [f.error for f in report.failed]
    return sorted(report.built)


def project_copy(base: Path, revision: str | None) -> Path:
    """data/ and notebooks/ of the checkout; the notebooks (with their words) of `revision`."""
    shutil.copytree(REPOSITORY / "data", base / "data")
    if revision is None:
        shutil.copytree(REPOSITORY / "notebooks", base / "notebooks", ignore=shutil.ignore_patterns(".*"))
    else:
        archive = subprocess.run(["git", "archive", "--format=tar", revision, "notebooks"], cwd=REPOSITORY,
                                 check=True, capture_output=True).stdout
        archive_path = base / "notebooks.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(base, filter="data")
        archive_path.unlink()
    return base


def measure(root: Path, scratch: Path, with_filter: bool, run: bool, jobs: int, log=print) -> Figures:
    """The whole procedure on the project at `root` (not yet a git repository)."""
    commit(root, with_filter)
    log(f"  building every brief of {root} ...")
    rebuilt(root, jobs)
    figures = open_and_save(root, scratch, run, log)
    figures.rebuilt = rebuilt(root, jobs)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run", action="store_true", help="run every cell before saving")
    parser.add_argument("--before", metavar="REV", help="also measure the notebooks of git revision REV, unfiltered")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        print("Debian's Chromium is needed: apt-get install chromium", file=sys.stderr)
        return 2
    rows = []
    for label, revision in ([(f"notebooks of {args.before}, no filter", args.before)] if args.before else []) + \
            [("notebooks of the working tree, with the filter", None)]:
        with tempfile.TemporaryDirectory(prefix="bench-jupyterlab-") as scratch:
            root = project_copy(Path(scratch) / "project", revision)
            print(f"{label}:")
            started = time.monotonic()
            figures = measure(root, Path(scratch), revision is None, args.run, args.jobs)
            rows.append((label, figures, time.monotonic() - started))
    print(f"\nOpened{' and run' if args.run else ''} in JupyterLab, then saved, each notebook:")
    print("| notebooks | asked for a kernel | seconds to an idle kernel (median) | a cell raised | lines written | "
          "lines in git diff | briefs rebuilt | what |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, figures, _seconds in rows:
        idle = sorted(figures.seconds_to_idle)[len(figures.seconds_to_idle) // 2] if figures.seconds_to_idle else 0
        print(f"| {figures.notebooks} | {len(figures.dialogs)} | {idle:.1f} | {len(figures.raised)} | "
              f"{figures.lines_written} | {figures.lines_in_git_diff} | {len(figures.rebuilt)} | {label} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
