"""Files under build/ and data/ are untrusted: no write follows a link (at the file or in a folder
on its way) or writes anything but a regular file, the lock never writes into a file it shares
with another name, and no read-back blocks or grows without bound (a FIFO, a link to /dev/zero,
a huge file)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from migration_briefs.errors import BuildEnvironmentError, UnsafeFileError, os_error
from migration_briefs.files import hash_regular, read_regular, write_all_atomic, write_atomic, write_if_changed
from migration_briefs.pipeline.lock import build_lock
from migration_briefs.pipeline.manifest import MANIFEST_FILE, read_manifest


def link_to(target: Path):
    return lambda path: path.symlink_to(target)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    return path


def hostile_files(victim: Path):
    """Each thing a hostile user can leave where the build expects its own regular file."""
    return {
        "link to a file outside": link_to(victim),
        "dangling link": link_to(victim.with_name("created-by-the-build")),
        "link to /dev/zero": link_to(Path("/dev/zero")),
        "FIFO": os.mkfifo,
        "folder": os.mkdir,
        "hard link": lambda path: os.link(victim, path),
    }


@pytest.mark.parametrize("kind", ["link to a file outside", "dangling link", "link to /dev/zero", "FIFO", "folder",
                                  "hard link"])
def test_the_lock_file_is_never_followed_nor_anything_but_a_regular_file(tmp_path, victim, kind):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    hostile_files(victim)[kind](build_dir / ".lock")
    with pytest.raises(UnsafeFileError) as raised:
        with build_lock(build_dir, name="build/.lock"):
            pytest.fail("the lock was taken")
    assert isinstance(raised.value, BuildEnvironmentError)
    assert str(raised.value).startswith("build/.lock: it is a ") and len(str(raised.value).splitlines()) == 1
    assert victim.read_text() == "my notes\n"
    assert not victim.with_name("created-by-the-build").exists()


@pytest.mark.parametrize("kind", ["link to a file outside", "dangling link", "link to /dev/zero", "FIFO"])
def test_writes_replace_what_stands_at_the_path_and_never_write_through_it(tmp_path, victim, kind):
    target = tmp_path / "index.html"
    hostile_files(victim)[kind](target)
    assert write_if_changed(target, b"<p>page</p>")
    assert target.is_file() and not target.is_symlink() and target.read_bytes() == b"<p>page</p>"
    assert victim.read_text() == "my notes\n"
    assert not victim.with_name("created-by-the-build").exists()


def test_a_link_left_as_the_temporary_file_is_not_written_through(tmp_path, victim):
    target = tmp_path / "goal-5.html"
    (tmp_path / f".goal-5.html.tmp-{os.getpid()}").symlink_to(victim)
    write_atomic(target, b"brief")
    assert target.read_bytes() == b"brief" and victim.read_text() == "my notes\n"


@pytest.mark.parametrize("kind", ["link to a file outside", "link to /dev/zero", "FIFO", "folder"])
def test_reads_of_build_state_refuse_what_is_not_a_regular_file(tmp_path, victim, kind):
    path = tmp_path / "state"
    hostile_files(victim)[kind](path)
    with pytest.raises(UnsafeFileError):
        read_regular(path, 1024)
    assert hash_regular(path) is None


def test_reads_of_build_state_stop_at_their_limit(tmp_path):
    path = tmp_path / "big"
    with path.open("wb") as stream:
        stream.truncate(10 * 2**20)  # sparse: costs no disk
    with pytest.raises(UnsafeFileError) as raised:
        read_regular(path, 2**20, shown="build/big")
    assert str(raised.value).startswith("build/big: it is larger than 1 MB")


def test_hashes_are_streamed(tmp_path):
    import hashlib
    path = tmp_path / "big"
    with path.open("wb") as stream:
        stream.truncate(3 * 2**20 + 5)
    assert hash_regular(path) == hashlib.sha256(bytes(3 * 2**20 + 5)).hexdigest()


@pytest.mark.parametrize("kind", ["link to a file outside", "link to /dev/zero", "FIFO", "folder", "too large"])
def test_a_manifest_that_is_not_a_regular_file_is_set_aside_in_one_line(tmp_path, victim, kind, monkeypatch):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    path = build_dir / MANIFEST_FILE
    if kind == "too large":
        monkeypatch.setattr("migration_briefs.pipeline.manifest.MANIFEST_LIMIT", 100)
        path.write_text(json.dumps({"version": 2, "briefs": {}, "padding": "x" * 200}))
    else:
        hostile_files(victim)[kind](path)
    warnings = []
    assert read_manifest(build_dir, warn=warnings.append, set_aside=True)["briefs"] == {}
    [warning] = warnings
    assert warning.startswith("build/manifest.json: not a build manifest (it is ") and "\n" not in warning
    assert not os.path.lexists(path) and os.path.lexists(build_dir / "manifest.json.corrupt")
    assert victim.read_text() == "my notes\n"


def test_keys_the_build_does_not_write_are_dropped_from_the_manifest(tmp_path):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    entry = {"key": "k", "title": "t", "agency_name": "a", "outputs": {}, "pages": 2, "junk": "x" * 1000}
    (build_dir / MANIFEST_FILE).write_text(json.dumps({
        "version": 2, "briefs": {"un-women/2016/goal-5": entry}, "extra": ["x"] * 1000,
        "sources": {"hash": "h", "pages": {}, "more": 1}}))
    manifest = read_manifest(build_dir)
    assert set(manifest) == {"version", "briefs", "sources"}
    assert set(manifest["briefs"]["un-women/2016/goal-5"]) == {"key", "title", "agency_name", "outputs", "pages"}
    assert set(manifest["sources"]) == {"hash", "pages"}


def test_what_the_index_reads_from_an_entry_is_kept_from_build_to_build(tmp_path):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    entry = {"kind": "overview", "parameters": {}, "title": "t", "agency_name": "a", "also_covers": "CEDAW",
             "meetings": ["15th Coordination Meeting"], "key": "k", "versions": {}, "inputs": {}, "outputs": {}, "pages": 2}
    (build_dir / MANIFEST_FILE).write_text(json.dumps({"version": 2, "briefs": {"un-women/2016/overview": entry}}))
    assert read_manifest(build_dir)["briefs"]["un-women/2016/overview"] == entry


def test_the_entry_the_build_writes_is_the_entry_reading_keeps(tmp_path):
    from migration_briefs.pipeline.manifest import brief_entry
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    entry = brief_entry(kind="goal", parameters={"goal": "5"}, title="t", agency_name="a", also_covers="",
                        meetings=["16th meeting"], key="k", versions={}, inputs={}, outputs={}, stat=None, pages=1)
    (build_dir / MANIFEST_FILE).write_text(json.dumps({"version": 2, "briefs": {"un-women/2016/goal-5": entry}}))
    assert read_manifest(build_dir)["briefs"]["un-women/2016/goal-5"] == entry
    with pytest.raises(TypeError, match="not"):
        brief_entry(kind="goal", title="t")


def test_a_file_linked_as_the_lock_while_a_build_waits_is_left_as_it_is(tmp_path, victim):
    build_dir = tmp_path / "build"
    with build_lock(build_dir, name="build/.lock"):
        os.link(build_dir / ".lock", tmp_path / "second-name")
        with pytest.raises(UnsafeFileError) as raised, build_lock(build_dir, wait=0.2, name="build/.lock"):
            pytest.fail("the lock was taken twice")
    assert str(raised.value) == ("build/.lock: it is a hard link (one file with 2 names), so writing the build's "
                                 "process id would change the file it shares; remove it; the build creates its own "
                                 "lock file.")
    with pytest.raises(UnsafeFileError, match="hard link"), build_lock(build_dir, name="build/.lock"):
        pytest.fail("the lock was taken")
    assert (tmp_path / "second-name").read_text() == f"{os.getpid()}\n"


@pytest.mark.parametrize("linked", ["build", "build/un-women", "build/un-women/2016"])
def test_nothing_is_written_through_a_linked_folder_nor_a_folder_made_there(tmp_path, linked):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / linked).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / linked).symlink_to(outside, target_is_directory=True)
    target = tmp_path / "build" / "un-women" / "2016" / "goal-5.html"
    with pytest.raises(OSError) as raised:
        write_atomic(target, b"brief")
    assert list(outside.iterdir()) == []
    assert str(os_error(raised.value, tmp_path)) == (
        f"{linked}: it is a symbolic link, and nothing is written through a link; replace the link with a folder of "
        "its own (in build/, run `make clean`).")
    if linked == "build":
        with pytest.raises(OSError), build_lock(tmp_path / "build", name="build/.lock"):
            pytest.fail("the lock was taken")
        assert list(outside.iterdir()) == []


def test_files_written_together_replace_none_when_one_fails(tmp_path):
    first, second = tmp_path / "goal-5.html", tmp_path / "blocked" / "goal-5.pdf"
    first.write_bytes(b"old html")
    (tmp_path / "blocked").write_text("a file where a folder should be")
    with pytest.raises(OSError):
        write_all_atomic({first: b"new html", second: b"new pdf"})
    assert first.read_bytes() == b"old html" and sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "goal-5.html"]


def test_a_full_disk_names_the_file_being_written(tmp_path, monkeypatch):
    import errno

    class Full:
        def __init__(self, descriptor, mode):
            os.close(descriptor)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, "fdopen", Full)
    with pytest.raises(OSError) as raised:
        write_atomic(tmp_path / "build" / "un-women" / "2016" / "goal-5.pdf", b"%PDF")
    assert str(os_error(raised.value, tmp_path)) == (
        "build/un-women/2016/goal-5.pdf: no space is left on the device; free some space and build again.")
    assert list((tmp_path / "build" / "un-women" / "2016").iterdir()) == []
