"""The Word documents of the fixture briefs read back beside their pages: the measure of issue 26's
point 4 (each brief as a .docx holding what its page shows).

    .venv/bin/python bench/word.py [--agencies N]

In a scratch folder, builds as HTML and Word every brief of each fixture project under
tests/fixtures/projects/, and the briefs across agencies of a synthetic corpus of N agencies
(bench/corpus.py, default 5: enough for the system briefs' charts, which the fixtures' briefs do
not draw). For each brief it reads the page and the document apart (tests/word.py: the page with
the standard library's parser, what print and the eye hide left out; the document with
python-docx) and prints the headings, tables, images and links of each, whether every one is the
same (level and text, caption and rows, alt text, address), the document's bytes and the time
writing it took (render/word.py, on the page already built), then the totals.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402
from migration_briefs.pipeline.run import Filters, build  # noqa: E402
from migration_briefs.render.word import html_to_docx  # noqa: E402
from tests.projects import FIXTURE_PROJECTS, assemble  # noqa: E402
from tests.word import docx_outline, page_outline  # noqa: E402


def measure(label: str, root: Path, filters: Filters | None = None) -> list[dict]:
    report = build(filters, formats=("html", "docx"), jobs=2, root=root, log=lambda *a, **k: None)
    if report.failed:
        raise SystemExit("\n".join(f.error for f in report.failed))
    rows = []
    for page in sorted((root / "build").glob("*/*/*.html")):
        html = page.read_text(encoding="utf-8")
        word = page.with_suffix(".docx").read_bytes()
        start = time.perf_counter()
        again = html_to_docx(html)
        seconds = time.perf_counter() - start
        shown, held = page_outline(html, sent_as=".docx"), docx_outline(word)
        rows.append({"brief": f"{label}: {page.relative_to(root / 'build').with_suffix('').as_posix()}",
                     "page": shown.counts(), "docx": held.counts(), "same": shown == held and again == word,
                     "bytes": len(word), "seconds": seconds})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=5, help="agencies of the synthetic corpus (default 5)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as scratch:
        for fixture in sorted(p.name for p in FIXTURE_PROJECTS.iterdir() if (p / "data").is_dir()):
            rows += measure(fixture, assemble(fixture, Path(scratch) / fixture))
        corpus = write_corpus(Path(scratch) / "synthetic", agencies=args.agencies, meetings=2, seed=0)
        rows += measure(f"synthetic ({args.agencies} agencies)", corpus, Filters(agency="all"))
    print(f"{'brief':58} {'headings':>9} {'tables':>7} {'images':>7} {'links':>9}  same  {'kB':>4} {'ms':>4}")
    for row in rows:
        pairs = [f"{a}/{b}" for a, b in zip(row["page"], row["docx"])]
        print(f"{row['brief']:58} {pairs[0]:>9} {pairs[1]:>7} {pairs[2]:>7} {pairs[3]:>9}  {'yes' if row['same'] else 'NO':4}"
              f"  {row['bytes'] / 1000:4.0f} {row['seconds'] * 1000:4.0f}")
    totals = [sum(row["page"][n] for row in rows) for n in range(4)]
    held = [sum(row["docx"][n] for row in rows) for n in range(4)]
    print(f"\n{len(rows)} briefs, page/document: headings {totals[0]}/{held[0]}, tables {totals[1]}/{held[1]}, "
          f"images {totals[2]}/{held[2]}, links {totals[3]}/{held[3]}; "
          f"{sum(row['same'] for row in rows)} of {len(rows)} the same in every one (and the same bytes written again); "
          f"writing a document: median {statistics.median(r['seconds'] for r in rows) * 1000:.0f} ms, "
          f"largest {max(r['bytes'] for r in rows) / 1000:.0f} kB")
    return 0 if all(row["same"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
