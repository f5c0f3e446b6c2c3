"""`briefs draft` on documents of random structure (Hypothesis): whatever shape a readable paper
has (headings of every style or none, numbered paragraphs, run-in headings, lists, tables,
footnotes, sentences naming years, SDGs, countries, mechanisms and partners every way papers write
them, and words of no meaning), importing it and drafting it never crashes or refuses, every id
is a string, every item is a draft, and the draft is valid data. The examples come from a fixed
seed, so every run draws the same documents."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from migration_briefs import load, paths
from migration_briefs.fonts import uncovered
from migration_briefs.sources.draft import draft
from migration_briefs.sources.write import import_source

AGENCY, MEETING = "iom", 2018

SUBJECTS = ["IOM", "The Organization", "It", "Our regional office", "The project", "Member States", "We"]
VERBS = ["trained", "will train", "supported", "plans to support", "published", "co-organized", "took part in",
         "was strengthened by", "led to", "intends to launch", "has been working on", "is"]
OBJECTS = [
    "200 border officials on the rights of women migrant workers",
    "a side event at the 61st session of the Commission on the Status of Women",
    "three regional reports on remittances",
    "the Committee on the Elimination of Discrimination against Women (CEDAW)",
    "a policy brief on fair recruitment with the ILO and UN Women",
    "national laws in line with target 10.7",
    "Sustainable Development Goals 5 and 8",
    "SDG 10.c and Goal Five",
    "target ten point seven",
    "women migrants in Nepal, Bangladesh and Sri Lanka",
    "Filipino domestic workers",
    "the Global Forum on Migration and Development (GFMD)",
    "the Working Group on discrimination against women in law and practice",
    "a conference in Geneva from 12 to 14 June 2017",
    "a workshop in Q3 2017",
    "a panel on 8 March 2017 in New York",
    "the Government of Mexico and the Republic of Moldova",
    "a study on returnees in the Horn of Africa",
    "the former Yugoslav Republic of Macedonia and Serbia",
]
TAILS = ["", " in 2016", " in 2017", " during 2018", " by the end of 2017", " last year", " next year",
         ", which will end in 2019", " (see annex)", "¹", " [1]"]
HEADINGS = ["Activities undertaken during 2017", "Initiatives planned for 2018", "Background", "Lessons learned",
            "Way forward", "Next steps", "Disclaimer", "Annex: events", "Introduction", "Context",
            "Results achieved", "Partnerships", "2016 and 2017"]

# any letters, digits, punctuation and symbols the briefs' fonts print (what they cannot print,
# validate refuses in a sentence of its own)
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn"))
                .filter(lambda c: not uncovered(c)), min_size=1, max_size=30).map(str.strip).filter(
                    lambda w: any(c.isalpha() for c in w))
sentence = st.one_of(
    st.builds(lambda s, v, o, t: f"{s} {v} {o}{t}.", st.sampled_from(SUBJECTS), st.sampled_from(VERBS),
              st.sampled_from(OBJECTS), st.sampled_from(TAILS)),
    st.builds(lambda w: f"{w}.", words),
    st.sampled_from(["In Niger, IOM trained 40 labour inspectors.", "On 8 March, the agency spoke at CSW61.",
                     "IOM's work contributes to SDG 8.", "It does so through partners such as UNHCR and UNDP.",
                     "The views expressed here are those of the authors."]))
paragraph_text = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
heading_text = st.one_of(st.sampled_from(HEADINGS), words)


@st.composite
def block(draw) -> str:
    kind = draw(st.sampled_from(["heading", "roman", "lettered", "run-in", "numbered", "paragraph", "bullets",
                                 "list", "table", "footnote"]))
    title = draw(heading_text).replace("\n", " ")
    if kind == "heading":
        return f"{'#' * draw(st.integers(2, 3))} {title}"
    if kind == "roman":
        return f"## {draw(st.sampled_from(['I', 'II', 'IV', 'IX']))}. {title}"
    if kind == "lettered":
        return f"### {draw(st.sampled_from('ABCD'))}. {title}"
    text = draw(paragraph_text)
    if kind == "run-in":
        return f"**{title}.** {text}"
    if kind == "numbered":
        return f"{draw(st.integers(1, 40))}. {text}"
    if kind in ("bullets", "list"):
        lead = draw(paragraph_text).rstrip(".") + ":"
        mark = "-" if kind == "bullets" else "1."
        return lead + "\n\n" + "\n".join(f"{mark} {item}" for item in draw(st.lists(paragraph_text, min_size=1,
                                                                                     max_size=4)))
    if kind == "table":
        rows = draw(st.lists(st.tuples(st.sampled_from(["8 March 2017", "June 2016", "Q3 2017", "2018", ""]),
                                       words, st.sampled_from(["Geneva", "Nairobi", "Bangkok", "online"])),
                             min_size=1, max_size=4))
        cells = ["| Date | Event | Place |", "|---|---|---|"]
        cells += [f"| {d} | {e.replace('|', ' ')} | {p} |" for d, e, p in rows]
        return "\n".join(cells)
    if kind == "footnote":
        return f"{text}[^1]\n\n[^1]: {draw(paragraph_text)}"
    return text


# a readable paper has a paragraph somewhere (one of only headings is refused, in one sentence)
documents = st.builds(lambda before, text, after: "\n\n".join([*before, text, *after]) + "\n",
                      st.lists(block(), max_size=6), paragraph_text, st.lists(block(), max_size=6))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("properties")
    data = root / "data"
    shutil.copytree(paths.REFERENCE_DIR, data / "reference")
    shutil.copy(paths.DATA_DIR / "publisher.yaml", data / "publisher.yaml")
    (data / "sources").mkdir()
    (data / "contributions").mkdir()
    return root


@seed(20261206)  # the same documents in every checkout and process (derandomize hashes the file's path)
@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))  # the machine may be loaded; the generator filters
@given(markdown=documents)
# what it found once: work in a numbered list before a late heading was read as the title block,
# and a paragraph reporting work was dropped for a disclaimer it says in passing
@example(markdown="**Activities in 2017.** r.\n\n1. IOM trained 200 border officials. IOM trained 200 border "
                  "officials on the rights of women migrant workers.\n\n## Activities in 2017\n")
@example(markdown="### D. Partnerships\n\nÔ. The Organization published laws. In Niger, IOM trained 40 labour "
                  "inspectors. The views expressed here are those of the authors.\n\n## IX. Other\n")
@example(markdown="In Niger, IOM trained 40 labour inspectors.\n\n## Activities undertaken during 2017\n")
@example(markdown="The views expressed here are those of the authors.\n")
def test_any_readable_paper_drafts_into_valid_data(project, markdown):
    paper = project / "paper.md"
    paper.write_text(f"---\ntitle: A paper of random shape\n---\n\n{markdown}", encoding="utf-8")
    for old in (project / "data" / "sources").glob("*.yaml"):
        old.unlink()
    shutil.rmtree(project / "data" / "contributions", ignore_errors=True)
    (project / "data" / "contributions").mkdir()
    import_source(paper, name="random-paper", root=project)
    path, count = draft(AGENCY, MEETING, "random-paper", root=project)
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = written.get("items") or []
    assert len(items) == count
    assert all(isinstance(item["id"], str) and item.get("draft") is True for item in items)
    [contribution] = load(project).contributions  # DataValidationError names the file and line
    assert len(contribution.items) == count
