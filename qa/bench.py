"""The speed benchmark: the project's strategy and the plain top-k prompt, side by side.

Both run in one process on the same questions, interleaved (and alternating which goes
first), so a noisy shared machine slows both alike and the ratios stay meaningful.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa.assistant import Assistant
from qa.corpus import read_corpus
from qa.embed import QUICK_TEXTS
from qa.evaluate import GoldItem, key_fact_accuracy, percentile
from qa.generate import Generator
from qa.index import Index
from qa.progress import Notify, ProgressFactory, quiet, silent

# the project's default ("auto": resident when the corpus fits) against the plain prompt
STRATEGIES = ("auto", "topk")


@dataclass
class Run:
    """Per-question figures of one strategy."""

    strategy: str
    retrieve_ms: list[float] = field(default_factory=list)
    first_token_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)
    tokens_per_s: list[float] = field(default_factory=list)
    correct: list[bool] = field(default_factory=list)

    def summary(self) -> dict:
        def p(values: list[float], q: float) -> float | None:
            v = percentile(values, q / 100)
            return None if v is None else round(v, 1)

        return {
            "questions": len(self.total_ms),
            "retrieve_ms_p50": p(self.retrieve_ms, 50),
            "retrieve_ms_p90": p(self.retrieve_ms, 90),
            "first_token_ms_p50": p(self.first_token_ms, 50),
            "first_token_ms_p90": p(self.first_token_ms, 90),
            "answer_ms_p50": p(self.total_ms, 50),
            "answer_ms_p90": p(self.total_ms, 90),
            "generated_tokens_per_s_p50": p(self.tokens_per_s, 50),
            "key_facts_correct": sum(self.correct),
        }


def _peak_rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux


def _vm_hwm_mb(pid: int) -> float | None:
    """Peak resident memory of a live process (Linux), from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def time_cold_ask(question: str, settings_args: Sequence[str], env: dict[str, str]) -> dict:
    """A one-shot ``qa ask`` in a new process: interpreter start to the final answer.

    Its peak memory is read from /proc while it runs: ``ru_maxrss`` of a child also counts the
    forked copy of this (large) process before ``exec``.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa", "ask", "--json", question, *settings_args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    peak: float | None = None
    while proc.poll() is None:
        peak = _vm_hwm_mb(proc.pid) or peak
        time.sleep(0.1)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    result: dict = {
        "question": question,
        "seconds": round(seconds, 2),
        "exit_code": proc.returncode,
        "peak_rss_mb": peak,
    }
    if proc.returncode == 0:
        answer = json.loads(stdout.strip().splitlines()[-1])
        result["answer"] = answer["answer"]
        result["timings"] = answer["timings"]
    else:
        result["error"] = stderr.strip().splitlines()[-1:] or ""
    return result


def run_bench(
    assistant: Assistant,
    items: Sequence[GoldItem],
    *,
    cold_runs: int = 1,
    strategies: Sequence[str] = STRATEGIES,
    generator_for: Callable[[str], Generator] | None = None,
    progress: ProgressFactory = silent,
    notify: Notify = quiet,
) -> dict:
    """Measure both strategies on ``items``; returns the figures as a JSON-ready dict.

    Each strategy gets its own model context (``generator_for`` may supply one, e.g. a fake),
    so neither evicts the other's cached prompt.
    """
    s = assistant.settings
    figures: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
        "model": "fake" if generator_for else getattr(assistant.generator, "name", "?"),
        "threads": s.threads,
        "n_ctx": s.n_ctx,
        "top_k": s.top_k,
        "questions": len(items),
    }

    # ---- index build: embedding and indexing the corpus, from scratch, in memory ----------
    embedder = assistant.embedder
    t = time.perf_counter()
    embedder.embed(["warm up"])  # what a question needs (numpy for the bundled MiniLM)
    figures["question_encoder_load_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    embedder.embed(["warm up"] * (QUICK_TEXTS + 1))  # what indexing needs (sentence-transformers)
    figures["embedder_load_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    articles = read_corpus(s.corpus)
    built = Index.build(articles, embedder, corpus=str(s.corpus))
    seconds = time.perf_counter() - t
    figures["index_build_s"] = round(seconds, 2)
    figures["index_paragraphs"] = len(built)
    figures["index_paragraphs_per_s"] = round(len(built) / seconds, 1) if seconds else None

    # ---- the assistants: one per strategy, sharing embedder and index, own llama context -
    assistants: dict[str, Assistant] = {}
    for name in strategies:
        a = Assistant(
            s.with_(strategy=name),
            embedder=embedder,
            index=assistant.index,
            generator=generator_for(name) if generator_for else None,
            progress=progress,
            notify=notify,
        )
        t = time.perf_counter()
        a.load()
        figures[f"{name}_load_s"] = round(time.perf_counter() - t, 2)
        assistants[name] = a
    for name, a in assistants.items():
        figures[f"{name}_effective"] = a.strategy

    runs = {name: Run(name) for name in assistants}
    order = list(assistants)
    with progress("Benchmark questions", len(items) * len(order)) as task:
        for i, item in enumerate(items):
            for name in order if i % 2 == 0 else reversed(order):
                a = assistants[name]
                answer = a.ask(item.question)
                run = runs[name]
                run.retrieve_ms.append(answer.timings.retrieve_ms)
                if answer.timings.first_token_ms is not None:
                    run.first_token_ms.append(answer.timings.first_token_ms)
                run.total_ms.append(answer.timings.total_ms)
                count = getattr(a.generator, "count_tokens", None)
                if count and answer.raw and answer.timings.first_token_ms is not None:
                    gen_s = (answer.timings.total_ms - answer.timings.first_token_ms) / 1000
                    n = count(answer.raw)
                    if gen_s > 0 and n > 1:
                        run.tokens_per_s.append((n - 1) / gen_s)
                run.correct.append(
                    key_fact_accuracy(answer.text, item.key_facts) if item.answerable else answer.abstained
                )
                task.advance()
    figures["strategies"] = {name: run.summary() for name, run in runs.items()}
    first = figures["strategies"][order[0]]
    figures["ratios"] = {  # how many times slower each other strategy is than the first
        f"{name}/{order[0]}_{k}": round(figures["strategies"][name][k] / first[k], 2)
        for name in order[1:]
        for k in ("first_token_ms_p50", "answer_ms_p50")
        if first.get(k) and figures["strategies"][name].get(k)
    }
    figures["peak_rss_mb_bench_process"] = _peak_rss_mb(resource.RUSAGE_SELF)

    # ---- cold start: a fresh process, after the caches exist --------------------------------
    if cold_runs and items:
        args = ["--corpus", str(s.corpus), "--home", str(s.home)]
        if s.index_dir:
            args += ["--index", str(s.index_dir)]
        if s.model:
            args += ["--model", str(s.model)]
        env = dict(os.environ)
        env["QA_STRATEGY"] = strategies[0]
        # each run asks the next question: one question's answer length would set every figure
        colds = [time_cold_ask(items[i % len(items)].question, args, env) for i in range(cold_runs)]
        figures["cold_ask"] = colds
        ok = [c["seconds"] for c in colds if c["exit_code"] == 0]
        figures["cold_ask_s_p50"] = percentile(ok, 0.5) if ok else None
        peaks = [c["peak_rss_mb"] for c in colds if c["peak_rss_mb"]]
        figures["peak_rss_mb_one_shot_ask"] = max(peaks) if peaks else None
    return figures


def render(figures: dict) -> str:
    """The figures as a few readable lines."""
    lines = [
        f"index build: {figures['index_build_s']} s for {figures['index_paragraphs']} paragraphs"
        f" ({figures['index_paragraphs_per_s']} paragraphs/s); embedder load {figures['embedder_load_s']} s,"
        f" question encoder load {figures['question_encoder_load_s']} s",
    ]
    for name in figures["strategies"]:
        lines.append(f"{name} load (model, prompt cache): {figures[f'{name}_load_s']} s")
    header = ["", *figures["strategies"]]
    rows = [
        "retrieve_ms_p50",
        "retrieve_ms_p90",
        "first_token_ms_p50",
        "first_token_ms_p90",
        "answer_ms_p50",
        "answer_ms_p90",
        "generated_tokens_per_s_p50",
        "key_facts_correct",
    ]
    width = max(len(r) for r in rows) + 2
    lines.append("".join(h.ljust(width if i == 0 else 14) for i, h in enumerate(header)))
    for r in rows:
        cells = [str(figures["strategies"][n].get(r)) for n in figures["strategies"]]
        lines.append(r.ljust(width) + "".join(c.ljust(14) for c in cells))
    for k, v in figures.get("ratios", {}).items():
        lines.append(f"ratio {k}: {v}")
    if "cold_ask_s_p50" in figures:
        lines.append(f"cold one-shot qa ask: {figures['cold_ask_s_p50']} s (p50 of {len(figures['cold_ask'])})")
        lines.append(f"peak memory: one-shot ask {figures['peak_rss_mb_one_shot_ask']} MB RSS")
    lines.append(f"peak memory: bench process (all strategies) {figures['peak_rss_mb_bench_process']} MB RSS")
    return "\n".join(lines)
