"""The repository stands on its own: a clone with nothing beside it passes the tests that read
its fixtures, nothing in it reads a folder outside it, and a wheel built from it installs and
builds a brief."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from migration_briefs import paths

# Tests that read what the repository carries for them: the seed paper's Markdown, the upstream
# SDG files, the lock and the declarations.
FIXTURE_TESTS = [
    "tests/test_data.py::test_source_text_is_verbatim_and_complete",
    "tests/test_reference.py::test_sdg_and_country_tables_regenerate_identically",
    "tests/test_import_source.py::test_markdown_import_gives_the_transcriptions_texts_and_kinds_in_order",
    "tests/test_environment.py",
    "tests/test_papers.py::test_each_source_text_is_what_import_source_makes_of_the_paper",
    "tests/test_papers.py::test_pdf_and_word_versions_import_as_the_readme_says",
]


def clone(target: Path) -> Path:
    """A `git clone` of the checkout's last commit, as a new user makes one."""
    if not (paths.ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(paths.ROOT), str(target)], check=True,
                   capture_output=True, timeout=120)
    return target


def test_nothing_reads_a_folder_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files", "src", "tests", "Makefile", ".ci", "tools"], cwd=paths.ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert len(tracked) > 20
    # Spelled in parts, so that this file does not match: `shared` is the folder developers have
    # beside the checkout, and ROOT's parent is wherever a clone happens to lie.
    beside = "shared"
    outside = (f"../{beside}", f'parent / "{beside}"', "ROOT" + ".parent")
    found = [f"{name}: {needle}" for name in tracked if (paths.ROOT / name).is_file()
             for needle in outside if needle in (paths.ROOT / name).read_text(encoding="utf-8", errors="replace")]
    assert found == []


def test_a_clone_with_nothing_beside_it_passes_the_tests_that_read_its_fixtures(tmp_path):
    alone = tmp_path / "alone"
    repository = clone(alone / "migration-briefs")
    assert [p.name for p in alone.iterdir()] == ["migration-briefs"]
    # The clone's own package, not the checkout's that .venv has installed in editable mode.
    env = {key: value for key, value in os.environ.items() if key != "MIGRATION_BRIEFS_ROOT"}
    env["PYTHONPATH"] = str(repository / "src")
    root = subprocess.run([sys.executable, "-c", "from migration_briefs import paths; print(paths.ROOT)"],
                          env=env, cwd=repository, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(root) == repository
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
                             *FIXTURE_TESTS], env=env, cwd=repository, capture_output=True, text=True, timeout=600)
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:]
    assert "passed" in summary and "skipped" not in summary and "deselected" not in summary, summary


@pytest.mark.slow
def test_a_wheel_built_from_the_repository_installs_and_builds_a_brief(tmp_path):
    """The wheel carries everything the package reads (templates, the house style); installed in
    a fresh virtual environment it builds the same brief as the checkout. The fresh environment
    gets its dependencies from the project's .venv (a path in a .pth file, and JUPYTER_PATH for
    the data files nbconvert installs beside them: no network, and not the checkout's editable
    install), and the wheel itself with pip --no-index."""
    repository = clone(tmp_path / "repository")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--wheel-dir", str(dist), str(repository)], check=True, capture_output=True,
                   timeout=300)
    [wheel] = dist.glob("migration_briefs-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    installed = site / "migration_briefs"
    assert (installed / "styles" / "brief.mplstyle").is_file()
    assert (installed / "templates" / "brief" / "brief.css").is_file()

    project = tmp_path / "project"
    shutil.copytree(paths.DATA_DIR, project / "data")
    shutil.copytree(paths.NOTEBOOKS_DIR, project / "notebooks")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["MIGRATION_BRIEFS_ROOT"] = str(project)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")  # nbconvert's base templates, with its package
    where = subprocess.run([str(python), "-c", "import migration_briefs; print(migration_briefs.__file__)"],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).parent == installed
    result = subprocess.run([str(venv / "bin" / "briefs"), "build", "--year", "2016", "--agency", "un-women",
                             "--goal", "8", "--jobs", "1"], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and result.stdout.strip() == "built 1, up to date 0, failed 0", result.stderr

    from migration_briefs.pipeline.run import Filters, build
    reference = tmp_path / "reference"
    shutil.copytree(project / "data", reference / "data")
    shutil.copytree(project / "notebooks", reference / "notebooks")
    assert not build(Filters(year=2016, agency="un-women", goal=8), root=reference).failed
    for suffix in ("html", "pdf"):
        name = f"un-women/2016/goal-8.{suffix}"
        assert (project / "build" / name).read_bytes() == (reference / "build" / name).read_bytes(), name
