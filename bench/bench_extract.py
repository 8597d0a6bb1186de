"""Throughput of article extraction, against jieba's plain segmentation of the same text.

    .venv/bin/python bench/bench_extract.py [--mb 5] [--repeat 1]

A corpus of at least ``--mb`` MB (UTF-8) is generated at run time from the test articles
in ``tests/data/extract/articles`` and, when present, the shared development articles in
``../shared/seeds`` (varied: their lines are shuffled and some places swapped for other
prefecture-level cities of the gazetteer, so no two articles are the same), then:

- ``extract``: the full pipeline per article (cleaning, sentences, recognition,
  resolution, relations, provenance), one core;
- the same pipeline again stage by stage, to show where the time goes;
- ``recognise``: mention recognition alone over the cleaned sentences;
- ``jieba.lcut`` over the same cleaned text (dictionary loaded beforehand).

Prints MB/s for each (MB of UTF-8 input per second of one core's CPU time, so other
processes on the machine matter less; with ``--repeat N`` the fastest of N runs, which
is steadier on a busy machine) and the ratio of extraction to jieba. Nothing is
written to disk. Cleaning alone, and its linearity on a 50 MB file, is measured by
``bench/bench_normalise.py``. The target from the issue is >= 1 MB/s for ``extract``.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from aidgraph.graph.model import Source, SourceKind
from aidgraph.ingest.articles import _build, _masked, default_extractor
from aidgraph.ingest.gazetteer import default_gazetteer
from aidgraph.ingest.normalise import Document, normalise
from aidgraph.ingest.resolve import flatten
from aidgraph.ingest.sentences import split_sentences

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract" / "articles"
# The project's shared development articles, used too when present (read, never copied).
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def corpus(min_mb: float, seed: int = 7) -> list[str]:
    """Varied articles totalling at least ``min_mb`` MB of UTF-8."""
    rng = random.Random(seed)
    paths = sorted(ARTICLES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    bases = [p.read_text(encoding="utf-8") for p in paths]
    cities = [
        p.name for p in default_gazetteer() if p.level == "prefecture" and p.name.endswith("市")
    ]
    swaps = ["杭州市", "汉中市", "清远市", "固原市", "布拖县", "临潭县", "天津市", "重庆市"]
    out: list[str] = []
    size = 0
    while size < min_mb * 1_000_000:
        text = rng.choice(bases)
        lines = text.split("\n")
        body = lines[1:]
        rng.shuffle(body)
        text = "\n".join([lines[0], *body])
        for name in swaps:
            text = text.replace(name, rng.choice(cities))
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1_000_000


def timed(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def clean(texts: list[str]) -> list[Document]:
    return [normalise(t, name=f"bench{i}.txt") for i, t in enumerate(texts)]


def run_extract(docs: list[Document]) -> None:
    ex = default_extractor()
    src = Source("0" * 64, SourceKind.ARTICLE, "bench")
    for doc in docs:
        ex.extract(doc, src)


def run_stages(docs: list[Document]) -> dict[str, float]:
    """CPU seconds of each stage of :meth:`ArticleExtractor.extract` over ``docs``."""
    ex = default_extractor()
    src = Source("0" * 64, SourceKind.ARTICLE, "bench")
    spent = dict.fromkeys(("sentences", "recognise", "resolve", "relate", "build"), 0.0)
    clock = time.process_time
    for doc in docs:
        t0 = clock()
        sentences = split_sentences(doc.text)
        texts = [_masked(s.text) for s in sentences]
        t1 = clock()
        mentions = [flatten(ex.recogniser.mentions(t, doc.text)) for t in texts]
        mentions = ex.recogniser.recall_persons(texts, mentions)
        t2 = clock()
        res = ex.resolver.resolve(mentions)
        t3 = clock()
        relations = ex.relater.relate(texts, mentions, res)
        t4 = clock()
        _build(doc, src, sentences, res, relations)
        t5 = clock()
        for name, spent_here in zip(
            spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True
        ):
            spent[name] += spent_here
    return spent


def run_recognise(sentences: list[str]) -> None:
    rec = default_extractor().recogniser
    for s in sentences:
        rec.mentions(s)


def run_jieba(texts: list[str]) -> None:
    import jieba

    for t in texts:
        jieba.lcut(t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    ap.add_argument("--repeat", type=int, default=1, help="runs; the fastest counts")
    args = ap.parse_args()

    def fastest(fn, *fn_args) -> float:
        return min(timed(fn, *fn_args) for _ in range(max(1, args.repeat)))

    texts = corpus(args.mb)
    size = mb(texts)
    default_extractor()  # load lexicons and automatons outside the timing
    import jieba

    jieba.initialize()
    docs = clean(texts)
    t_clean = fastest(clean, texts)
    sentences = [s.text for d in docs for s in split_sentences(d.text)]
    clean_texts = [d.text for d in docs]

    t_extract = fastest(run_extract, docs) + t_clean
    stages = {"cleaning": t_clean, **run_stages(docs)}
    t_recognise = fastest(run_recognise, sentences)
    t_jieba = fastest(run_jieba, clean_texts)

    print(f"corpus: {len(texts)} articles, {size:.2f} MB, {len(sentences)} sentences")
    print(f"extract (clean + all stages): {size / t_extract:6.2f} MB/s  ({t_extract:.1f} s)")
    for name, spent in stages.items():
        share = spent / sum(stages.values())
        print(f"  {name + ':':<27} {size / spent:6.2f} MB/s  ({spent:.1f} s, {share:4.0%})")
    print(f"recognise only:               {size / t_recognise:6.2f} MB/s  ({t_recognise:.1f} s)")
    print(f"jieba.lcut:                   {size / t_jieba:6.2f} MB/s  ({t_jieba:.1f} s)")
    print(f"extract / jieba speed ratio:  {t_jieba / t_extract:6.2f}")


if __name__ == "__main__":
    main()
