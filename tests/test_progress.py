"""A build's progress lines and their estimate of the time left, on a terminal and in a log, with a
clock the test turns by hand: no sleeps, no timed assertions."""
from __future__ import annotations

import io

import pytest

from migration_briefs.pipeline.schedule import Progress, duration


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("seconds, said", [(0, "0 s"), (8.4, "8 s"), (59.6, "1 min"), (60, "1 min"),
                                           (273, "4 min 33 s"), (599, "9 min 59 s"), (600, "10 min"),
                                           (3599, "1 h"), (3660, "1 h 1 min"), (7200, "2 h")])
def test_a_duration_reads_as_a_person_says_it(seconds, said):
    assert duration(seconds) == said


def test_a_log_gets_a_line_at_each_tenth_of_the_briefs_with_the_time_left():
    clock, log = Clock(), io.StringIO()
    progress = Progress(20, log, clock)
    for n in range(1, 21):
        clock.now += 6  # each brief takes 6 s
        progress.update(f"un-women/2016/goal-{n}")
    progress.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 10  # at 2, 4, ..., 20 of 20
    assert lines[0] == "[2/20] un-women/2016/goal-2  12 s, about 1 min 48 s left"
    assert lines[4] == "[10/20] un-women/2016/goal-10  1 min, about 1 min left"
    assert lines[-1] == "[20/20] un-women/2016/goal-20  2 min"  # done: no estimate
    assert "\r" not in log.getvalue() and "\033" not in log.getvalue()


def test_a_log_of_slow_briefs_gets_a_line_at_least_every_minute():
    clock, log = Clock(), io.StringIO()
    progress = Progress(1000, log, clock)
    for n in range(1, 31):
        clock.now += 25
        progress.update(f"b/2016/goal-{n}")
    lines = log.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == ["[3/1000]", "[6/1000]", "[9/1000]", "[12/1000]", "[15/1000]",
                                                   "[18/1000]", "[21/1000]", "[24/1000]", "[27/1000]", "[30/1000]"]
    assert lines[0].endswith("1 min 15 s, about 6 h 55 min left")  # 25 s a brief, 997 to go


def test_the_estimate_follows_the_pace_so_far():
    clock, log = Clock(), io.StringIO()
    progress = Progress(4, log, clock)
    clock.now += 100  # the first brief starts the kernel
    progress.update("a/2016/overview")
    clock.now += 10
    progress.update("a/2016/goal-5")
    assert log.getvalue().splitlines() == ["[1/4] a/2016/overview  1 min 40 s, about 5 min left",
                                           "[2/4] a/2016/goal-5  1 min 50 s, about 1 min 50 s left"]


def test_a_terminal_gets_one_line_kept_up_to_date_and_cleared_at_the_end():
    clock, terminal = Clock(), Terminal()
    progress = Progress(3, terminal, clock)
    for name in ("a/2016/overview", "a/2016/goal-5", "a/2017/overview"):
        clock.now += 2
        progress.update(name)
    progress.close()
    written = terminal.getvalue()
    assert written.split("\r\033[K")[1:] == ["[1/3] a/2016/overview  2 s, about 4 s left",
                                             "[2/3] a/2016/goal-5  4 s, about 2 s left",
                                             "[3/3] a/2017/overview  6 s", ""]
    assert "\n" not in written


def test_nothing_built_says_nothing():
    log, terminal = io.StringIO(), Terminal()
    for stream in (log, terminal):
        Progress(0, stream, Clock()).close()
    assert log.getvalue() == terminal.getvalue() == ""
