"""How long `briefs import-source` takes on the seed document in each format.

Makes the seed's PDF (7 A5 pages), Word and text versions the way the tests do, then times
(a) reading each into paragraphs in a warm process (median of --repeat runs), (b) a PDF ten times
as long, (c) the whole command as a person runs it, in a fresh process, PDF to written file, and
(d) the whole command on a Word file of --paragraphs paragraphs (a long report; 0 leaves it out),
once, with its peak memory.

    .venv/bin/python bench/import_source.py [--repeat 5] [--paragraphs 100000]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from migration_briefs.sources.paragraphs import import_document  # noqa: E402
from tests.documents import seed_markdown, write_docx, write_long_docx, write_pdf, write_text  # noqa: E402


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        markdown = seed_markdown()
        md = folder / "seed.md"
        md.write_text(markdown, encoding="utf-8")
        files = {"md": md, "txt": write_text(markdown, folder / "seed.txt"),
                 "docx": write_docx(markdown, folder / "seed.docx"), "pdf": write_pdf(markdown, folder / "seed.pdf"),
                 "pdf x10": write_pdf("\n\n".join([markdown] * 10), folder / "seed-x10.pdf")}
        import_document(files["pdf"])  # import the libraries once, outside the timings
        print(f"{'document':10} {'paragraphs':>10} {'median s':>9} {'min s':>7}")
        for label, path in files.items():
            count = len(import_document(path).paragraphs)
            times = timed(lambda path=path: import_document(path), args.repeat)
            print(f"{label:10} {count:>10} {statistics.median(times):>9.3f} {min(times):>7.3f}")
        project = folder / "project"
        shutil.copytree(ROOT / "data" / "reference", project / "data" / "reference")
        shutil.copy(ROOT / "data" / "publisher.yaml", project / "data" / "publisher.yaml")
        (project / "data" / "sources").mkdir()
        (project / "data" / "contributions").mkdir()
        env = {**os.environ, "MIGRATION_BRIEFS_ROOT": str(project)}
        briefs = Path(sys.executable).parent / "briefs"
        times = []
        for i in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([str(briefs), "import-source", str(files["pdf"]), "--name", f"seed-{i}"],
                           env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"\n`briefs import-source seed.pdf` in a fresh process, to a written file: "
              f"median {statistics.median(times):.2f} s, min {min(times):.2f} s ({args.repeat} runs)")
        if args.paragraphs:
            long = write_long_docx(args.paragraphs, folder / "long.docx")
            start = time.perf_counter()
            done = subprocess.run([str(briefs), "import-source", str(long)], env=env, check=True, capture_output=True)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**10
            said = len(done.stderr.splitlines())
            print(f"`briefs import-source` on a Word file of {args.paragraphs:,} paragraphs, in a fresh process: "
                  f"{seconds:.1f} s, peak memory {peak:.0f} MB (of the largest child so far), {said} progress lines")


if __name__ == "__main__":
    main()
