"""The documentation site: `make docs` builds docs/*.md into docs/_build/html with Sphinx and
MyST, and fails on any warning, so a link to a page or a heading that does not exist fails it."""

project = "migration briefs"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_heading_anchors = 3  # `page.md#a-heading` links resolve to headings down to ###
html_theme = "alabaster"
html_static_path = []
html_last_updated_fmt = None  # no clock time on the pages
html_copy_source = False
html_show_sourcelink = False
