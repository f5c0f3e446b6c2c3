"""How long printing a brief's HTML to PDF takes, in one process, as a build worker does it.

    .venv/bin/briefs build --format html            # or any folder of built brief HTML
    .venv/bin/python bench/pdf_fonts.py build/ --rounds 3

Reports the first print (which pays for setting up fonts once per process) and the median of
the later rounds, per brief, for the briefs as built and for the same briefs with a Chinese
sentence added to each (which makes WeasyPrint embed the Chinese font), in CPU seconds of this
process (WeasyPrint is single-threaded, and CPU time is what other load on the machine
disturbs least) and in wall-clock seconds. To compare with another version of the library, run
the script with PYTHONPATH pointing at that version's src/, alternating the two.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

CHINESE = "<p>国际移民协调会议：性别平等与妇女赋权。</p>"


def briefs(build_dir: Path) -> list[Path]:
    return sorted(p for p in build_dir.rglob("*.html")
                  if p.name != "index.html" and "sources" not in p.relative_to(build_dir).parts)


def print_all(pages: list[str], html_to_pdf) -> tuple[float, float]:
    """(CPU seconds, wall-clock seconds) to print every page."""
    cpu, wall = time.process_time(), time.perf_counter()
    for html in pages:
        html_to_pdf(html)
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import migration_briefs.render.exporters as render

    files = briefs(args.build_dir)
    pages = [p.read_text(encoding="utf-8") for p in files]
    with_chinese = [html.replace('<main id="content">', '<main id="content">' + CHINESE, 1) for html in pages]
    print(f"library: {Path(render.__file__).parent}")
    print(f"{len(pages)} briefs from {args.build_dir}")
    cpu, wall = print_all(pages[:1], render.html_to_pdf)
    print(f"first print in this process: {cpu:.3f} s CPU, {wall:.3f} s wall ({files[0].name})")
    for label, batch in (("as built", pages), ("with a Chinese sentence", with_chinese)):
        rounds = [print_all(batch, render.html_to_pdf) for _ in range(args.rounds)]
        cpu, wall = (statistics.median(r[i] for r in rounds) / len(batch) for i in (0, 1))
        print(f"{label:24} per brief, median of {args.rounds} rounds: {cpu:.4f} s CPU, {wall:.4f} s wall "
              f"(CPU per round: {', '.join(f'{r[0]:.2f}' for r in rounds)})")


if __name__ == "__main__":
    main()
