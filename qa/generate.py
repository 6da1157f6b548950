"""Text generation: the only module that imports llama_cpp; prompts come from ``prompts/``."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.corpus import Paragraph
from qa.errors import ConfigError, ModelError
from qa.progress import Notify, ProgressFactory, quiet, silent

Message = dict[str, str]
MAX_PASSAGE_CHARS = 1500
# system prompts whose prefix tokens are remembered: all articles and each of the seeds' five
PREFIXES_REMEMBERED = 8


class TokenStream:
    """A reply's text as the model writes it. ``cut`` is set when the token limit, not the
    model, ended it: the last sentence is then unfinished and must not be shown as said."""

    def __init__(self, chunks: Callable[[TokenStream], Iterator[str]]) -> None:
        self.cut = False
        self._chunks = chunks(self)

    def __iter__(self) -> TokenStream:
        return self

    def __next__(self) -> str:
        return next(self._chunks)

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


class Generator(Protocol):
    """Streams a chat reply (a ``TokenStream`` tells when the token limit cut it); tests pass
    a fake that returns queued replies."""

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
        "corpus_system",
        "corpus_article",
        "corpus_user",
        "corpus_hints",
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

    @staticmethod
    def _context(p: Paragraph, *, title: bool) -> str:
        context = []
        if title and p.title and p.number != 1:
            context.append(f"article: {p.title}")
        if p.date:
            context.append(f"article date: {p.date}")
        return f" ({'; '.join(context)})" if context else ""

    def passage(self, n: int, p: Paragraph, *, context: bool = True) -> str:
        text = p.text if len(p.text) <= MAX_PASSAGE_CHARS else p.text[:MAX_PASSAGE_CHARS] + " …"
        if context:  # standalone passage: say where it comes from
            return self.render(
                "passage", n=n, source=f"{p.file} ¶{p.number}", context=self._context(p, title=True), text=text
            )
        return self.render("passage", n=n, source=f"¶{p.number}", context="", text=text)

    # ---- resident corpus: every paragraph in a fixed system prompt ------------------------
    def corpus_system(self, paragraphs: Sequence[Paragraph], *, first: int = 1) -> str:
        """All paragraphs tagged [P{first}]… in index order, grouped by article."""
        groups: list[list[tuple[int, Paragraph]]] = []
        for n, p in enumerate(paragraphs, start=first):
            if not groups or p.file != groups[-1][0][1].file:
                groups.append([])
            groups[-1].append((n, p))
        articles = "\n\n".join(
            self.render(
                "corpus_article",
                file=group[0][1].file,
                context=self._context(group[0][1], title=False),
                passages="\n".join(self.passage(n, p, context=False) for n, p in group),
            )
            for group in groups
        )
        return self.render("corpus_system", rules=self.render("answer_system"), articles=articles)

    def corpus_messages(self, system: str, question: str, hints: Sequence[int] = ()) -> list[Message]:
        """Only the question (and ``hints``, tags of retrieved passages) follows the resident
        corpus: every token here costs time to the first answer token (see QA_HINTS)."""
        named = "\n" + self.render("corpus_hints", tags=", ".join(f"[P{n}]" for n in hints)) if hints else ""
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": self.render("corpus_user", question=question, hints=named)},
        ]

    def corpus_rewrite_messages(self, system: str, question: str, history: Sequence[tuple[str, str]]) -> list[Message]:
        """The rewrite prompt after the same resident prefix, so it costs only its own tokens."""
        rewrite = self.rewrite_messages(question, history)
        content = rewrite[0]["content"] + "\n\n" + rewrite[1]["content"]
        return [{"role": "system", "content": system}, {"role": "user", "content": content}]

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


_PARAMS_LOCK = threading.Lock()


@contextmanager
def _model_params(**fields: object) -> Iterator[None]:
    """Set llama.cpp model parameters that ``Llama()`` has no argument for, while it loads.

    ``use_extra_bufts=False`` keeps the weights as mapped from disk instead of repacking them
    into a copy laid out for faster matrix products (600 MB for the default model). A llama.cpp
    without the field loads with its defaults. The swap is of a module global, so two models
    loading at once in one process (two assistants in a server) take turns.
    """
    import llama_cpp.llama as module

    lib = module.llama_cpp
    with _PARAMS_LOCK:
        default = lib.llama_model_default_params

        def params():
            p = default()
            for name, value in fields.items():
                if any(f[0] == name for f in p._fields_):
                    setattr(p, name, value)
            return p

        lib.llama_model_default_params = params
        try:
            yield
        finally:
            lib.llama_model_default_params = default


class LlamaGenerator:
    """A local GGUF chat model run by llama.cpp; deterministic with temperature 0.

    Prompts are rendered with the model's own chat template and tokenized here, so that a
    fixed prefix (the resident corpus) can be evaluated once, saved to disk and restored:
    llama.cpp then reuses the longest cached token prefix and evaluates only the question.

    ``repack``: llama.cpp's copy of the weights in a layout for faster matrix products. Off
    by default: here it costs 600 MB and 1–2 s of every cold start, and saves only about
    0.1 s of each question's prompt (eval/RESULTS.md, session 10). Answers depend on it (the
    sums come out in another order), so it is part of the prompt cache's key.
    """

    SENTINEL = "\u241eQA-SPLIT\u241e"

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int,
        threads: int,
        seed: int = 0,
        temperature: float = 0.0,
        sha256: str | None = None,
        repack: bool = False,
    ) -> None:
        self.model_path = model_path
        self.repack = repack
        self.sha256 = sha256
        self.name = model_path.name
        self.n_ctx = n_ctx
        self.threads = threads
        self.seed = seed
        self.temperature = temperature
        self._llm = None
        self._formatter = None
        self._lock = threading.RLock()
        self._prefixes: dict[str, list[int]] = {}  # system prompt → tokens, the last used last

    def load(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama
                from llama_cpp.llama_chat_format import Jinja2ChatFormatter
            except ImportError as exc:
                raise ModelError("llama-cpp-python is not installed: run `pip install -e .`") from exc
            try:
                with _model_params(use_extra_bufts=self.repack):
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

    def prefix_tokens(self, system: str) -> list[int]:
        """Tokens of a prompt up to where the user's message begins.

        Remembered for the last few system prompts: all articles take about 27 ms to tokenize,
        and a question that switches prompts needs them twice (restore, then rewind).
        """
        with self._lock:
            tokens = self._prefixes.pop(system, None)
            if tokens is None:
                self.load()
                if self._formatter is None:
                    return []
                prompt = self._render(
                    [{"role": "system", "content": system}, {"role": "user", "content": self.SENTINEL}]
                ).prompt
                tokens = self._tokens(prompt.split(self.SENTINEL, 1)[0])
                if len(self._prefixes) >= PREFIXES_REMEMBERED:
                    del self._prefixes[next(iter(self._prefixes))]  # the least recently used
            self._prefixes[system] = tokens
            return tokens

    def count_tokens(self, text: str) -> int:
        return len(self._tokens(text))

    # ---- generation -----------------------------------------------------------------------
    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> TokenStream:
        return TokenStream(lambda out: self._stream(messages, max_tokens, out))

    def _stream(self, messages: Sequence[Message], max_tokens: int, out: TokenStream) -> Iterator[str]:
        llm = self.load()
        with self._lock:  # one llama context serves one request at a time
            try:
                if self._formatter is None:  # no template in the GGUF: llama-cpp-python's default chat handler
                    for chunk in llm.create_chat_completion(
                        messages=list(messages), max_tokens=max_tokens, stream=True, **self._sampling()
                    ):
                        out.cut |= chunk["choices"][0].get("finish_reason") == "length"
                        text = chunk["choices"][0].get("delta", {}).get("content")
                        if text:
                            yield text
                    return
                rendered = self._render(messages)
                tokens = self._tokens(rendered.prompt)
                self._rewind_to_system(llm, messages, tokens)
                if len(tokens) + max_tokens > self.n_ctx:
                    raise ModelError(
                        f"the prompt needs {len(tokens)} tokens but the context holds {self.n_ctx}:"
                        " raise QA_N_CTX or lower QA_TOP_K"
                    )
                stop = rendered.stop if isinstance(rendered.stop, list) else [rendered.stop]
                for chunk in llm.create_completion(
                    prompt=tokens, max_tokens=max_tokens, stream=True, stop=[s for s in stop if s], **self._sampling()
                ):
                    out.cut |= chunk["choices"][0].get("finish_reason") == "length"
                    text = chunk["choices"][0].get("text")
                    if text:
                        yield text
            except ValueError as exc:  # e.g. the prompt exceeds the context window
                raise ModelError(f"generation failed: {exc}".splitlines()[0]) from exc

    def _rewind_to_system(self, llm, messages: Sequence[Message], tokens: list[int]) -> None:
        """Keep only the system part of the cached context before a new question.

        llama.cpp would also reuse tokens the previous question happened to share with this
        one; the rest of the prompt would then be evaluated in a different batch, and greedy
        decoding can tip on that float noise. Rewinding to the fixed system prefix makes an
        answer depend on its question alone, not on what was asked before.
        """
        if not messages or messages[0].get("role") != "system":
            return
        stable = self.prefix_tokens(messages[0]["content"])
        n = len(stable)
        if n and llm.n_tokens > n and tokens[:n] == stable and list(llm.input_ids[:n]) == stable:
            llm.n_tokens = n

    def _sampling(self) -> dict:
        return {
            "temperature": self.temperature,
            "top_k": 1 if self.temperature == 0 else 40,
            "seed": self.seed,
            "repeat_penalty": 1.0,
        }

    # ---- the resident prefix ----------------------------------------------------------------
    def prepare_prefix(
        self,
        system: str,
        cache_dir: Path | None,
        *,
        progress: ProgressFactory = silent,
        notify: Notify = quiet,
        what: str = "all articles",
        only: bool = True,
    ) -> int:
        """Make ``system`` resident: restore its KV state from disk, or evaluate and save it.

        Returns the number of prefix tokens. A damaged cache file is rebuilt with a message.
        ``only``: this is the one prefix worth keeping, so older cache files are removed.
        """
        tokens = self.prefix_tokens(system)
        if not tokens:
            return 0
        llm = self.load()
        with self._lock:
            if llm.n_tokens >= len(tokens) and list(llm.input_ids[: len(tokens)]) == tokens:
                return len(tokens)
            path = cache_dir / self._prefix_name(tokens) if cache_dir is not None else None
            if path is not None and path.is_file():
                try:
                    self._restore(path, tokens)
                    return len(tokens)
                except (OSError, ValueError, KeyError, RuntimeError, zipfile.BadZipFile) as exc:
                    notify(f"Prompt cache {path.name} is damaged ({type(exc).__name__}): rebuilding it")
                    llm.reset()
            notify(f"Reading {what} into the model once ({len(tokens)} tokens); later questions reuse it …")
            llm.reset()
            with progress(f"Reading {what} into the model", len(tokens)) as task:
                for start in range(0, len(tokens), llm.n_batch):
                    batch = tokens[start : start + llm.n_batch]
                    llm.eval(batch)
                    task.advance(len(batch))
            if path is not None:
                self._save(path, tokens)
                if only:
                    self.prune_prefixes(cache_dir, keep=[path.name])
            return len(tokens)

    def prefix_file(self, system: str) -> str:
        """The cache file name of ``system``'s prefix state."""
        return self._prefix_name(self.prefix_tokens(system))

    def _prefix_name(self, tokens: Sequence[int]) -> str:
        return f"prefix-{self.prefix_key(tokens)}.npz"

    @staticmethod
    def prune_prefixes(cache_dir: Path, keep: Sequence[str]) -> None:
        """Remove cached prefix states not named in ``keep`` (old articles, old prompts)."""
        for old in cache_dir.glob("prefix-*.npz"):
            if old.name not in keep:
                old.unlink(missing_ok=True)

    def prefix_key(self, tokens: Sequence[int]) -> str:
        """The cache key: model (sha256 when known), context size, llama.cpp version, weight
        layout and the prefix tokens themselves, which encode the articles and the prompt files."""
        import llama_cpp

        st = self.model_path.stat()
        model = self.sha256 or [self.model_path.name, st.st_size, st.st_mtime_ns]
        layout = "repacked" if self.repack else "mapped"
        ident = [model, self.n_ctx, llama_cpp.__version__, layout, list(tokens)]
        return hashlib.sha256(json.dumps(ident).encode()).hexdigest()[:20]

    def _save(self, path: Path, tokens: Sequence[int]) -> None:
        import llama_cpp

        llm = self._llm
        size = llama_cpp.llama_state_get_size(llm._ctx.ctx)
        buffer = (ctypes.c_uint8 * int(size))()
        written = llama_cpp.llama_state_get_data(llm._ctx.ctx, buffer, size)
        state = np.frombuffer(bytes(buffer)[: int(written)], dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                np.savez(fh, tokens=np.asarray(tokens, dtype=np.int32), state=state)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a cache that cannot be written only costs time next run

    def _restore(self, path: Path, tokens: Sequence[int]) -> None:
        import llama_cpp

        llm = self._llm
        with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as data:
            saved = data["tokens"]
            state = data["state"]
        if list(saved) != list(tokens):
            raise ValueError("cached tokens differ from the prompt")
        # handed to llama.cpp in place: two copies of a 125 MB state cost more than reading it
        state = np.require(state, dtype=np.uint8, requirements=["C_CONTIGUOUS", "WRITEABLE"])
        buffer = state.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8))
        if llama_cpp.llama_state_set_data(llm._ctx.ctx, buffer, len(state)) != len(state):
            raise RuntimeError("llama.cpp refused the saved state")
        llm.input_ids[: len(tokens)] = np.asarray(tokens, dtype=np.intc)
        llm.n_tokens = len(tokens)
        llm._requires_eval = True
