"""Load benchmark for `qa serve`: 8 concurrent clients × 5 questions each, then a full queue.

    python eval/load_bench.py [--clients 8] [--per-client 5] [--out eval/runs/load.json]

Starts a real `qa serve` process on loopback. Every client asks the same gold questions, each
starting at a different one, one after another over HTTP. Every answer must come back to the
client that asked, equal to the answer every other client got for that question (qa is
deterministic, so any cross-talk between requests shows), and is scored against the key facts.
Then a server with a small queue gets more simultaneous requests than it holds: the overflow
must be answered 503 with Retry-After, and the rest answered. Prints and writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.evaluate import key_fact_accuracy, load_gold, percentile  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(queue: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve", "--port", str(port), "--queue", str(queue)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 1800
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"qa serve exited: {proc.stderr.read()[-500:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(1)
    raise SystemExit("qa serve did not start")


def ask(url: str, question: str) -> tuple[int, dict, float]:
    start = time.perf_counter()
    r = httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=3600)
    return (
        r.status_code,
        (r.json() if r.headers.get("content-type", "").startswith("application/json") else {}),
        (time.perf_counter() - start),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--per-client", type=int, default=5)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "runs" / "load.json")
    args = parser.parse_args()

    items = [i for i in load_gold(args.gold, "dev") if i.answerable][: args.per_client]
    figures: dict = {"clients": args.clients, "per_client": args.per_client, "questions": [i.id for i in items]}
    lock = threading.Lock()

    proc, url = start_server(queue=args.clients * 2)
    try:
        results: list[dict] = []

        def client(c: int) -> None:
            for k in range(len(items)):
                item = items[(c + k) % len(items)]
                status, data, seconds = ask(url, item.question)
                with lock:
                    results.append({"client": c, "item": item, "status": status, "data": data, "seconds": seconds})

        start = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=60)

    latencies = [r["seconds"] for r in results]
    answered = [r for r in results if r["status"] == 200]
    own = [r for r in answered if r["data"].get("question") == r["item"].question]
    by_question: dict[str, set[str]] = {}
    for r in own:
        by_question.setdefault(r["item"].question, set()).add(r["data"]["answer"])
    consistent = [r for r in own if len(by_question[r["item"].question]) == 1]
    correct = [r for r in own if key_fact_accuracy(r["data"]["answer"], r["item"].key_facts)]
    figures.update(
        {
            "sent": len(results),
            "answered_200": len(answered),
            "answered_to_the_asking_client": len(own),
            "same_answer_as_every_other_client": len(consistent),
            "key_facts_correct": len(correct),
            "latency_s_p50": round(percentile(latencies, 0.5), 1),
            "latency_s_p90": round(percentile(latencies, 0.9), 1),
            "latency_s_max": round(max(latencies), 1),
            "wall_s": round(wall, 1),
            "answers_per_minute": round(len(answered) / wall * 60, 2),
        }
    )

    # queue full: a queue of 2 and 6 simultaneous requests
    proc, url = start_server(queue=2)
    try:
        statuses: list[tuple[int, str | None]] = []

        def burst() -> None:
            r = httpx.post(f"{url}/v1/ask", json={"question": items[0].question}, timeout=3600)
            with lock:
                statuses.append((r.status_code, r.headers.get("retry-after")))

        threads = [threading.Thread(target=burst) for _ in range(6)]
        for t in threads:
            t.start()
            time.sleep(0.05)
        for t in threads:
            t.join()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    figures["queue_full"] = {
        "queue": 2,
        "sent": 6,
        "answered_200": sum(1 for s, _ in statuses if s == 200),
        "refused_503": sum(1 for s, _ in statuses if s == 503),
        "retry_after_s": sorted({int(r) for s, r in statuses if s == 503 and r}),
        "other": sorted({s for s, _ in statuses if s not in (200, 503)}),
    }
    figures["date"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    figures["command"] = "python eval/load_bench.py " + " ".join(sys.argv[1:])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
