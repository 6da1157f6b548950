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

    NAMES = (
        "answer_system",
        "answer_user",
        "passage",
        "rewrite_system",
        "rewrite_user",
    )

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
        """A passage as the model sees it: its tag, source, article title and date, text."""
        context = []
        if p.title and p.number != 1:
            context.append(f"article: {p.title}")
        if p.date:
            context.append(f"article date: {p.date}")
        text = p.text if len(p.text) <= MAX_PASSAGE_CHARS else p.text[:MAX_PASSAGE_CHARS] + " …"
        ctx = f" ({'; '.join(context)})" if context else ""
        return self.render("passage", n=n, source=f"{p.file} ¶{p.number}", context=ctx, text=text)

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
    """A local GGUF chat model run by llama.cpp; deterministic with temperature 0.

    Prompts are rendered with the model's own chat template and tokenized here, so the
    context size is checked before generation and llama.cpp can reuse the longest token
    prefix (the fixed system prompt) shared with the previous call.
    """

    def __init__(self, model_path: Path, *, n_ctx: int, threads: int, seed: int = 0, temperature: float = 0.0) -> None:
        self.model_path = model_path
        self.name = model_path.name
        self.n_ctx = n_ctx
        self.threads = threads
        self.seed = seed
        self.temperature = temperature
        self._llm = None
        self._formatter = None
        self._lock = threading.RLock()

    def load(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama
                from llama_cpp.llama_chat_format import Jinja2ChatFormatter
            except ImportError as exc:
                raise ModelError("llama-cpp-python is not installed: run `pip install -e .`") from exc
            try:
                llm = Llama(
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
            template = llm.metadata.get("tokenizer.chat_template")
            if template:
                eos = llm.token_eos()
                bos = llm.token_bos()
                self._formatter = Jinja2ChatFormatter(
                    template=template,
                    eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
                    bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
                    stop_token_ids=[eos],
                )
            self._llm = llm
        return self._llm

    # ---- prompts as tokens ----------------------------------------------------------------
    def _render(self, messages: Sequence[Message]):
        return self._formatter(messages=list(messages))

    def _tokens(self, text: str) -> list[int]:
        return self.load().tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def count_tokens(self, text: str) -> int:
        return len(self._tokens(text))

    # ---- generation -----------------------------------------------------------------------
    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        llm = self.load()
        with self._lock:  # one llama context serves one request at a time
            try:
                if self._formatter is None:  # no template in the GGUF: llama-cpp-python's default chat handler
                    for chunk in llm.create_chat_completion(
                        messages=list(messages), max_tokens=max_tokens, stream=True, **self._sampling()
                    ):
                        text = chunk["choices"][0].get("delta", {}).get("content")
                        if text:
                            yield text
                    return
                rendered = self._render(messages)
                tokens = self._tokens(rendered.prompt)
                if len(tokens) + max_tokens > self.n_ctx:
                    raise ModelError(
                        f"the prompt needs {len(tokens)} tokens but the context holds {self.n_ctx}:"
                        " raise QA_N_CTX or lower QA_TOP_K"
                    )
                stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop]
                for chunk in llm.create_completion(
                    prompt=tokens, max_tokens=max_tokens, stream=True, stop=[s for s in stop if s], **self._sampling()
                ):
                    text = chunk["choices"][0].get("text")
                    if text:
                        yield text
            except ValueError as exc:  # e.g. the prompt exceeds the context window
                raise ModelError(f"generation failed: {exc}".splitlines()[0]) from exc

    def _sampling(self) -> dict:
        return {
            "temperature": self.temperature,
            "top_k": 1 if self.temperature == 0 else 40,
            "seed": self.seed,
            "repeat_penalty": 1.0,
        }
