"""What a brief's kernel reads (model/cache.py): the part of the data set its brief reads, as the
build wrote it for this run, and nothing else."""
from __future__ import annotations

import hashlib
import os
import pickle

import pytest

from migration_briefs.model.cache import DATA_VARIABLE, cached_dataset, subset, write_cache
from migration_briefs.model.loader import load


def test_an_agencys_part_is_what_loading_that_agency_alone_gives(synthetic_project):
    whole = load(synthetic_project)
    for agency in whole.agencies():
        part, alone = subset(whole, agency), load(synthetic_project, agency=agency)
        assert part.contributions == alone.contributions and part.contributions
        assert list(part.sources) == list(alone.sources) == list(dict.fromkeys(c.source.text for c in
                                                                               part.contributions))
        assert part.drafts == alone.drafts and part.system_notes == alone.system_notes == []
        assert part.publisher == whole.publisher and part.reference is whole.reference
    everything = subset(whole, None)
    assert (everything.contributions, everything.sources, everything.system_notes) == (
        whole.contributions, whole.sources, whole.system_notes) and everything.system_notes


def test_a_data_set_is_read_back_as_written_and_only_then(synthetic_project, tmp_path, monkeypatch):
    part = subset(load(synthetic_project), "synthetic-01")
    value = write_cache(part, tmp_path / "data-synthetic-01.pickle")
    read = cached_dataset(value)
    assert read.contributions == part.contributions and read.sources == part.sources
    monkeypatch.setenv(DATA_VARIABLE, value)
    assert cached_dataset() is read  # a warm kernel's next brief of the same agency reads nothing again
    (tmp_path / "data-synthetic-01.pickle").write_bytes(pickle.dumps(part) + b" ")
    assert cached_dataset(value.replace(value[:64], "0" * 64)) is None  # not the bytes the build wrote
    assert cached_dataset(f"{'0' * 64}:{tmp_path / 'gone.pickle'}") is None
    assert cached_dataset("") is None and cached_dataset("not a value") is None


def test_a_data_set_holds_the_data_models_classes_and_nothing_else(tmp_path):
    class Payload:
        def __reduce__(self):
            return os.system, ("echo unpickled",)

    content = pickle.dumps(Payload())
    path = tmp_path / "data.pickle"
    path.write_bytes(content)
    with pytest.raises(pickle.UnpicklingError, match="posix.system is not part of a data set"):
        cached_dataset(f"{hashlib.sha256(content).hexdigest()}:{path}")


def test_the_cached_plan_records_every_field_of_a_brief():
    """Plan.to_json writes a brief's fields by hand (asdict took a tenth of a build with nothing
    to do); a field BriefSpec gains is written too, or this fails."""
    from dataclasses import asdict

    from migration_briefs.model.params import BriefSpec
    from migration_briefs.pipeline.plan import Plan
    spec = BriefSpec("un-women", 2016, "goal_brief", "goal-5", "goal", (("goal", "5"),))
    [written] = Plan("digest", [spec]).to_json()["briefs"]
    assert written == {**asdict(spec), "params": [["goal", "5"]]}
    assert Plan.from_json(Plan("digest", [spec]).to_json()).briefs == [spec]
