"""The build under faults and hostile input: no file outside build/ is touched, nothing is lost
silently, every error is one sentence with an exit code, and two builds never break each other.

Every case works on a copy of one built scratch project (one agency, 2016 and 2017: eight
briefs), so the suite builds it once."""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from migration_briefs.pipeline.inputs import file_hashes, plan_hash
from migration_briefs.pipeline.lock import build_lock
from migration_briefs.pipeline.manifest import MANIFEST_VERSION, read_manifest, write_manifest
from migration_briefs.pipeline.run import Filters, build

from .test_build import make_root, outputs

ALL_BRIEFS = ["un-women/2016/country-mex", "un-women/2016/goal-10", "un-women/2016/goal-5", "un-women/2016/goal-8",
              "un-women/2016/mechanism-cmw", "un-women/2016/mechanism-gmg", "un-women/2016/overview",
              "un-women/2017/goal-5", "un-women/2017/overview"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project with one agency, fully built: 'all' is then built only on request."""
    root = make_root(tmp_path_factory.mktemp("built"))
    shutil.rmtree(root / "data" / "contributions" / "iom")
    report = build(jobs=2, root=root)
    assert sorted(report.built) == ALL_BRIEFS and not report.failed, [f.error for f in report.failed]
    return root


@pytest.fixture
def copy(built, tmp_path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(built, root)
    return root


PROGRESS_LINE = re.compile(r"^\[\d+/\d+\] .*\n?", re.M)  # tests/test_progress.py reads them


def briefs(root: Path, *args: str, user: list[str] = (), **kwargs) -> subprocess.CompletedProcess:
    """Run the `briefs` command on a project, as a user would; its standard error without the
    progress lines a build writes there when it is not a terminal (`progress` holds them)."""
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    result = subprocess.run([*user, sys.executable, "-m", "migration_briefs.cli", *args], env=env,
                            capture_output=True, text=True, **kwargs)
    result.progress = PROGRESS_LINE.findall(result.stderr)
    result.stderr = PROGRESS_LINE.sub("", result.stderr)
    return result


def start_briefs(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    return subprocess.Popen([sys.executable, "-m", "migration_briefs.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_for_lock_holder(root: Path, process: subprocess.Popen) -> None:
    """Until `process` holds the build lock (it writes its pid into build/.lock)."""
    lock = root / "build" / ".lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if lock.is_file() and lock.read_text().strip() == str(process.pid):
            return
        time.sleep(0.02)
    pytest.fail(f"the build never took the lock (exit {process.poll()})")


def build_workers(pid: int) -> list[int]:
    """The build workers of the build process `pid`: its children, not the kernels it started for them."""
    workers = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            if b"ipykernel" not in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.append(int(child))
        except FileNotFoundError:  # gone meanwhile
            pass
    return workers


# A cell that kills the build's workers (the build process is its kernel's parent: it starts the
# workers' kernels before forking them, engine.py)
KILL_WORKERS = ('import os, signal\n'
                'build = os.getppid()\n'
                'for pid in open(f"/proc/{build}/task/{build}/children").read().split():\n'
                '    if b"ipykernel" not in open(f"/proc/{pid}/cmdline", "rb").read():\n'
                '        os.kill(int(pid), signal.SIGKILL)\n')


def edit_manifest(root: Path, change) -> None:
    path = root / "build" / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def edit_cell(root: Path, notebook: str, cell_source: str, prefix: str) -> int:
    """Put `prefix` before the cell whose source is `cell_source`; its number as JupyterLab shows it."""
    path = root / "notebooks" / notebook
    nb = json.loads(path.read_text())
    number, cell = next((i, c) for i, c in enumerate(nb["cells"], 1) if "".join(c["source"]) == cell_source)
    cell["source"] = prefix + cell_source
    path.write_text(json.dumps(nb))
    return number


def briefs_only(build_dir: Path) -> dict[str, bytes]:
    """The briefs' outputs, without the index (which lists what the manifest records)."""
    return {name: content for name, content in outputs(build_dir).items() if name != "index.html"}


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


# --- the manifest ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_manifest_keys_leading_outside_build_delete_nothing(copy, tmp_path):
    outside = tmp_path / "outside"
    (outside / "2017").mkdir(parents=True)
    victims = [outside / "victim.html", outside / "victim.pdf", outside / "2017" / "goal-5.html"]
    for victim in victims:
        victim.write_text("keep me")
    (copy / "build" / "linked").symlink_to(outside, target_is_directory=True)
    entry = read_manifest(copy / "build")["briefs"]["un-women/2017/goal-5"]
    edit_manifest(copy, lambda m: m["briefs"].update({
        str(outside / "victim"): entry, "../../outside/victim": entry, "linked/2017/goal-5": entry}))
    result = briefs(copy, "build", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert all(victim.read_text() == "keep me" for victim in victims)
    warnings = [line for line in result.stderr.splitlines() if "build/manifest.json" in line]
    assert len(warnings) == 3 and all("ignored" in line for line in warnings), result.stderr
    assert set(read_manifest(copy / "build")["briefs"]) == set(ALL_BRIEFS)


@pytest.mark.slow
def test_a_corrupt_manifest_is_set_aside_and_its_briefs_rebuilt(copy):
    before = briefs_only(copy / "build")
    content = b"\x89PNG\r\n\x1a\n\x00\xff\xfe random bytes"
    (copy / "build" / "manifest.json").write_bytes(content)
    result = briefs(copy, "build", "--jobs", "1", "--year", "2017", "--goal", "5")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert result.stderr.startswith("build/manifest.json: not a build manifest") and "\n" not in result.stderr.strip()
    assert "set aside as build/manifest.json.corrupt" in result.stderr
    assert (copy / "build" / "manifest.json.corrupt").read_bytes() == content
    assert result.stdout.strip() == "built 1, up to date 0, failed 0"
    assert [line.split()[:2] for line in result.progress] == [["[1/1]", "un-women/2017/goal-5"]]  # in a log too
    assert briefs_only(copy / "build") == before
    assert list(read_manifest(copy / "build")["briefs"]) == ["un-women/2017/goal-5"]


@pytest.mark.parametrize("content", [
    '[1, 2, 3]', '{"version": 2, "briefs": []}', '{"version": 3, "briefs": {}}',
    '{"version": 2, "briefs": {"un-women/2017/goal-5": {"outputs": "html"}}}',
    '{"version": 2, "briefs": {"un-women/2017/goal-5": {"key": "k", "title": "t", "agency_name": "a", '
    '"outputs": {"../../x": "00"}}}}',
    '{"version": 2, "briefs": {}, "plan": []}',
], ids=["a-list", "briefs-a-list", "another-version", "entry-of-the-wrong-shape", "an-unknown-output", "plan-a-list"])
def test_a_manifest_of_the_wrong_shape_is_set_aside_in_one_line(tmp_path, content):
    (tmp_path / "manifest.json").write_text(content)
    warnings = []
    assert read_manifest(tmp_path, warn=warnings.append, set_aside=True)["briefs"] == {}
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path.name}/manifest.json: not a build manifest (")
    assert (tmp_path / "manifest.json.corrupt").read_text() == content and not (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("content", [b'{"version": 2, "briefs": {\xff}}', b"[" * 100_000, b'{"version": NaN}', b"{"],
                         ids=["not-utf-8", "nested-too-deep", "not-a-number", "cut-short"])
def test_a_manifest_that_is_not_json_is_set_aside_in_one_line(tmp_path, content):
    (tmp_path / "manifest.json").write_bytes(content)
    warnings = []
    assert read_manifest(tmp_path, warn=warnings.append, set_aside=True)["briefs"] == {}
    shown = f"{tmp_path.name}/manifest.json"
    assert warnings == [f"{shown}: not a build manifest (it is not JSON (JSONDecodeError)); "
                        f"set aside as {shown}.corrupt; the briefs it recorded are rebuilt"]
    assert (tmp_path / "manifest.json.corrupt").read_bytes() == content


def test_the_manifest_is_written_as_the_standard_librarys_indented_json(tmp_path):
    entry = {"parameters": {"goal": 5, "year": 2016}, "title": "Ĝoal «5»\u2028\x07\t\"x\" 🌍", "stat": [1, 2.5, -0.0],
             "outputs": {"html": "0" * 64}, "meetings": [], "also_covers": None, "versions": {"b": True, "a": False}}
    manifest = {"version": MANIFEST_VERSION, "briefs": {"un-women/2016/goal-5": entry, "a/2016/goal-1": {}}}
    write_manifest(tmp_path, manifest)
    assert (tmp_path / "manifest.json").read_bytes() == \
        (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def test_every_field_the_build_writes_for_a_brief_is_read_back(tmp_path):
    # The index reads `also_covers` from the manifest: dropped on reading, a build with nothing
    # to do wrote an index without the overview's "Also covers" lines.
    entry = {"kind": "overview", "parameters": {"agency": "un-women", "year": 2016}, "title": "t",
             "agency_name": "UN Women", "also_covers": "Goal 3 (1 item)", "key": "k", "versions": {"python": "3"},
             "inputs": {"data/x.yaml": "0" * 64}, "outputs": {"html": "0" * 64}, "pages": 2}
    manifest = {"version": 2, "briefs": {"un-women/2016/overview": entry}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert read_manifest(tmp_path)["briefs"]["un-women/2016/overview"] == entry


@pytest.mark.slow
def test_a_no_op_build_records_a_changed_plan_so_the_next_reads_no_data(copy):
    # A second agency's file changes the plan but none of un-women's briefs.
    (copy / "data" / "contributions" / "iom").mkdir()
    text = (copy / "data" / "contributions" / "un-women" / "2017.yaml").read_text()
    (copy / "data" / "contributions" / "iom" / "2017.yaml").write_text(text.replace("agency: un-women", "agency: iom"))
    assert build(Filters(agency="un-women"), root=copy).built == []
    assert read_manifest(copy / "build")["plan"]["hash"] == plan_hash(file_hashes(copy))
    assert no_op_imports(copy, "--agency", "un-women") == "built 0, up to date 9, failed 0 []"


@pytest.mark.slow
def test_a_no_op_build_leaves_the_manifest_as_it_is_and_a_build_that_tidies_it_writes_it(copy):
    manifest = copy / "build" / "manifest.json"
    assert build(root=copy).built == []  # the first no-op may record the plan
    stamp = manifest.stat().st_mtime_ns, manifest.stat().st_ino
    assert build(root=copy).built == []
    assert (manifest.stat().st_mtime_ns, manifest.stat().st_ino) == stamp, "nothing changed, nothing written"
    junk = json.loads(manifest.read_text())
    junk["note"] = "added by hand"
    manifest.write_text(json.dumps(junk))
    assert build(root=copy).built == []
    assert "note" not in json.loads(manifest.read_text()), "what reading drops, the next write drops too"


def no_op_imports(root: Path, *args: str) -> str:
    """A build through the command line, and which heavy modules it imported."""
    code = ("import sys; from migration_briefs.cli import main; code = main(sys.argv[1:]); "
            "print(sorted(m for m in ('papermill', 'nbconvert', 'pandas', 'pydantic') if m in sys.modules))")
    env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
    result = subprocess.run([sys.executable, "-c", code, "build", *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split("\n")).strip()


# --- briefs built on request ----------------------------------------------------------------------

@pytest.mark.slow
def test_building_agency_all_twice_keeps_its_briefs_and_reads_no_data(copy):
    first = briefs(copy, "build", "--agency", "all", "--year", "2017", "--jobs", "1")
    assert first.returncode == 0 and first.stdout.strip() == "built 2, up to date 0, failed 0", first.stderr
    assert no_op_imports(copy, "--agency", "all", "--year", "2017") == "built 0, up to date 2, failed 0 []"
    for name in ("goal-5", "overview"):
        assert {p.suffix for p in (copy / "build" / "all" / "2017").glob(f"{name}.*")} == {".html", ".pdf", ".ipynb", ".csv"}
    assert {"all/2017/goal-5", "all/2017/overview"} <= set(read_manifest(copy / "build")["briefs"])
    assert 'href="all/2017/goal-5.pdf"' in (copy / "build" / "index.html").read_text()
    full = briefs(copy, "build", "--jobs", "1")  # a brief asked for stays while the data can make it
    assert full.stdout.strip() == "built 0, up to date 11, failed 0", full.stderr
    assert (copy / "build" / "all" / "2017" / "overview.pdf").is_file()


# --- the kernel -------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("engine", ["warm", "fresh"])
def test_a_dead_kernel_fails_only_its_brief_and_names_the_cell(copy, engine):
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              'import os\nif year == 2016:\n    os._exit(1)\n')
    cells = json.loads((copy / "notebooks" / "goal_brief.ipynb").read_text())["cells"]
    number = next(i for i, c in enumerate(cells) if "os._exit" in "".join(c["source"])) + 1
    report = build(Filters(goal=5), jobs=1, root=copy, engine=engine)  # 2016 first, then 2017
    assert report.built == ["un-women/2017/goal-5"]
    [failure] = report.failed
    assert failure.relpath == "un-women/2016/goal-5"
    assert failure.error.startswith("un-women/2016/goal-5 failed (agency='un-women', year=2016, goal='5'): "
                                    f"the kernel died in cell {number} of notebooks/goal_brief.ipynb (`import os`)")
    assert "build/un-women/2016/goal-5.failed.ipynb" in failure.error
    saved = json.loads((copy / "build" / "un-women" / "2016" / "goal-5.failed.ipynb").read_text())
    assert any(output.get("output_type") in ("display_data", "execute_result")
               for cell in saved["cells"] for output in cell.get("outputs", []))


@pytest.mark.slow
def test_a_killed_build_worker_fails_its_briefs_and_the_summary_is_still_printed(copy):
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              'if str(goal) == "8":\n    exec(' + repr(KILL_WORKERS) + ')\n')
    result = briefs(copy, "build", "--year", "2016", "--jobs", "2")
    assert result.returncode == 1
    no_traceback(result)
    assert "un-women/2016/goal-8 failed (agency='un-women', year=2016, goal='8'): its build worker died" in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("built ")


@pytest.mark.slow
def test_a_long_error_in_a_brief_is_reported_in_a_few_lines(copy):
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              'raise ValueError("\\n".join(f"line {i}" for i in range(60)))\n')
    report = build(Filters(year=2017, goal=5), jobs=1, root=copy)
    [failure] = report.failed
    assert len(failure.error.splitlines()) <= 5, failure.error
    assert "raised ValueError: line 0" in failure.error and "goal-5.failed.ipynb" in failure.error



@pytest.mark.slow
@pytest.mark.parametrize("payload, problem", [
    ('display({"image/png": "abc"}, raw=True)', "an image/png output whose data is not base64"),
    ('display({"image/jpeg": "/9j/4AAQ" + "A" * 64}, raw=True)', "a JPEG image that cannot be decoded"),
    ('display(HTML("<div>" * 3000 + "deep" + "</div>" * 3000))', "elements nested 3000 deep"),
])
def test_a_brief_its_renderer_cannot_take_fails_alone_in_one_line_and_keeps_its_outputs(copy, payload, problem):
    number = edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
                       f"#| fig-alt: two bars, 3 and 5\nfrom IPython.display import HTML\nif year == 2017:\n"
                       f"    {payload}\n")
    before = briefs_only(copy / "build")
    result = briefs(copy, "build", "--jobs", "2", timeout=600)
    assert result.returncode == 1 and result.stdout.strip() == "built 3, up to date 5, failed 1", result.stderr
    no_traceback(result)
    assert result.stderr.startswith(f"un-women/2017/goal-5 failed (agency='un-women', year=2017, goal='5'): it could "
                                    f"not be rendered: cell {number} of notebooks/goal_brief.ipynb: ")
    assert problem in result.stderr.splitlines()[0]
    assert len(result.stderr.strip().splitlines()) == 2  # the sentence, and where the executed notebook is
    after = briefs_only(copy / "build")
    assert {n: c for n, c in after.items() if n.startswith("un-women/2017/goal-5.")} == \
        {n: c for n, c in before.items() if n.startswith("un-women/2017/goal-5.")}


@pytest.mark.slow
def test_any_exception_while_rendering_fails_only_its_brief_and_replaces_none_of_its_outputs(copy, monkeypatch):
    import migration_briefs.render.exporters as render
    real = render.render_pdf

    def failing(html, base_url=None):
        if "brief-kind-goal" in html:  # the one goal brief of 2017
            raise KeyError("a library bug this content reaches")
        return real(html, base_url)
    monkeypatch.setattr(render, "render_pdf", failing)
    before = briefs_only(copy / "build")
    for name in ("goal-5", "overview"):
        csv = copy / "build" / "un-women" / "2017" / f"{name}.items.csv"
        csv.write_text(csv.read_text() + "an edit the build will undo\n")
    logged = []
    report = build(Filters(year=2017), jobs=1, root=copy, log=logged.append)
    assert report.built == ["un-women/2017/overview"] and [f.relpath for f in report.failed] == ["un-women/2017/goal-5"]
    [failure] = report.failed
    assert failure.error.startswith("un-women/2017/goal-5 failed (agency='un-women', year=2017, goal='5'): it could "
                                    "not be rendered: KeyError: 'a library bug this content reaches'")
    after = briefs_only(copy / "build")
    assert after["un-women/2017/goal-5.items.csv"].endswith(b"an edit the build will undo\n")  # not replaced
    assert all(after[n] == before[n] for n in before if n.startswith("un-women/2017/goal-5.") and
               not n.endswith(".items.csv"))



def test_a_brief_far_past_its_page_budget_gets_a_warning():
    from migration_briefs.pipeline.brief import BriefSpec, _far_past_budget
    goal = BriefSpec("un-women", 2017, "goal_brief", "goal-5", "goal", (("goal", "5"),))
    items = b"id,title\n" + b"".join(b"item-%d,A title\n" % n for n in range(3))
    assert _far_past_budget(goal, 8, items) is None  # twice the budget of 4 pages: long, not far past it
    assert _far_past_budget(goal, 118, items) == (
        "warning: un-women/2017/goal-5: 118 pages, more than 2 times its budget of 4 for 3 items (docs/building.md, "
        "\"Page budgets\"); show less in notebooks/goal_brief.ipynb (a summary, not every item in full)")
    overview = BriefSpec("un-women", 2017, "overview_brief", "overview", "overview", ())
    many = b"id,title\n" + b"".join(b"item-%d,A title\n" % n for n in range(40))  # a budget of 8 pages
    assert _far_past_budget(overview, 16, many) is None and "budget of 8 for 40 items" in _far_past_budget(
        overview, 17, many)
    assert _far_past_budget(goal, None, items) is None  # HTML only: no pages to count


@pytest.mark.slow
def test_a_brief_built_far_past_its_page_budget_is_built_with_a_warning(copy):
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              "if year == 2017:\n    display(Markdown('\\n\\n'.join(f'Paragraph {n}: ' + 'words of a long brief ' * 30 "
              "for n in range(400))))\n")
    result = briefs(copy, "build", "--year", "2017", "--jobs", "1", timeout=600)
    assert result.returncode == 0 and result.stdout.strip() == "built 1, up to date 1, failed 0", result.stderr
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("warning: un-women/2017/goal-5: ") and "more than 2 times its budget of 4" in warning

@pytest.mark.slow
def test_parameter_and_data_errors_raised_in_a_kernel_are_one_short_message(copy):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from migration_briefs.model.loader import load
    from migration_briefs.pipeline.engine import shutdown_kernels
    goals = ", ".join(load(copy).goals())  # before the data is broken below
    env_root = os.environ.get("MIGRATION_BRIEFS_ROOT")
    os.environ["MIGRATION_BRIEFS_ROOT"] = str(copy)
    messages = []
    try:
        for parameters in ({"goal": 99, "year": 2016, "agency": "un-women"},
                           {"goal": 5, "year": 2016, "agency": "un-women", "break_data": True}):
            if parameters.pop("break_data", False):
                contribution = copy / "data" / "contributions" / "un-women" / "2017.yaml"
                contribution.write_text(contribution.read_text().replace("status: done", "status: finished"))
            with pytest.raises(PapermillExecutionError) as raised:
                papermill.execute_notebook(str(copy / "notebooks" / "goal_brief.ipynb"), None, parameters=parameters,
                                           engine_name="warm", progress_bar=False, cwd=str(copy / "notebooks"))
            messages.append(str(raised.value).strip().splitlines())
    finally:
        shutdown_kernels()
        if env_root is None:
            os.environ.pop("MIGRATION_BRIEFS_ROOT")
        else:
            os.environ["MIGRATION_BRIEFS_ROOT"] = env_root
    goal, data = messages
    assert len(goal) <= 3 and goal[-1] == ("ParameterError: Parameter goal=99 is not an SDG goal; the goals the "
                                           f"data's work touches are: {goals}."), goal
    assert len(data) <= 6 and data[2] == "DataValidationError: 1 problem in the data:", data
    assert "data/contributions/un-women/2017.yaml:" in data[3] and "status" in data[3], data


# --- two builds -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_papermill_and_nbconvert_run_by_hand_report_a_failed_brief_in_a_sentence(tmp_path):
    """The README's commands for running one brief by hand: a bad parameter is the library's one
    sentence, not a traceback through papermill's or nbconvert's code."""
    from migration_briefs import paths
    from migration_briefs.model.loader import load
    tools = Path(sys.executable).parent
    executed = tmp_path / "goal-99.ipynb"
    ran = subprocess.run([tools / "papermill", paths.NOTEBOOKS_DIR / "goal_brief.ipynb", executed, "-p", "goal", "99",
                          "--no-progress-bar"], capture_output=True, text=True, timeout=300, cwd=paths.ROOT)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.strip().splitlines()[-1] == (
        "papermill: the notebook stopped at cell In [3]: ParameterError: Parameter goal=99 is not an SDG goal; "
        f"the goals the data's work touches are: {', '.join(load(paths.ROOT).goals())}.")
    rendered = subprocess.run([tools / "jupyter", "nbconvert", "--to", "brief_html", executed], capture_output=True,
                              text=True, timeout=300, cwd=tmp_path)
    assert rendered.returncode == 1 and "Traceback" not in rendered.stderr, rendered.stderr
    assert rendered.stderr.strip().splitlines()[-1].startswith(
        "jupyter-nbconvert: cell 5: the cell raised ParameterError: Parameter goal=99 is not an SDG goal")

@pytest.mark.slow
def test_two_builds_at_once_wait_for_each_other_and_lose_nothing(copy):
    for name in ("goal-5", "goal-8"):
        (copy / "build" / "un-women" / "2016" / f"{name}.html").unlink()  # work for the first build
    (copy / "build" / "un-women" / "2017" / "goal-5.pdf").unlink()  # and for the second
    first = start_briefs(copy, "build", "--year", "2016", "--jobs", "1")
    wait_for_lock_holder(copy, first)
    second = briefs(copy, "build", "--year", "2017", "--goal", "5", "--jobs", "1", timeout=120)
    first_out, first_err = first.communicate(timeout=120)
    assert (first.returncode, first_out.strip()) == (0, "built 2, up to date 5, failed 0"), first_err
    assert (second.returncode, second.stdout.strip()) == (0, "built 1, up to date 0, failed 0"), second.stderr
    assert f"process {first.pid}" in second.stderr and "waiting" in second.stderr
    again = build(jobs=1, root=copy)
    assert (again.built, len(again.up_to_date)) == ([], 9)
    assert sorted(p.name for p in (copy / "build").iterdir()) == [".lock", "index.html", "manifest.json",
                                                                  "sources", "un-women"]


@pytest.mark.slow
def test_a_build_told_not_to_wait_names_the_process_holding_the_lock(copy):
    with build_lock(copy / "build"):
        result = briefs(copy, "build", "--wait", "0")
    assert result.returncode == 3 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and f"process {os.getpid()}" in result.stderr, result.stderr


@pytest.mark.slow
def test_a_killed_build_leaves_no_lock_and_no_worker_or_kernel_behind(copy, tmp_path):
    notebook = copy / "notebooks" / "goal_brief.ipynb"
    original = notebook.read_bytes()
    children = tmp_path / "children"
    # Goal 8's kernel notes the build's children (its workers and their kernels) and kills the build
    # outright, which gives it no chance to end them; the other worker is then idle on its queue.
    kill_build = ('import os, signal\n'
                  'build = os.getppid()\n'
                  f'open({str(children)!r}, "w").write(open(f"/proc/{{build}}/task/{{build}}/children").read())\n'
                  'os.kill(build, signal.SIGKILL)\n')
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              'if str(goal) == "8":\n    exec(' + repr(kill_build) + ')\n')
    process = start_briefs(copy, "build", "--year", "2016", "--jobs", "2")
    try:
        assert process.wait(timeout=300) == -signal.SIGKILL
        left = [psutil.Process(int(pid)) for pid in children.read_text().split() if psutil.pid_exists(int(pid))]
        _, alive = psutil.wait_procs(left, timeout=30)
        assert not alive, f"still running after their build was killed: {alive}"
        with build_lock(copy / "build", wait=10):
            pass
    finally:
        with contextlib.suppress(ProcessLookupError):  # none is left when the workers did their part
            os.killpg(process.pid, signal.SIGKILL)
    notebook.write_bytes(original)
    report = build(jobs=1, root=copy)
    assert not report.failed and len(report.built) + len(report.up_to_date) == 9


# --- outputs ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_deleted_or_altered_source_page_is_rebuilt(copy):
    pages = sorted((copy / "build" / "sources").glob("*.html"))
    before = {page: page.read_bytes() for page in pages}
    pages[0].unlink()
    build(jobs=1, root=copy)
    assert {page: page.read_bytes() for page in pages} == before
    pages[0].write_text("altered")
    build(Filters(year=2017), jobs=1, root=copy)
    assert {page: page.read_bytes() for page in pages} == before


@pytest.mark.slow
def test_a_full_build_removes_orphaned_outputs_and_nothing_else(copy):
    build_dir = copy / "build"
    orphans = [build_dir / "un-women" / "2015" / "goal-3.html", build_dir / "un-women" / "2015" / "goal-3.ipynb",
               build_dir / "un-women" / "2016" / "goal-9.failed.ipynb", build_dir / "gone" / "2016" / "overview.pdf"]
    kept = [build_dir / "un-women" / "2016" / "notes.txt", build_dir / "un-women" / "2016" / "My copy.html",
            build_dir / "un-women" / "2016" / "goal-5.html.bak", build_dir / "un-women" / "draft.html",
            build_dir / "elsewhere.html"]
    for path in orphans + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert build(Filters(year=2016), jobs=1, root=copy).built == []
    assert all(path.is_file() for path in orphans + kept)  # a narrowed build removes nothing
    report = build(jobs=1, root=copy)
    assert report.built == [] and sorted(report.removed) == sorted(
        p.relative_to(build_dir).as_posix() for p in orphans)
    assert not any(path.exists() for path in orphans) and all(path.is_file() for path in kept)
    assert not (build_dir / "un-women" / "2015").exists() and not (build_dir / "gone").exists()


@pytest.mark.slow
def test_a_stale_failed_notebook_goes_once_its_brief_is_up_to_date(copy):
    failed = copy / "build" / "un-women" / "2017" / "goal-5.failed.ipynb"
    failed.write_text("{}")  # left by a failure of an edit that was since undone
    report = build(Filters(year=2017, goal=5), jobs=1, root=copy)
    assert report.up_to_date == ["un-women/2017/goal-5"] and not failed.exists()
    listing = briefs(copy, "list", "--year", "2017", "--goal", "5")
    assert listing.stdout.split() == ["un-women/2017/goal-5", "up", "to", "date"]


# --- the file system --------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_read_only_build_folder_is_one_sentence_and_exit_3(built):
    scratch = Path(tempfile.mkdtemp(prefix="read-only-"))
    try:
        root = scratch / "project"
        shutil.copytree(built, root)
        append(root / "notebooks" / "goal_brief.ipynb", " ")
        before = outputs(root / "build")
        if os.geteuid() == 0:  # root writes anywhere: build as an unprivileged user instead
            for folder in [scratch, *(p for p in scratch.rglob("*") if p.is_dir())]:
                folder.chmod(0o755)  # readable, and writable only by root
            user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        else:
            for path in [root / "build", *(root / "build").rglob("*")]:
                path.chmod(0o555 if path.is_dir() else 0o444)
            user = []
        result = briefs(root, "build", "--jobs", "2", user=user)
        assert result.returncode == 3
        no_traceback(result)
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("build/"), result.stderr
        assert outputs(root / "build") == before
    finally:
        for folder in [scratch, *(p for p in scratch.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        shutil.rmtree(scratch)


@pytest.mark.slow
def test_a_file_where_a_brief_folder_should_be_fails_its_briefs_in_one_sentence_each(copy):
    shutil.rmtree(copy / "build" / "un-women" / "2016")
    (copy / "build" / "un-women" / "2016").write_text("in the way")
    result = briefs(copy, "build", "--jobs", "2")
    assert result.returncode == 3
    no_traceback(result)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 7 and all(line.startswith("un-women/2016/") and "build/un-women/2016: a file is where a folder is needed" in line
                                    for line in errors), result.stderr
    assert result.stdout.strip() == "built 0, up to date 2, failed 7"


@pytest.mark.slow
@pytest.mark.parametrize("blocked", ["sources", ".lock"])
def test_a_folder_or_file_in_the_way_of_the_build_is_one_sentence_and_exit_3(copy, blocked):
    path = copy / "build" / blocked
    if path.is_dir():
        shutil.rmtree(path)
        path.write_text("in the way")
    else:
        path.unlink(missing_ok=True)
        path.mkdir()
    result = briefs(copy, "build", "--jobs", "2")
    assert result.returncode == 3
    no_traceback(result)
    assert result.stderr.startswith(f"build/{blocked}") and len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["link", "dangling link", "FIFO", "hard link to a contribution file"])
def test_a_lock_file_that_is_a_link_or_a_fifo_is_one_sentence_and_exit_3(copy, tmp_path, kind):
    victim = tmp_path / "notes.txt"
    victim.write_text("my notes\n")
    contribution = copy / "data" / "contributions" / "un-women" / "2017.yaml"
    kept = contribution.read_bytes()
    lock = copy / "build" / ".lock"
    lock.unlink(missing_ok=True)
    {"link": lambda: lock.symlink_to(victim), "dangling link": lambda: lock.symlink_to(tmp_path / "new"),
     "FIFO": lambda: os.mkfifo(lock), "hard link to a contribution file": lambda: os.link(contribution, lock)}[kind]()
    result = briefs(copy, "build", "--jobs", "1", timeout=60)
    assert result.returncode == 3
    no_traceback(result)
    assert result.stderr.startswith("build/.lock: it is a ") and len(result.stderr.strip().splitlines()) == 1
    assert victim.read_text() == "my notes\n" and not (tmp_path / "new").exists()
    assert contribution.read_bytes() == kept


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["FIFO", "link to /dev/zero", "link to a file outside", "folder"])
def test_a_manifest_that_is_not_a_regular_file_is_set_aside_and_the_build_goes_on(copy, tmp_path, kind):
    victim = tmp_path / "notes.txt"
    victim.write_text("my notes\n")
    manifest = copy / "build" / "manifest.json"
    manifest.unlink()
    {"FIFO": lambda: os.mkfifo(manifest), "link to /dev/zero": lambda: manifest.symlink_to("/dev/zero"),
     "link to a file outside": lambda: manifest.symlink_to(victim), "folder": manifest.mkdir}[kind]()
    result = briefs(copy, "build", "--year", "2017", "--jobs", "1", timeout=120)
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.strip().splitlines()
    assert warning.startswith("build/manifest.json: not a build manifest (it is ") and "set aside" in warning
    assert manifest.is_file() and not manifest.is_symlink() and victim.read_text() == "my notes\n"


# --- time limits and Ctrl-C --------------------------------------------------------------------

ENDLESS = {"busy loop": "while True:\n    pass\n", "sleep": "import time\nwhile True:\n    time.sleep(1)\n",
           "blocking read": "import os\nos.read(os.pipe()[0], 1)\n"}


@pytest.mark.slow
@pytest.mark.parametrize("endless", ["busy loop", "blocking read"])
def test_a_cell_past_the_time_limit_fails_its_brief_and_the_build_goes_on(copy, endless):
    cell = edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()", 'if year == 2017:\n    ' +
                     ENDLESS[endless].replace("\n", "\n    ").rstrip() + "\n")
    result = briefs(copy, "build", "--year", "2017", "--goal", "5", "--jobs", "1", "--cell-timeout", "2",
                    timeout=120)
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert result.stderr.startswith(f"un-women/2017/goal-5 failed (agency='un-women', year=2017, goal='5'): cell {cell} of "
                                    "notebooks/goal_brief.ipynb (`if year == 2017:`) ran longer than the cell time "
                                    "limit of 2 s (--cell-timeout)"), result.stderr
    assert (copy / "build" / "un-women" / "2017" / "goal-5.failed.ipynb").is_file()
    assert result.stdout.strip() == "built 0, up to date 0, failed 1"
    after = build(Filters(year=2017), jobs=2, root=copy, cell_timeout=2)  # the next brief is not held up
    assert after.up_to_date == ["un-women/2017/overview"] and len(after.failed) == 1


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_build_in_seconds_ends_its_kernels_and_releases_the_lock(copy, tmp_path, jobs):
    marks = tmp_path / "marks"
    marks.mkdir()
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              f"import os, pathlib\npathlib.Path({str(marks)!r}, str(os.getpid())).touch()\n"
              + ENDLESS["sleep"])
    for name in ("goal-5", "goal-8", "goal-10"):
        (copy / "build" / "un-women" / "2016" / f"{name}.html").unlink()
    process = start_briefs(copy, "build", "--year", "2016", "--jobs", jobs)
    deadline = time.monotonic() + 60
    while not any(marks.iterdir()) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    kernels = [int(p.name) for p in marks.iterdir()]
    assert kernels, process.communicate()
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole process group
    started = time.monotonic()
    out, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 130, err
    assert "build/: the build was interrupted (Ctrl-C)" in err and "Traceback" not in err, err
    assert out.strip().splitlines()[-1].startswith("built ")
    with build_lock(copy / "build", wait=0):
        pass
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in kernels) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in kernels)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead, waiting to be reaped
        return stat.read().split(") ")[1][0] != "Z"


# --- exit codes through pipes, and options ------------------------------------------------------

def briefs_into_a_closed_pipe(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`briefs ... | head -0`: every write to stdout meets a reader that has gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(root)}
        return subprocess.run([sys.executable, "-m", "migration_briefs.cli", *args], env=env, stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write)


@pytest.mark.slow
def test_a_failed_build_piped_into_a_closed_reader_keeps_its_exit_code(copy):
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()", 'raise ValueError("broken")\n')
    result = briefs_into_a_closed_pipe(copy, "build", "--year", "2017", "--jobs", "1")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "raised ValueError: broken" in result.stderr
    assert briefs_into_a_closed_pipe(copy, "list", "--goal", "99").returncode == 2
    assert briefs_into_a_closed_pipe(copy, "list").returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "soon"])
def test_wait_takes_a_finite_number_of_seconds(copy, value):
    result = briefs(copy, "build", "--wait", value)
    assert result.returncode == 2 and f"argument --wait: {value!r} is not a number of seconds" in result.stderr


@pytest.mark.slow
def test_no_more_workers_start_than_briefs_to_build(copy, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    (copy / "build" / "un-women" / "2017" / "goal-5.html").unlink()
    (copy / "build" / "un-women" / "2017" / "overview.html").unlink()
    workers = []
    real_init = ProcessPoolExecutor.__init__

    def counting_init(self, max_workers=None, *args, **kwargs):
        workers.append(max_workers)
        real_init(self, max_workers, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "__init__", counting_init)
    report = build(Filters(year=2017), jobs=40, root=copy)
    assert sorted(report.built) == ["un-women/2017/goal-5", "un-women/2017/overview"], report.failed
    assert workers == [2]


@pytest.mark.slow
def test_a_removed_attribute_in_a_notebook_is_a_located_warning_in_the_build_log(copy):
    path = copy / "notebooks" / "goal_brief.ipynb"
    nb = json.loads(path.read_text())
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("##"))
    markdown["source"] = "".join(markdown["source"]) + '\n\n<p style="display:none" onmouseover="x()">Read me.</p>\n'
    path.write_text(json.dumps(nb))
    result = briefs(copy, "build", "--year", "2017", "--goal", "5", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    number = nb["cells"].index(markdown) + 1
    assert result.stderr.splitlines() == [
        f"warning: un-women/2017/goal-5: cell {number} of notebooks/goal_brief.ipynb: removed the attribute style= on <p>",
        f"warning: un-women/2017/goal-5: cell {number} of notebooks/goal_brief.ipynb: removed an event handler "
        "onmouseover= on <p>"]
    page = (copy / "build" / "un-women" / "2017" / "goal-5.html").read_text()
    assert "<p>Read me.</p>" in page and "onmouseover" not in page


# --- kinds of brief -----------------------------------------------------------------------------

def copy_notebook(root: Path, source: str, name: str, output: str) -> None:
    nb = json.loads((root / "notebooks" / source).read_text())
    nb["metadata"]["migration_briefs"]["output"] = output
    (root / "notebooks" / name).write_text(json.dumps(nb))


@pytest.mark.parametrize("source, output", [("goal_brief.ipynb", "overview"), ("goal_brief.ipynb", "mechanism-{goal}"),
                                            ("country_brief.ipynb", "goal-{country}")])
@pytest.mark.slow
def test_two_kinds_of_brief_with_one_output_are_refused_before_any_kernel_starts(copy, source, output):
    before = outputs(copy / "build")
    copy_notebook(copy, source, "zz_copied_brief.ipynb", output)
    result = briefs(copy, "build", "--jobs", "1", timeout=120)
    assert result.returncode == 2, result.stderr
    no_traceback(result)
    first = result.stderr.splitlines()[0]
    assert first.startswith("notebooks/zz_copied_brief.ipynb: its 'output' ") and "notebooks/" in first[30:], first
    assert first.count(".ipynb") == 2
    assert outputs(copy / "build") == before


# --- memory --------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cell_that_takes_too_much_memory_fails_its_brief_not_the_build(copy, jobs):
    from migration_briefs.pipeline.limits import MEMORY_LIMIT
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              f"if year == 2017:\n    hoard = bytearray({MEMORY_LIMIT + 2**30})\n")
    (copy / "build" / "un-women" / "2017" / "overview.html").unlink()
    result = briefs(copy, "build", "--year", "2017", "--jobs", jobs, timeout=300)
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert "un-women/2017/goal-5 failed" in result.stderr and "raised MemoryError" in result.stderr
    assert result.stdout.strip() == "built 1, up to date 0, failed 1"


@pytest.mark.slow
def test_a_worker_out_of_memory_fails_its_briefs_not_the_build(copy, monkeypatch):
    import migration_briefs.render.exporters as render

    def exhausted(html, base_url=None):
        raise MemoryError
    monkeypatch.setattr(render, "render_pdf", exhausted)
    for name in ("goal-5", "overview"):
        (copy / "build" / "un-women" / "2017" / f"{name}.pdf").unlink()
    report = build(Filters(year=2017), jobs=1, root=copy)
    assert len(report.failed) == 2 and all("it ran out of memory (a brief may take 2 GB)" in f.error
                                           for f in report.failed)



@pytest.mark.slow
def test_a_brief_built_in_the_build_process_is_held_to_the_memory_limit_too(copy, monkeypatch):
    """--jobs 1 (or one brief) builds in the build process, not a worker: the limit holds there
    while the brief is built, and the process has its own limit back after."""
    import resource

    import migration_briefs.render.exporters as render
    limits = []

    def greedy(html, base_url=None):
        limits.append(resource.getrlimit(resource.RLIMIT_AS)[0])
        bytes(3 * 2**30)  # calloc'd: no page is touched, should the limit fail to hold
        raise AssertionError("3 GB were given: the build process holds no memory limit")
    monkeypatch.setattr(render, "render_pdf", greedy)
    before = resource.getrlimit(resource.RLIMIT_AS)
    (copy / "build" / "un-women" / "2017" / "goal-5.pdf").unlink()
    report = build(Filters(year=2017, goal=5), jobs=1, root=copy)
    [failure] = report.failed
    assert "it ran out of memory (a brief may take 2 GB)" in failure.error
    assert limits and limits[0] != resource.RLIM_INFINITY and resource.getrlimit(resource.RLIMIT_AS) == before

# --- what counts as an input -------------------------------------------------------------------

def loaded_files(root: Path) -> set[str]:
    """The files loading the data opens, relative to the project's root."""
    from migration_briefs import files
    from migration_briefs.model import yaml_source
    from migration_briefs.model.loader import load
    opened = set()
    real = files.read_regular

    def recording(path, limit, shown=None):
        opened.add(Path(os.path.abspath(path)).relative_to(root).as_posix())
        return real(path, limit, shown)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files, "read_regular", recording)
        patch.setattr(yaml_source, "_PARSED", {})
        load(root)
    return opened


def rebuilt_by(root: Path, specs, papers: dict, edit) -> set[str]:
    """The briefs whose inputs change when `edit()` changes the project: those the build rebuilds."""
    from migration_briefs.pipeline.inputs import Inputs
    before = Inputs(file_hashes(root), papers)
    keys = {s.relpath: before.key(s) for s in specs}
    edit()
    after = Inputs(file_hashes(root), papers)
    return {s.relpath for s in specs if after.key(s) != keys[s.relpath]}


def append(path: Path, text: str) -> None:
    """Add `text` to the end of a file; of a notebook, to its last cell's source."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text())
        nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]) + text
        path.write_text(json.dumps(nb))
        return
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def test_an_edit_to_any_file_rebuilds_the_briefs_that_read_it_and_only_those(synthetic_project, tmp_path):
    """Every file under data/ and notebooks/ is edited in turn: what loading the data opens rebuilds
    the briefs that print it (every brief; an agency's contribution files and the source texts they
    cite its briefs and the briefs across agencies; data/system/ the briefs across agencies),
    anything else under data/ rebuilds nothing, a notebook or its words file rebuilds its own
    briefs, the words every kind shares every brief, and a notebook's declaration (which briefs
    exist) every brief; a notebook's outputs, execution counts, kernel and layout, nothing."""
    from migration_briefs.model.loader import load
    from migration_briefs.model.params import brief_kinds, plan
    from migration_briefs.paths import Project
    from migration_briefs.pipeline.plan import papers_of
    root = tmp_path / "project"
    shutil.copytree(synthetic_project, root)
    (root / "data" / "interview.mp4").write_bytes(b"not data")
    (root / "data" / "reference" / "notes.md").write_text("reading notes")
    dataset = load(root)
    specs = plan(dataset, brief_kinds(root / "notebooks"))
    papers = papers_of(Project.at(root), dataset)
    citing = {text: {agency for agency, texts in papers.items() if text in texts} for text in opened_texts(papers)}
    every = {s.relpath for s in specs}
    opened = loaded_files(root)
    assert {"data/publisher.yaml", "data/system/2017.yaml", "data/reference/mechanisms.yaml"} <= opened
    assert "data/reference/drafting.yaml" not in opened

    def expected(relative: str) -> set[str]:
        parts = relative.split("/")
        if parts[0] == "notebooks":
            stem = parts[1].rsplit(".", 1)[0]
            if parts[1].endswith(".yaml") and not (root / "notebooks" / f"{stem}.ipynb").exists():
                return every  # the words every kind shares (shared.yaml, charts.yaml)
            return {s.relpath for s in specs if s.notebook == stem}  # its notebook, or its words
        if relative not in opened:
            return set()
        if parts[1] == "contributions":
            return {s.relpath for s in specs if s.agency in (parts[2], "all")}
        if parts[1] == "sources":
            return {s.relpath for s in specs if s.agency in citing.get(relative, set()) | {"all"}}
        if parts[1] == "system":
            return {s.relpath for s in specs if s.agency == "all"}
        return every

    edited = sorted(p for folder in ("data", "notebooks") for p in (root / folder).rglob("*") if p.is_file())
    assert len(edited) > 20
    for path in edited:
        relative = path.relative_to(root).as_posix()
        assert rebuilt_by(root, specs, papers, lambda path=path: append(path, "\n")) == expected(relative), relative
    assert {s.agency for s in specs} > {"all"} and any(expected(p.relative_to(root).as_posix()) == set()
                                                      for p in edited)
    assert all(len(agencies) == 1 for agencies in citing.values()), "each paper is one agency's"

    notebook = root / "notebooks" / "goal_brief.ipynb"
    nb = json.loads(notebook.read_text())

    def declare_again():
        nb["metadata"]["migration_briefs"]["rule"] = {"min_items": 9}
        notebook.write_text(json.dumps(nb))
    assert rebuilt_by(root, specs, papers, declare_again) == every  # which goal briefs exist: every brief's links

    def run_and_save_in_jupyterlab():  # what a run adds, and what an editor records of a cell
        nb["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
        nb["metadata"]["kernelspec"]["display_name"] = "Python 3 (another kernel)"
        for count, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
            cell.update(execution_count=count + 1, outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}])
            cell["metadata"].update(collapsed=True, scrolled=True)
        notebook.write_text(json.dumps(nb, indent=2) + " ")
    assert rebuilt_by(root, specs, papers, run_and_save_in_jupyterlab) == set()


def opened_texts(papers: dict) -> set[str]:
    return {text for texts in papers.values() for text in texts}


@pytest.mark.slow
def test_stray_and_temporary_files_under_data_rebuild_nothing(copy):
    data = copy / "data"
    with (data / "interview.mp4").open("wb") as stream:
        stream.truncate(50 * 2**20)  # sparse: a large file costs no disk
    (data / "sources" / ".paper.yaml.tmp-4242").write_text("half a file")  # a killed import-source
    (data / "contributions" / "un-women" / ".2017.yaml.tmp-4243").write_text("half a file")
    (data / "contributions" / "un-women" / ".#2017.yaml").write_text("an editor's lock")
    (data / "reference" / "notes.md").write_text("reading notes")
    (data / "schema").mkdir(exist_ok=True)
    (data / "schema" / "draft.json").write_text("{}")
    result = briefs(copy, "build", "--jobs", "1")
    assert (result.returncode, result.stdout.strip()) == (0, "built 0, up to date 9, failed 0"), result.stderr



@pytest.mark.slow
def test_a_new_edition_date_rebuilds_every_brief_and_each_prints_it(copy):
    publisher = copy / "data" / "publisher.yaml"
    publisher.write_text(re.sub(r"(?m)^date: .*$", "date: 2031-05-17", publisher.read_text()))
    result = briefs(copy, "build", "--jobs", "2")
    assert (result.returncode, result.stdout.strip()) == (0, "built 9, up to date 0, failed 0"), result.stderr
    for relpath in ALL_BRIEFS:
        assert "17 May 2031" in (copy / "build" / f"{relpath}.html").read_text(encoding="utf-8"), relpath

@pytest.mark.slow
def test_a_fifo_among_the_data_files_is_a_located_problem_not_a_hang(copy):
    os.mkfifo(copy / "data" / "contributions" / "un-women" / "2018.yaml")
    result = briefs(copy, "validate", timeout=60)
    assert result.returncode == 1
    assert "data/contributions/un-women/2018.yaml: it is a FIFO (named pipe), not a regular file" in result.stderr


@pytest.mark.slow
def test_a_link_in_place_of_the_scratch_folder_is_not_written_through(copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (copy / "build" / f".scratch-{os.getpid()}").symlink_to(outside)
    (copy / "build" / "un-women" / "2017" / "goal-5.html").unlink()
    report = build(Filters(year=2017, goal=5), jobs=1, root=copy)
    assert report.built == ["un-women/2017/goal-5"] and list(outside.iterdir()) == []


@pytest.mark.slow
def test_a_dataframe_of_100000_rows_fails_its_brief_with_what_to_do(copy):
    edit_cell(copy, "goal_brief.ipynb", "brief.target_sections()",
              "import pandas as pd\nif year == 2017:\n    display(pd.DataFrame({'n': range(100_000)}))\n")
    result = briefs(copy, "build", "--year", "2017", "--goal", "5", "--jobs", "2", timeout=300)
    assert result.returncode == 1, result.stderr
    no_traceback(result)
    assert "a table of more than 200 rows" in result.stderr and "attach the full table as CSV" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3


# --- what a build reads again ------------------------------------------------------------------------

@pytest.mark.slow
def test_a_kernel_reads_the_data_set_the_build_wrote_not_the_data_files(copy, monkeypatch):
    """Once the build has written its data sets, the kernels read no data file: the brief builds,
    byte for byte, with the contribution file gone."""
    from migration_briefs.pipeline import run
    before = briefs_only(copy / "build")
    (copy / "build" / "un-women" / "2017" / "goal-5.html").unlink()
    contribution = copy / "data" / "contributions" / "un-women" / "2017.yaml"
    written = run._data_sets

    def then_hide_the_data(*args):
        found = written(*args)
        contribution.rename(contribution.with_suffix(".hidden"))
        return found
    monkeypatch.setattr(run, "_data_sets", then_hide_the_data)
    report = build(Filters(year=2017, goal=5), jobs=1, root=copy)
    assert report.built == ["un-women/2017/goal-5"], [f.error for f in report.failed]
    assert briefs_only(copy / "build") == before


@pytest.mark.slow
def test_a_no_op_reads_no_output_again_and_an_altered_one_is_rebuilt_whatever_its_time(copy, monkeypatch):
    from migration_briefs.pipeline import record
    assert build(root=copy).built == []  # records the outputs' status where the copy changed it
    read = []
    real = record.hash_regular

    def counting(path):
        read.append(path)
        return real(path)
    monkeypatch.setattr(record, "hash_regular", counting)
    assert build(root=copy).built == [] and read == []
    page = copy / "build" / "un-women" / "2017" / "goal-5.html"
    status, content = page.stat(), page.read_bytes()
    page.write_bytes(content.replace(b"<html", b"<HTML", 1))  # the same size, and the time set back
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert build(root=copy).built == ["un-women/2017/goal-5"]
    assert page.read_bytes() == content


def test_a_worker_forked_from_a_process_that_holds_much_gets_a_brief_s_allowance_beyond_it():
    # a worker starts with its parent's address space (a test run, a notebook server): a limit
    # counted from nothing would leave its brief less than the allowance, or nothing
    script = ("import resource\n"
              "from migration_briefs.pipeline.limits import MEMORY_LIMIT, _address_space, limit_memory_from_here\n"
              "ballast = bytes(3 * 2**30)  # calloc'd: address space, no pages touched\n"
              "held = _address_space()\n"
              "limit_memory_from_here(MEMORY_LIMIT)\n"
              "soft = resource.getrlimit(resource.RLIMIT_AS)[0]\n"
              "assert held > MEMORY_LIMIT and soft >= held + MEMORY_LIMIT, (held, soft)\n"
              "more = bytearray(2**29)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
