"""Text generation: the only module that imports llama_cpp; prompts come from ``prompts/``."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

from qa.corpus import Paragraph
from qa.errors import ConfigError, ModelError

Message = dict[str, str]
MAX_PASSAGE_CHARS = 1500


class Generator(Protocol):
    """Streams a chat reply; tests pass a fake that returns queued replies."""

    name: str

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]: ...


class Prompts:
    """The prompt templates, read once from a folder of text files."""

    NAMES = ("answer_system", "answer_user", "passage", "rewrite_system", "rewrite_user")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.texts: dict[str, str] = {}
        for name in self.NAMES:
            path = folder / f"{name}.txt"
            try:
                self.texts[name] = path.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"prompt file {path} is missing or unreadable: check QA_PROMPTS", path=path) from exc

    def render(self, name: str, **values: object) -> str:
        try:
            return self.texts[name].format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(f"prompt {name}.txt has a bad placeholder: {exc}") from exc

    def passage(self, n: int, p: Paragraph) -> str:
        context = []
        if p.title and p.number != 1:
            context.append(f"article: {p.title}")
        if p.date:
            context.append(f"article date: {p.date}")
        text = p.text if len(p.text) <= MAX_PASSAGE_CHARS else p.text[:MAX_PASSAGE_CHARS] + " …"
        return self.render(
            "passage",
            n=n,
            file=p.file,
            number=p.number,
            context=f" ({'; '.join(context)})" if context else "",
            text=text,
        )

    def answer_messages(self, question: str, passages: Sequence[Paragraph]) -> list[Message]:
        blocks = "\n\n".join(self.passage(i, p) for i, p in enumerate(passages, start=1))
        return [
            {"role": "system", "content": self.render("answer_system")},
            {"role": "user", "content": self.render("answer_user", passages=blocks, question=question)},
        ]

    def rewrite_messages(self, question: str, history: Sequence[tuple[str, str]]) -> list[Message]:
        lines = []
        for q, a in history:
            lines.append(f"User: {q}")
            lines.append(f"Assistant: {a}")
        return [
            {"role": "system", "content": self.render("rewrite_system")},
            {"role": "user", "content": self.render("rewrite_user", history="\n".join(lines), question=question)},
        ]


class LlamaGenerator:
    """A local GGUF chat model run by llama.cpp; deterministic with temperature 0."""

    def __init__(self, model_path: Path, *, n_ctx: int, threads: int, seed: int = 0, temperature: float = 0.0) -> None:
        self.model_path = model_path
        self.name = model_path.name
        self.n_ctx = n_ctx
        self.threads = threads
        self.seed = seed
        self.temperature = temperature
        self._llm = None
        self._lock = threading.Lock()

    def load(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise ModelError("llama-cpp-python is not installed: run `pip install -e .`") from exc
            try:
                self._llm = Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.n_ctx,
                    n_threads=self.threads,
                    n_threads_batch=self.threads,
                    seed=self.seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelError(
                    f"cannot load model {self.model_path}: {exc}".splitlines()[0], path=self.model_path
                ) from exc
        return self._llm

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        llm = self.load()
        with self._lock:  # one llama context serves one request at a time
            try:
                chunks = llm.create_chat_completion(
                    messages=list(messages),
                    max_tokens=max_tokens,
                    temperature=self.temperature,
                    top_k=1 if self.temperature == 0 else 40,
                    seed=self.seed,
                    stream=True,
                )
                for chunk in chunks:
                    delta = chunk["choices"][0].get("delta", {})
                    text = delta.get("content")
                    if text:
                        yield text
            except ValueError as exc:  # e.g. the prompt exceeds the context window
                raise ModelError(f"generation failed: {exc}".splitlines()[0]) from exc
