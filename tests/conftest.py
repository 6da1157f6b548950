"""Shared fixtures: a clean environment per test, fakes for one-layer tests, and the real
models loaded once per session for the end-to-end tests."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from qa import Assistant, Settings
from qa.generate import TokenStream
from qa.settings import REPO_DIR
from qa.text import content_terms

SEEDS = REPO_DIR / "seeds"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No QA_* variable leaks in; all state goes to a fresh QA_HOME."""
    for name in list(os.environ):
        if name.startswith("QA_"):
            monkeypatch.delenv(name)
    home = tmp_path / "qa-home"
    monkeypatch.setenv("QA_HOME", str(home))
    return home


class KeywordEmbedder:
    """Deterministic bag-of-words vectors: texts sharing content words are similar."""

    name = "fake-keyword"
    dim = 64

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in content_terms(text):
                bucket = int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim
                out[row, bucket] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:  # a text with no content words stays the zero vector: similar to nothing
                out[row] /= norm
        return out


class QueueGenerator:
    """Returns queued replies in order, word by word, and records the prompts it saw."""

    name = "fake-queue"

    def __init__(self, replies: Sequence[str] = ()) -> None:
        self.replies = list(replies)
        self.prompts: list[list[dict]] = []

    def stream(self, messages, *, max_tokens: int) -> TokenStream:
        """A word is a token: a reply longer than ``max_tokens`` is cut there, as a model's would be."""
        self.prompts.append(list(messages))
        reply = self.replies.pop(0) if self.replies else "I don't know — the articles don't say."
        words = reply.split(" ")

        def chunks(out: TokenStream) -> Iterator[str]:
            for i, word in enumerate(words[:max_tokens]):
                yield word if i == 0 else " " + word
            out.cut = len(words) > max_tokens

        return TokenStream(chunks)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def fake_assistant(tmp_path: Path, seeds_copy: Path):
    """An Assistant over a copy of the seeds with fake embedder and generator."""

    def make(replies: Sequence[str] = (), **settings) -> Assistant:
        s = Settings.from_env(corpus=seeds_copy, home=tmp_path / "qa-home", **settings)
        return Assistant(s, embedder=KeywordEmbedder(), generator=QueueGenerator(replies))

    return make


# ---- real models, loaded once ----------------------------------------------------------------
@pytest.fixture(scope="session")
def real_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QA_HOME for e2e tests; reuses the verified default model from ~/.qa when present.

    ``E2E_QA_HOME=DIR`` keeps it (index, prompt cache) between runs, for quicker local work.
    """
    keep = os.environ.get("E2E_QA_HOME")
    if keep and (Path(keep) / "models").is_dir():
        return Path(keep)
    home = Path(keep) if keep else tmp_path_factory.mktemp("real-home")
    home.mkdir(parents=True, exist_ok=True)
    user_models = Path("~/.qa/models").expanduser()
    if user_models.is_dir():
        (home / "models").mkdir()
        # Only the GGUF weights (linked) and their checksum marks (copied): anything else a user
        # keeps there, such as a distilled static model, is not this test session's business.
        for f in user_models.glob("*.gguf"):
            (home / "models" / f.name).symlink_to(f)
        for f in user_models.glob("*.gguf.verified"):
            shutil.copy(f, home / "models")
    return home


@pytest.fixture(scope="session")
def real_assistant(real_home: Path) -> Assistant:
    assistant = Assistant(Settings.from_env({}, home=real_home))
    assistant.load()
    return assistant


class ResidentQueueGenerator(QueueGenerator):
    """A QueueGenerator that can hold a resident prefix, as the llama generator does."""

    name = "fake-resident"

    def __init__(self, replies: Sequence[str] = (), *, n_tokens_per_char: float = 0.25) -> None:
        super().__init__(replies)
        self.prepared: list[str] = []
        self.ratio = n_tokens_per_char

    def count_tokens(self, text: str) -> int:
        return int(len(text) * self.ratio)

    def prepare_prefix(self, system: str, cache_dir: Path, *, progress=None, notify=None, what="", only=True) -> int:
        self.prepared.append(system)
        return self.count_tokens(system)

    def prefix_file(self, system: str) -> str:
        return f"prefix-{abs(hash(system))}.npz"

    def prune_prefixes(self, cache_dir: Path, keep) -> None:
        pass
