"""The pure parts of bench/scale.py: what it reads from the commands and /proc, how it tells
processes apart, and the tables it prints (the measuring itself is run by hand, never timed here)."""
from __future__ import annotations

import argparse

import pytest

from bench.scale import (
    HEADER,
    Sample,
    Size,
    data_counts,
    high_water_mark,
    pages_lines,
    parse_sizes,
    role_of,
    summary_counts,
    system_pages,
    table,
)


def test_sizes_are_numbers_of_agencies_separated_by_commas():
    assert parse_sizes("1,10,40") == [1, 10, 40]
    for bad in ("", "1,,40", "ten", "0,5", "-1"):
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
    goal, overview = pages_lines(40, found)
    assert goal == "| 40 | goal | 2 | 3 p: 2 | 4 | none |"
    assert overview == "| 40 | overview | 1 | 9 p: 1 | 8 | all/2017/overview (9 p) |"


def test_the_table_has_one_row_per_size_with_a_cell_under_every_heading():
    size = Size(40, planned=912, data={"contributions": 64, "items": 1091}, validate=2.34, plan=2.71, noop=0.31, full=600.0,
                build_bytes=300 * 2**20, peaks={"build": 60 * 2**20, "worker": 140 * 2**20, "kernel": 160 * 2**20},
                samples=[Sample("agency", [], ["a"] * 22, {1: 0.61, 2: 0.4}), Sample("system", [], ["s"] * 42, {1: 1.2})])
    header, rule, row = table([size])
    assert header == HEADER and row.count("|") == header.count("|") == rule.count("|")
    assert row == "| 40 | 64 | 1091 | 912 | 22 | 0.61 | 0.40 | 42 | 1.20 |  | 600 | 0.66 | 0.31 | 2.3 | 2.7 | 60 | 140 | 160 | 300 |"
