"""The build under faults and hostile input: every error is one short message.

Every case works on a copy of one built scratch project (one agency, 2016 and 2017: eight
briefs), so the suite builds it once."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from migration_briefs.build import build

from .test_build import make_root

ALL_BRIEFS = ["un-women/2016/goal-10", "un-women/2016/goal-5", "un-women/2016/goal-8",
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


def test_parameter_and_data_errors_raised_in_a_kernel_are_one_short_message(copy):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from migration_briefs.engine import shutdown_kernels
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
    assert len(goal) <= 3 and goal[-1] == ("ParameterError: Parameter goal=99 is not an SDG goal; valid values are: "
                                           + ", ".join(str(n) for n in range(1, 18)) + "."), goal
    assert len(data) <= 6 and data[2] == "DataValidationError: 1 problem in the data:", data
    assert "data/contributions/un-women/2017.yaml:" in data[3] and "status" in data[3], data
