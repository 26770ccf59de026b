"""Benchmark: extraction characters per second with and without the learned name component.

    .venv/bin/python bench/bench_extract.py [FILE ...] [--repeat 3] [--models none,lac,posseg,lac-all]

On the same texts (default: the bundled corpus) and in one process, prints characters per second of
- bare ``spacy.blank("zh")`` tokenisation (character segmentation: the floor any pipeline pays),
- the learned component alone (``zhichan_names``, per model),
- the whole extraction stage (``extract_text``: normalise, pipeline, resolution, mapping) per name model
  (``none`` = rules only; ``lac`` = LAC on sentences jieba.posseg finds a person-like word in, the default).
CPU seconds of this process are reported beside wall seconds, since the machine may be shared.
Figures, not assertions: compare them across changes on the same machine.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import spacy

from zhichan import pipeline
from zhichan.components.names import MODEL_ENV, NameProposer
from zhichan.config import corpus_dir
from zhichan.document import read_document
from zhichan.extraction import extract_text
from zhichan.rules import cached_rules


def timed(fn, repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` runs of ``fn`` (after one warm-up run)."""
    fn()
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, help="documents (default: data/corpus/*.txt)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measurement; the best is reported")
    ap.add_argument("--models", default="none,lac", help="name models to compare, comma-separated")
    args = ap.parse_args()
    files = args.files or sorted(corpus_dir().glob("*.txt"))
    docs = [read_document(p) for p in files]
    chars = sum(len(text) for _, text in docs)
    print(f"{len(docs)} documents, {chars} characters, best of {args.repeat} runs")
    print(f"{'measurement':38} {'chars/s (wall)':>15} {'chars/s (cpu)':>14}")

    def report(name: str, wall: float, cpu: float) -> None:
        print(f"{name:38} {chars / wall:15,.0f} {chars / max(cpu, 1e-9):14,.0f}")

    blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    report('spacy.blank("zh") tokenisation', *timed(lambda: [blank.make_doc(t) for _, t in docs], args.repeat))

    surnames = cached_rules(None).surnames
    for model in args.models.split(","):
        if model != "none":
            proposer = NameProposer(model, surnames)
            report(f"zhichan_names alone ({model})", *timed(lambda: [proposer.propose(t) for _, t in docs],
                                                             args.repeat))
    saved = os.environ.get(MODEL_ENV)
    try:
        for model in args.models.split(","):
            os.environ[MODEL_ENV] = model
            pipeline.build_pipeline.cache_clear()
            report(f"extraction, name model {model}", *timed(lambda: [extract_text(i, t) for i, t in docs],
                                                             args.repeat))
    finally:
        if saved is None:
            os.environ.pop(MODEL_ENV, None)
        else:
            os.environ[MODEL_ENV] = saved
        pipeline.build_pipeline.cache_clear()


if __name__ == "__main__":
    main()
