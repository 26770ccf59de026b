"""Extract a folder of documents once and keep each document's quads as an N-Quads file.

    .venv/bin/python bench/extract_cache.py /tmp/zc-bench/corpus /tmp/zc-bench/nq

Input: ``.txt`` files. Output: ``<stem>.nq`` per document (skipped when it exists) and ``timing.tsv``
(stem, characters, CPU seconds of extraction): the store and query benchmarks then rebuild stores of
any size from these files in seconds instead of re-extracting.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from zhichan.extraction import extract_file
from zhichan.rdf import extraction_quads


def main(src: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    timing = out / "timing.tsv"
    with timing.open("a", encoding="utf-8") as log:
        for path in sorted(src.glob("*.txt")):
            target = out / f"{path.stem}.nq"
            if target.exists():
                continue
            t0 = time.process_time()
            x = extract_file(path)
            cpu = time.process_time() - t0
            quads = extraction_quads(x)
            tmp = target.with_suffix(".part")
            tmp.write_text("".join(f"{q} .\n" for q in quads), encoding="utf-8")
            tmp.rename(target)
            log.write(f"{path.stem}\t{x.document.chars}\t{cpu:.3f}\n")
            log.flush()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
