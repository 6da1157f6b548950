"""Scale benchmark: index and search a synthetic corpus of 100,000 paragraphs made from the seeds.

    python eval/scale_bench.py                      # 100,000 paragraphs (about 40 min here)
    python eval/scale_bench.py --paragraphs 5000    # a quicker look

The corpus is generated (not committed): each synthetic paragraph joins one or two seed
sentences with their numbers changed, so every text is new to the embedder. The script prints
and writes (``--out``) indexing throughput, index size on disk, peak memory, retrieval p50/p90
with an exact (flat) and an approximate (HNSW) dense index, and the recall@10 HNSW keeps against
flat, then adds one article to show that an update embeds only its paragraphs.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from qa.corpus import scan_corpus  # noqa: E402
from qa.embed import Embedder, make_embedder  # noqa: E402
from qa.index import Index, make_dense  # noqa: E402
from qa.retrieve import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402

PER_ARTICLE = 100
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def seed_sentences(seeds: Path) -> list[str]:
    out = []
    for article in scan_corpus(seeds).articles:
        for p in article.paragraphs[2:]:  # past the title and date lines
            out.extend(s for s in _SENTENCE.split(p.text) if len(s.split()) >= 6)
    return out


def make_corpus(folder: Path, paragraphs: int, seeds: Path, seed: int = 0) -> int:
    """Write ``paragraphs`` unique synthetic paragraphs, ``PER_ARTICLE`` per article file."""
    rng = random.Random(seed)
    sentences = seed_sentences(seeds)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    made = 0
    article = 0
    while made < paragraphs:
        lines = [f"date 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} Synthetic report {article}"]
        while len(lines) < PER_ARTICLE + 1 and made < paragraphs:
            picked = rng.sample(sentences, rng.randint(1, 2))  # seed paragraphs hold one or two sentences
            text = " ".join(re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group()))), s) for s in picked)
            if text in seen:
                continue
            seen.add(text)
            lines.append(text)
            made += 1
        (folder / f"synthetic_{article:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        article += 1
    return made


def percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "p50": round(statistics.median(values), 2),
        "p90": round(values[min(len(values) - 1, int(0.9 * len(values)))], 2),
    }


def disk_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def queries(seeds_gold: Path, corpus_sentences: list[str], n: int, rng: random.Random) -> list[str]:
    gold = [json.loads(line)["question"] for line in seeds_gold.read_text().splitlines() if line.strip()]
    picked = rng.sample(corpus_sentences, min(len(corpus_sentences), max(0, n - len(gold))))
    return (gold + [" ".join(s.split()[:12]) for s in picked])[:n]


def measure_retrieval(index: Index, embedder: Embedder, n_queries: int) -> dict:
    """Exact against approximate dense search, on the same vectors and queries."""
    rng = random.Random(1)
    qs = queries(
        REPO / "eval" / "gold.jsonl",
        [p.text for p in rng.sample(index.paragraphs, min(500, len(index)))],
        n_queries,
        rng,
    )
    qvecs = embedder.embed(qs)
    parts: dict[str, list[float]] = {"embed_query_ms": [], "bm25_ms": []}
    for q in qs:  # where a retrieval's time goes, besides the dense search
        t = time.perf_counter()
        embedder.embed([q])
        parts["embed_query_ms"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.search_lexical(q, 50)
        parts["bm25_ms"].append((time.perf_counter() - t) * 1000)
    variants: dict = {k: percentiles(v) for k, v in parts.items()}
    built = index.dense
    for kind in ("flat", "hnsw"):
        t = time.perf_counter()
        dense = built if index.manifest.dense == kind else make_dense(index.vectors, kind)
        built_s = time.perf_counter() - t
        index.dense = dense
        retriever = Retriever(index, embedder)
        for q in qs[:5]:  # warm caches
            retriever.retrieve(q, 5)
        full, dense_only, ids = [], [], []
        for q, v in zip(qs, qvecs, strict=True):
            t = time.perf_counter()
            retriever.retrieve(q, 5)
            full.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            hits = index.search_dense(v, 10)
            dense_only.append((time.perf_counter() - t) * 1000)
            ids.append([i for i, _ in hits])
        variants[kind] = {
            "build_s": round(built_s, 1),
            "retrieve_ms": percentiles(full),
            "dense_search_ms": percentiles(dense_only),
            "ids": ids,
        }
    flat_ids, hnsw_ids = variants["flat"].pop("ids"), variants["hnsw"].pop("ids")
    recall = np.mean([len(set(a) & set(b)) / max(1, len(a)) for a, b in zip(flat_ids, hnsw_ids, strict=True)])
    variants["hnsw"]["recall_at_10_vs_flat"] = round(float(recall), 4)
    return {"queries": len(qs), "paragraphs": len(index), **variants}


def load_embedder(spec: str | None) -> Embedder:
    """The embedder qa would use for ``QA_EMBEDDER=spec`` (the static one is made under QA_HOME)."""
    embedder = make_embedder(spec, Settings.from_env().home / "models", print)
    embedder.load()
    return embedder


def search_only(args: argparse.Namespace) -> int:
    embedder = load_embedder(args.embedder)
    index = Index.load(args.work / "index")
    result = {"retrieval": measure_retrieval(index, embedder, args.queries), "peak_rss_mb": round(peak_rss_mb(), 0)}
    print(json.dumps(result["retrieval"]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paragraphs", type=int, default=100_000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/qa-scale"), help="corpus and index go here")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--out", type=Path, default=REPO / "eval" / "runs" / "scale.json")
    ap.add_argument("--keep", action="store_true", help="reuse a corpus already in --work")
    ap.add_argument(
        "--search-only", action="store_true", help="measure retrieval on the index already in --work (no indexing)"
    )
    ap.add_argument(
        "--embedder",
        default=None,
        help="as QA_EMBEDDER: 'static' for the distilled static model, a model folder, or the default MiniLM",
    )
    args = ap.parse_args(argv)
    if args.search_only:
        return search_only(args)

    corpus_dir, index_dir = args.work / "articles", args.work / "index"
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    if not corpus_dir.exists():
        t = time.perf_counter()
        made = make_corpus(corpus_dir, args.paragraphs, REPO / "seeds")
        print(f"generated {made:,} paragraphs in {time.perf_counter() - t:.1f} s", flush=True)
    shutil.rmtree(index_dir, ignore_errors=True)

    result: dict = {"paragraphs_requested": args.paragraphs}
    embedder = load_embedder(args.embedder)
    result["embedder"] = embedder.name

    t0 = time.perf_counter()
    corpus = scan_corpus(corpus_dir)
    t_scan = time.perf_counter() - t0

    def progress(description: str, total: int | None):
        from contextlib import contextmanager

        @contextmanager
        def bar():
            start = time.perf_counter()

            class Task:
                done = 0

                def advance(self, amount: int = 1) -> None:
                    Task.done += amount
                    if Task.done % 5120 < amount or Task.done == total:
                        rate = Task.done / (time.perf_counter() - start)
                        eta = ((total or 0) - Task.done) / rate if rate else 0
                        print(
                            f"  {description}: {Task.done:,}/{total:,} {rate:.0f}/s ETA {eta / 60:.1f} min", flush=True
                        )

            yield Task()

        return bar()

    t1 = time.perf_counter()
    index = Index.build(corpus.articles, embedder, corpus=str(corpus_dir), progress=progress)
    t_build = time.perf_counter() - t1
    t2 = time.perf_counter()
    index.save(index_dir)
    t_save = time.perf_counter() - t2
    n = len(index)
    result["indexing"] = {
        "paragraphs": n,
        "articles": len(corpus.articles),
        "scan_s": round(t_scan, 1),
        "build_s": round(t_build, 1),
        "save_s": round(t_save, 1),
        "paragraphs_per_s": round(n / (t_scan + t_build + t_save), 1),
        "dense_kind": index.manifest.dense,
        "index_mb_on_disk": round(disk_size(index_dir) / 1e6, 1),
        "peak_rss_mb": round(peak_rss_mb(), 0),
    }
    print(json.dumps(result["indexing"]), flush=True)

    result["retrieval"] = measure_retrieval(index, embedder, args.queries)
    print(json.dumps(result["retrieval"]), flush=True)

    # ---- an update: one more article ----------------------------------------------------
    make_corpus(args.work / "extra", 12, REPO / "seeds", seed=99)
    lines = (args.work / "extra" / "synthetic_00000.txt").read_text(encoding="utf-8").splitlines()[1:]
    (corpus_dir / "zz_added.txt").write_text(
        "date 2025-12-31 Added report\n" + "".join(f"Late update: {line}\n" for line in lines), encoding="utf-8"
    )
    t = time.perf_counter()
    corpus2 = scan_corpus(corpus_dir)
    updated = Index.build(corpus2.articles, embedder, corpus=str(corpus_dir), previous=Index.load(index_dir))
    updated.save(index_dir)
    result["update_one_article"] = {
        "seconds": round(time.perf_counter() - t, 1),
        "summary": updated.changes.summary(),
        "embedded": updated.changes.embedded,
    }
    result["peak_rss_mb"] = round(peak_rss_mb(), 0)
    print(json.dumps(result["update_one_article"]), flush=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
