"""`briefs serve` (`make serve`): build/ on 127.0.0.1 only, every file the build wrote with its
type and no-store, and nothing else: no link followed, no hidden file, no listing, nothing outside."""
from __future__ import annotations

import http.client
import os
import socket
import threading

import pytest

from migration_briefs.cli import main
from migration_briefs.errors import BuildEnvironmentError
from migration_briefs.pipeline.serve import CONTENT_TYPES, BuildServer


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A build folder as a build leaves it, and what a hostile hand could put in it; the server at
    an address of its own. Yields (server, build folder)."""
    tmp_path = tmp_path_factory.mktemp("site")
    build = tmp_path / "build"
    (build / "un-women" / "2016").mkdir(parents=True)
    (build / "index.html").write_text("<!DOCTYPE html><title>Migration briefs</title>", encoding="utf-8")
    (build / "un-women" / "2016" / "goal-8.html").write_text("<p>the brief</p>", encoding="utf-8")
    (build / "un-women" / "2016" / "goal-8.docx").write_bytes(b"PK\x03\x04 a document")
    (build / "un-women" / "2016" / "goal-8.items.csv").write_text("id,title\n", encoding="utf-8")
    (build / "sources").mkdir()
    (build / "sources" / "index.html").write_text("sources", encoding="utf-8")
    (build / ".lock").write_text("4242", encoding="utf-8")
    (build / ".scratch-1").mkdir()
    (build / ".scratch-1" / "x.html").write_text("scratch", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the build", encoding="utf-8")
    (build / "leak.html").symlink_to(secret)
    (build / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(build / "pipe.html")
    server = BuildServer(build, 0, log=None)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, build
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def get(server, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_the_site_is_served_on_this_machine_only_with_types_and_no_store(site):
    server, _ = site
    assert server.server_address[0] == "127.0.0.1" and server.address.startswith("http://127.0.0.1:")
    status, headers, body = get(server, "/")
    assert status == 200 and b"Migration briefs" in body and headers["content-type"] == CONTENT_TYPES[".html"]
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
    for path, suffix in (("/un-women/2016/goal-8.docx", ".docx"), ("/un-women/2016/goal-8.items.csv", ".csv"),
                         ("/un-women/2016/goal-8.html?x=1#top", ".html")):
        status, headers, _ = get(server, path)
        assert status == 200 and headers["content-type"] == CONTENT_TYPES[suffix], path
    assert get(server, "/sources")[0] == 301 and get(server, "/sources")[1]["location"] == "/sources/"
    assert get(server, "/sources/")[2] == b"sources"


@pytest.mark.parametrize("path", [
    "/leak.html",  # a link to a file outside
    "/elsewhere/secret.txt", "/elsewhere/build/index.html",  # a link to a folder
    "/.lock", "/.scratch-1/x.html",  # what the build keeps for itself
    "/../secret.txt", "/%2e%2e/secret.txt", "/un-women/../../secret.txt",  # outside, however written
    "/pipe.html",  # not a regular file: answered at once, never waited on
    "/un-women/2016/", "/un-women",  # no listing of a folder without its index
    "/nothing.html", "/index.html%00.txt"])
def test_nothing_but_the_files_the_build_wrote_is_served(site, path):
    server, _ = site
    status, _, body = get(server, path)
    assert status == 404 and b"outside the build" not in body and b"4242" not in body


def test_a_port_in_use_is_one_sentence_naming_another():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BuildEnvironmentError) as raised:
            BuildServer(".", port)
    assert f"make serve PORT={port + 1}" in str(raised.value) and raised.value.where == f"127.0.0.1:{port}"


def test_with_nothing_built_serve_says_to_build_first(project_paths, capsys):
    assert main(["serve"]) == 2
    assert "run `make` first" in capsys.readouterr().err
