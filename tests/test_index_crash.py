"""SIGKILL a real `qa index` at many moments: the previous index must keep answering.

The child is the real CLI with the real embedder. Kills land at exact points of the write
(before each fsync, each rename, each removal of an old generation: a wrapper kills the child
there) and at moments spread over a whole run.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.embed import SentenceEmbedder
from qa.index import CURRENT, Index
from qa.retrieve import Retriever

from .conftest import SEEDS

QUESTION = "When did Ju-ae make her first diplomatic outing?"
NEW_ARTICLE = "date 2025-07-02 A new article\nThe new article says the Kremlin hosted a concert in July.\n"

# Runs the CLI in this process after arranging to SIGKILL itself at the N-th call of FUNC.
KILLER = """
import os, shutil, signal, sys
module, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
owner = {"os": os, "shutil": shutil}[module]
real = getattr(owner, name)
calls = [0]
def wrapped(*args, **kwargs):
    calls[0] += 1
    if calls[0] == n:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(owner, name, wrapped)
sys.argv = ["qa"] + sys.argv[4:]
from qa.cli import main
main()
"""


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    e = SentenceEmbedder()
    e.load()
    return e


def qa_index(articles: Path, index: Path, home: Path) -> list[str]:
    return [str(articles), "--index", str(index), "--home", str(home), "--no-prompt-cache"]


def assert_answers(index_dir: Path, embedder: SentenceEmbedder, allowed: list[set[str]]) -> Index:
    """The live index loads, is one whole generation, and still finds the Ju-ae paragraph."""
    index = Index.load(index_dir)
    assert set(index.manifest.files) in allowed
    top = Retriever(index, embedder).retrieve(QUESTION, 3).passages[0].paragraph
    assert (top.file, top.number) == ("000_f6d7438db1f1dcb4.txt", 12)
    return index


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path, Path, set[str], set[str]]:
    articles, index, home = tmp_path / "articles", tmp_path / "index", tmp_path / "home"
    shutil.copytree(SEEDS, articles)
    run = subprocess.run([sys.executable, "-m", "qa", "index", *qa_index(articles, index, home)], capture_output=True)
    assert run.returncode == 0, run.stderr
    old = {p.name for p in SEEDS.glob("*.txt")}
    (articles / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    return articles, index, home, old, old | {"005_new.txt"}


def finish_and_check(articles: Path, index: Path, home: Path, new: set[str], embedder) -> None:
    """A later run completes the update and leaves no half-written generation behind."""
    run = subprocess.run([sys.executable, "-m", "qa", "index", *qa_index(articles, index, home)], capture_output=True)
    assert run.returncode == 0, run.stderr
    assert_answers(index, embedder, [new])
    live = (index / CURRENT).read_text().strip()
    assert sorted(p.name for p in index.iterdir() if p.name.startswith((".gen", "gen"))) == [live]


@pytest.mark.parametrize(
    "where",
    [("os", "fsync", 1), ("os", "fsync", 4), ("os", "replace", 1), ("os", "replace", 2), ("shutil", "rmtree", 1)],
    ids=lambda w: f"{w[1]}#{w[2]}",
)
def test_kill_at_each_write_step(indexed, embedder, where):
    articles, index, home, old, new = indexed
    module, name, n = where
    cmd = [sys.executable, "-c", KILLER, module, name, str(n), "index", *qa_index(articles, index, home)]
    run = subprocess.run(cmd, capture_output=True, timeout=300)
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()[-2000:]
    live = assert_answers(index, embedder, [old, new])
    # until the CURRENT swap (the second rename) the old generation is live; once old ones are being removed, the new
    assert set(live.manifest.files) == (new if name == "rmtree" else old)
    finish_and_check(articles, index, home, new, embedder)


def test_kill_at_moments_spread_over_a_run(indexed, embedder):
    articles, index, home, old, new = indexed
    args = ["index", *qa_index(articles, index, home), "--rebuild"]
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, check=True)
    whole = time.monotonic() - start
    (articles / "005_new.txt").unlink()
    (articles / "006_newer.txt").write_text(NEW_ARTICLE.replace("July", "August"), encoding="utf-8")
    newer = old | {"006_newer.txt"}
    for fraction in (0.2, 0.5, 0.8, 0.9, 0.95, 0.99):
        child = subprocess.Popen([sys.executable, "-m", "qa", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(whole * fraction)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        assert_answers(index, embedder, [new, newer])
    finish_and_check(articles, index, home, newer, embedder)
