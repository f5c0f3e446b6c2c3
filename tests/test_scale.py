"""The pure parts of bench/scale.py: what it reads from the commands and /proc, how it tells
processes apart, and the tables it prints (the measuring itself is run by hand, never timed here)."""
from __future__ import annotations

import argparse

import pytest

from bench.scale import (
    HEADER,
    MEMORY_HEADER,
    MODEL_HEADER,
    RATIO_HEADER,
    Ran,
    Sample,
    Size,
    base_of,
    data_counts,
    high_water_mark,
    memory_table,
    model_seconds,
    model_table,
    pages_lines,
    parse_sizes,
    ratio_table,
    role_of,
    summary_counts,
    system_pages,
    table,
)


def test_sizes_are_numbers_of_agencies_separated_by_commas_with_their_meetings_where_not_the_default():
    assert parse_sizes("1,10,40") == [(1, 2), (10, 2), (40, 2)]
    assert parse_sizes("1, 40x10", meetings=3) == [(1, 3), (40, 10)]
    for bad in ("", "1,,40", "ten", "0,5", "-1", "40x0", "40x", "x10", "40x10x2"):
        with pytest.raises(argparse.ArgumentTypeError, match="separated by commas"):
            parse_sizes(bad)


def test_processes_under_the_build_are_told_apart_by_what_they_run():
    kernel = ["/x/.venv/bin/python", "-m", "ipykernel_launcher", "-f", "/tmp/kernel-1.json"]
    worker = ["/x/.venv/bin/python", "/x/.venv/bin/briefs", "build", "--jobs", "2"]
    assert role_of(kernel, parent_is_build=True) == role_of(kernel, parent_is_build=False) == "kernel"
    assert role_of(worker, parent_is_build=True) == "worker"
    assert role_of(worker, parent_is_build=False) is None
    tracker = ["/x/.venv/bin/python", "-c", "from multiprocessing.resource_tracker import main;main(5)"]
    assert role_of(tracker, parent_is_build=True) is None


def test_the_high_water_mark_is_read_from_proc_status():
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  100000 kB\n"
    assert high_water_mark(status) == 153600 * 1024
    assert high_water_mark("Name:\tkthreadd\n") is None


def test_the_commands_summaries_are_read_as_counts():
    assert summary_counts("built 22, up to date 40, failed 0, removed 3 orphaned files") == \
        {"built": 22, "up to date": 40, "failed": 0}
    assert data_counts("Data OK: 64 contributions, 1091 items, 3 years, 40 agencies") == \
        {"contributions": 64, "items": 1091, "years": 3, "agencies": 40}


def test_system_briefs_are_measured_against_their_budgets():
    manifest = {"briefs": {
        "all/2017/overview": {"kind": "overview", "parameters": {"agency": "all", "year": 2017}, "pages": 9},
        "all/2017/goal-5": {"kind": "goal", "parameters": {"agency": "all", "year": 2017, "goal": "5"}, "pages": 3},
        "all/2017/goal-8": {"kind": "goal", "parameters": {"agency": "all", "year": 2017, "goal": "8"}, "pages": 3},
        "synthetic-01/2017/overview": {"kind": "overview", "parameters": {"agency": "synthetic-01"}, "pages": 12}}}
    found = system_pages(manifest)
    assert [(b["relpath"], b["budget"]) for b in found] == \
        [("all/2017/goal-5", 4), ("all/2017/goal-8", 4), ("all/2017/overview", 8)]
    goal, overview = pages_lines("40", found)
    assert goal == "| 40 | goal | 2 | 3 p: 2 | 4 | none |"
    assert overview == "| 40 | overview | 1 | 9 p: 1 | 8 | all/2017/overview (9 p) |"


def sizes() -> list[Size]:
    one = Size(1, planned=22, data={"contributions": 2, "items": 26}, validate=0.4, plan=0.4, noop=0.1, full=10.0,
               manifest_bytes=44_000, recorded=22, build_bytes=3 * 2**20,
               samples=[Sample("agency", [], ["a"] * 11, {"-j1": [0.7, 0.8, 0.9], "-j2": [0.4], "cluster": [0.44]},
                               [9.0], [2.5], {"build": 40 * 2**20, "worker": 130 * 2**20, "kernel": 140 * 2**20},
                               Ran(3.0, "built 1", {}, 2.0), 3.0),
                        Sample("system", [], ["s"], {"-j1": [4.0], "-j2": [4.0], "cluster": [4.2]}, [3.0], [2.0],
                               {}, Ran(4.2, "built 1", {}, 2.0), 3.0)])
    decade = Size(40, 10, planned=3227, data={"contributions": 256, "items": 4404}, validate=6.5, plan=7.7,
                  noop=0.8, full=None, manifest_bytes=7_000_000, recorded=3227, build_bytes=20 * 2**20,
                  samples=[Sample("agency", [], ["a"] * 11, {"-j1": [0.88], "-j2": [0.5], "cluster": [0.55]},
                                  [10.0, 12.0, 11.0], [2.9, 3.1, 3.0],
                                  {"build": 60 * 2**20, "worker": 143 * 2**20, "kernel": 168 * 2**20},
                                  Ran(4.0, "built 1", {}, 2.5), 3.0),
                           Sample("system", [], ["s"] * 45, {"-j1": [1.0], "-j2": [0.6], "cluster": [0.6]},
                                  [45.0], [9.0], {"build": 180 * 2**20, "worker": 250 * 2**20, "kernel": 220 * 2**20},
                                  Ran(9.0, "built 1", {}, 7.0), 4.0)])
    return [one, decade]


def test_the_tables_have_one_row_per_size_with_a_cell_under_every_heading():
    header, rule, one, decade = table(sizes())
    assert header == HEADER and one.count("|") == decade.count("|") == header.count("|") == rule.count("|")
    assert one == ("| 1 | 2 | 26 | 22 | 11 | 0.80 | 0.40 | 0.44 | 1 | 4.00 | 4.00 | 4.20 | 10 | 0.45 | 0.10 | 0.4 | "
                   "0.4 | 2000 | 3 |")
    assert decade == ("| 40x10 | 256 | 4404 | 3227 | 11 | 0.88 | 0.50 | 0.55 | 45 | 1.00 | 0.60 | 0.60 | "
                      "stand-in |  | 0.80 | 6.5 | 7.7 | 2169 | 20 |")
    header, rule, one, decade = memory_table(sizes())
    assert header == MEMORY_HEADER and decade.count("|") == header.count("|") == rule.count("|")
    assert one == "| 1 | 40 | 130 | 140 |  |  |  |"  # a build of one brief builds it in the build process
    assert decade == "| 40x10 | 60 | 143 | 168 | 180 | 250 | 220 |"


def test_each_size_is_held_against_the_first_and_the_cluster_against_two_jobs():
    header, rule, one, decade = ratio_table(sizes())
    assert header == RATIO_HEADER and decade.count("|") == header.count("|") == rule.count("|")
    assert one == "| 1 | 1 | 1.00 | 1.00 | 1.00 | 1.00 | 1.00 | 1.10 | 1.05 |"
    assert decade == "| 40x10 | 1 | 1.10 | 1.25 | 1.25 | 1.10 | 1.20 | 1.10 | 1.00 |"


def test_a_size_of_ten_meetings_is_held_against_one_agency_over_ten_meetings():
    one, decade = sizes()
    agency = decade.samples[0]
    one_decade = Size(1, 10, samples=[Sample("agency", [], ["a"] * 11, {"-j1": [0.8], "-j2": [0.4], "cluster": [0.5]},
                                             peaks={"worker": 143 * 2**20, "kernel": 140 * 2**20}),
                                      decade.samples[1]])
    assert base_of(decade, [one, one_decade, decade]) is one_decade and base_of(one_decade, [one, decade]) is one
    rows = ratio_table([one, one_decade, decade])[2:]
    assert rows[1].startswith("| 1x10 | 1 | 1.00 | 1.00 | 1.14 |")
    assert rows[2] == (f"| 40x10 | 1x10 | {0.88 / 0.8:.2f} | {0.5 / 0.4:.2f} | {0.55 / 0.5:.2f} | 1.00 | "
                       f"{agency.peaks['kernel'] / (140 * 2**20):.2f} | 1.10 | 1.00 |")


def test_the_time_model_shares_the_workers_cpu_unless_the_build_process_is_the_slower():
    assert model_seconds(1000, 8, fixed=4.0, worker_cpu=0.8, build_cpu=0.02) == pytest.approx(4.0 + 100.0)
    assert model_seconds(1000, 64, fixed=4.0, worker_cpu=0.8, build_cpu=0.02) == pytest.approx(4.0 + 20.0)
    header, rule, one, decade = model_table(sizes())
    assert header == MODEL_HEADER and decade.count("|") == header.count("|") == rule.count("|")
    # beyond each sample's build of its first brief, over its briefs beyond one (medians of the rounds):
    # the workers (11 - 3) + (45 - 4) = 49 s for 10 + 44 briefs, the build process (3.0 - 2.5) + (9.0 - 7.0) = 2.5 s
    worker, build = 49 / 54, 2.5 / 54
    assert one == f"| 1 | 22 | {(9.0 - 3.0) / 10:.2f} | {(2.5 - 2.0) / 10:.3f} | 4.2 | " \
        f"{3.0 + 10 * 0.6 / 2 + 4.2:.0f} | {11 * 0.44 + 4.2:.0f} | {4.2 + 21 * 0.6 / 8:.0f} | {4.2 + 21 * 0.05:.0f} |"
    assert decade == (f"| 40x10 | 3227 | {worker:.2f} | {build:.3f} | 9.0 | "
                      f"{4.0 + 10 * worker / 2 + 9.0 + 44 * worker / 2:.0f} | {11 * 0.55 + 45 * 0.6:.0f} | "
                      f"{9.0 + 3226 * worker / 8:.0f} | {9.0 + 3226 * max(worker / 32, build):.0f} |")
