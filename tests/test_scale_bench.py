"""The scale benchmark script, run small: it must generate, index, compare and update."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

import scale_bench  # noqa: E402

from qa.corpus import read_corpus  # noqa: E402

from .conftest import SEEDS  # noqa: E402


def test_synthetic_corpus_is_unique_and_seed_like(tmp_path: Path):
    made = scale_bench.make_corpus(tmp_path / "c", 250, SEEDS)
    paragraphs = [p for a in read_corpus(tmp_path / "c") for p in a.paragraphs if p.number > 1]
    assert made == len(paragraphs) == 250
    assert len({p.text for p in paragraphs}) == 250
    seed_words = {w for a in read_corpus(SEEDS) for p in a.paragraphs for w in p.text.split()}
    assert all(len(set(p.text.split()) & seed_words) >= 5 for p in paragraphs)


def test_small_run_writes_figures(tmp_path: Path):
    out = tmp_path / "scale.json"
    assert (
        scale_bench.main(["--paragraphs", "300", "--work", str(tmp_path / "w"), "--queries", "40", "--out", str(out)])
        == 0
    )
    result = json.loads(out.read_text())
    indexing = result["indexing"]
    assert indexing["paragraphs"] == 303 and indexing["paragraphs_per_s"] > 0 and indexing["index_mb_on_disk"] > 0
    retrieval = result["retrieval"]
    assert set(retrieval) >= {"flat", "hnsw", "queries"} and retrieval["queries"] == 40
    assert 0.9 <= retrieval["hnsw"]["recall_at_10_vs_flat"] <= 1.0
    assert retrieval["flat"]["retrieve_ms"]["p50"] > 0
    assert result["update_one_article"]["embedded"] == 13
