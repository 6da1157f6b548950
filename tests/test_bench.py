"""The benchmark's bookkeeping, with fakes: both strategies timed on the same questions."""

import json

from qa import Assistant, Settings
from qa.bench import render, run_bench
from qa.evaluate import load_gold
from qa.settings import REPO_DIR
from tests.conftest import KeywordEmbedder, QueueGenerator


def test_bench_reports_both_strategies_and_ratios(tmp_path, seeds_copy):
    s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "home")
    a = Assistant(s, embedder=KeywordEmbedder(), generator=QueueGenerator())
    items = [i for i in load_gold(REPO_DIR / "eval" / "gold.jsonl", "dev")][:3]
    figures = run_bench(a, items, cold_runs=0, generator_for=lambda name: QueueGenerator())
    assert set(figures["strategies"]) == {"auto", "topk"}
    for run in figures["strategies"].values():
        assert run["questions"] == 3 and run["answer_ms_p50"] is not None
    assert figures["index_paragraphs"] == 76 and figures["index_build_s"] >= 0
    json.dumps(figures)  # written as JSON
    text = render(figures)
    assert "first_token_ms_p50" in text and "index build" in text


def test_bench_times_any_strategies_and_divides_by_the_first(tmp_path, seeds_copy):
    from tests.conftest import ResidentQueueGenerator

    s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "home")
    a = Assistant(s, embedder=KeywordEmbedder(), generator=QueueGenerator())
    items = [i for i in load_gold(REPO_DIR / "eval" / "gold.jsonl", "dev")][:2]
    order = ("article", "resident", "topk")
    figures = run_bench(a, items, cold_runs=0, strategies=order, generator_for=lambda name: ResidentQueueGenerator())
    assert list(figures["strategies"]) == list(order)
    assert [figures[f"{n}_effective"] for n in order] == list(order)
    assert set(figures["ratios"]) <= {
        f"{n}/article_{k}" for n in order[1:] for k in ("first_token_ms_p50", "answer_ms_p50")
    }
    assert any(k.startswith("resident/") for k in figures["ratios"]) and any(
        k.startswith("topk/") for k in figures["ratios"]
    )
