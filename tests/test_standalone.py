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
from tests.projects import REPOSITORY

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
    if not (REPOSITORY / ".git").exists():
        pytest.skip("not a git checkout")
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPOSITORY), str(target)], check=True,
                   capture_output=True, timeout=120)
    return target


def test_nothing_reads_a_folder_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files", "src", "tests", "Makefile", ".ci", "tools"], cwd=REPOSITORY,
                             capture_output=True, text=True, check=True).stdout.split()
    assert len(tracked) > 20
    # Spelled in parts, so that this file does not match: `shared` is the folder developers have
    # beside the checkout, and ROOT's parent is wherever a clone happens to lie.
    beside = "shared"
    outside = (f"../{beside}", f'parent / "{beside}"', "ROOT" + ".parent")
    found = [f"{name}: {needle}" for name in tracked if (REPOSITORY / name).is_file()
             for needle in outside if needle in (REPOSITORY / name).read_text(encoding="utf-8", errors="replace")]
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


@pytest.mark.slow
def test_pip_install_in_a_fresh_environment_then_briefs_works_inside_the_checkout(tmp_path):
    """`pip install .` into a new virtual environment, then `briefs validate` and `briefs build`
    inside the checkout (from a subfolder too), with nothing naming the project: briefs finds it
    as git finds a repository. Outside any checkout it says where it looked.

    Offline and quick: the environment's dependencies come from the project's .venv, not from an
    index. `python -m venv --system-site-packages` would show the new environment the site-packages
    of the interpreter .venv was made from, not .venv's own, and uv is not among the project's
    packages; so the new environment (made without pip) gets .venv's site-packages as a line of a
    .pth file, which puts them after its own: the package it imports is the one pip installed. pip
    (.venv's, aimed at the new environment with --python) builds and installs the checkout with
    --no-deps --no-index and the setuptools .venv has (--no-build-isolation). JUPYTER_PATH names
    .venv's share/jupyter, where nbconvert's templates were installed beside its package."""
    checkout = clone(tmp_path / "checkout")
    shutil.rmtree(checkout / "data")  # the tests' data, never data/ (tests/projects.py): a checkout whatever it holds
    shutil.copytree(paths.DATA_DIR, checkout / "data")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                                "--no-deps", "--no-index", "--no-build-isolation", "."], cwd=checkout,
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    [metadata] = site.glob("migration_briefs-*.dist-info/METADATA")
    extras = {line.split(": ", 1)[1] for line in metadata.read_text().splitlines() if line.startswith("Provides-Extra")}
    assert {"import", "draft", "review"} <= extras

    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", paths.ROOT_VARIABLE)}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    briefs = str(venv / "bin" / "briefs")
    where = subprocess.run([str(python), "-c", "import migration_briefs; print(migration_briefs.__file__)"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).parent == site / "migration_briefs"

    validated = subprocess.run([briefs, "validate"], env=env, cwd=checkout / "notebooks", capture_output=True,
                               text=True, timeout=300)
    assert validated.returncode == 0 and validated.stdout.startswith("Data OK: "), validated.stderr
    built = subprocess.run([briefs, "build", "--year", "2016", "--agency", "un-women", "--goal", "8", "--jobs", "1"],
                           env=env, cwd=checkout, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0 and built.stdout.strip() == "built 1, up to date 0, failed 0", built.stderr
    for suffix in ("html", "pdf", "items.csv"):
        assert (checkout / "build" / "un-women" / "2016" / f"goal-8.{suffix}").is_file(), suffix

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    lost = subprocess.run([briefs, "validate"], env=env, cwd=outside, capture_output=True, text=True, timeout=300)
    assert lost.returncode == 2 and lost.stderr.startswith(
        f"No migration briefs project found: neither {outside.resolve()} nor any folder above it holds both "
        "data/ and notebooks/;"), lost.stderr
    named = subprocess.run([briefs, "--project", str(checkout), "list", "--year", "2016", "--goal", "8"], env=env,
                           cwd=outside, capture_output=True, text=True, timeout=300)
    assert named.returncode == 0 and named.stdout.split() == ["un-women/2016/goal-8", "up", "to", "date"], named.stderr
