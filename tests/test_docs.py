"""The README is a user's page that links into docs/, and docs/ builds as a site with no broken
link: every relative link of the README names a file of the repository (and a heading of it, when
it names one), and Sphinx builds docs/ with warnings as errors."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.projects import REPOSITORY

README_LIMIT = 300  # lines: a user's page, with the rest in docs/ (issue 26)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The anchor GitHub (and MyST, with myst_heading_anchors) gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return {github_anchor(line.lstrip("#")) for line in text.splitlines() if re.match(r"#{1,6} ", line)}


def relative_links(page: Path) -> list[tuple[str, Path, str]]:
    found = []
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # http, https, mailto: not ours to check offline
        file, _, anchor = target.partition("#")
        found.append((target, (page.parent / file).resolve() if file else page, anchor))
    return found


def test_every_link_of_the_readme_names_a_file_and_heading_of_the_repository():
    links = relative_links(REPOSITORY / "README.md")
    assert links
    for target, file, anchor in links:
        assert file.is_relative_to(REPOSITORY) and file.exists(), f"README.md: {target} names no file"
        if anchor:
            assert anchor in anchors(file), f"README.md: {target} names no heading of {file.name}"


def test_the_readme_is_short_and_every_page_of_docs_is_in_the_site():
    assert len((REPOSITORY / "README.md").read_text(encoding="utf-8").splitlines()) < README_LIMIT
    index = (REPOSITORY / "docs" / "index.md").read_text(encoding="utf-8")
    pages = {p.stem for p in (REPOSITORY / "docs").glob("*.md")} - {"index"}
    assert pages and all(re.search(rf"^{re.escape(page)}$", index, re.M) for page in pages), \
        "a page of docs/ is missing from the toctree of docs/index.md"


def test_the_docs_build_with_no_warning(tmp_path):
    """`make docs`: a link to a page or a heading that does not exist is a warning, so an error."""
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-n", "-b", "html",
                             str(REPOSITORY / "docs"), str(tmp_path / "html")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "html" / "cluster.html").exists()
