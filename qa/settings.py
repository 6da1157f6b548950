"""Configuration: one frozen ``Settings``; explicit argument > ``QA_*`` variable > default."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from qa.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent

DEFAULT_HOME = Path("~/.qa")
DEFAULT_TOP_K = 5
DEFAULT_HINTS = 0
DEFAULT_N_CTX = 8192
DEFAULT_MAX_TOKENS = 160
DEFAULT_TEMPERATURE = 0.0
DEFAULT_SEED = 0
DEFAULT_MAX_QUESTION_CHARS = 2000
DEFAULT_MAX_FILE_MB = 20
STRATEGIES = ("auto", "resident", "article", "topk")
DEFAULT_THREADS = max(1, min(os.cpu_count() or 1, 8))


def bundled_dir(name: str) -> Path:
    """A data folder shipped with qa: inside the wheel, or at the repository root."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else REPO_DIR / name


def _parse_int(name: str, raw: str, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
    return value


def _parse_float(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything that changes what qa does; passed whole to the Assistant."""

    home: Path = field(default_factory=lambda: DEFAULT_HOME.expanduser())
    corpus: Path = field(default_factory=lambda: bundled_dir("seeds"))
    index_dir: Path | None = None
    model: Path | None = None
    model_sha256: str | None = None
    embedder: str | None = None
    top_k: int = DEFAULT_TOP_K
    # resident strategy: how many retrieved passages are named (by tag) after the question
    hints: int = DEFAULT_HINTS
    n_ctx: int = DEFAULT_N_CTX
    max_tokens: int = DEFAULT_MAX_TOKENS
    temperature: float = DEFAULT_TEMPERATURE
    seed: int = DEFAULT_SEED
    threads: int = DEFAULT_THREADS
    max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS
    # article files above this size are skipped with a note rather than read into memory
    max_file_mb: int = DEFAULT_MAX_FILE_MB
    prompts: Path = field(default_factory=lambda: bundled_dir("prompts"))
    # "resident": every paragraph stays in the model's context (evaluated once, cached on disk);
    # "article": each article's state is cached on its own and the model reads the one that
    # retrieval ranks first; "topk": the retrieved passages are pasted into each prompt;
    # "auto": per question one article (the top passages agree on it), else all of them when
    # they fit the context together, else a top-k prompt; with a folder too big to read whole,
    # each article is read into the model when a question first needs it.
    strategy: str = "auto"
    # an external OpenAI-compatible engine for generation instead of the in-process model
    llm_url: str | None = None
    llm_model: str = "default"
    llm_api_key: str | None = None

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ConfigError(f"strategy {self.strategy!r} is not one of {', '.join(STRATEGIES)} (QA_STRATEGY)")

    # name of the variable for each field; parsed by from_env
    ENV = {
        "home": "QA_HOME",
        "corpus": "QA_CORPUS",
        "index_dir": "QA_INDEX",
        "model": "QA_MODEL",
        "model_sha256": "QA_MODEL_SHA256",
        "embedder": "QA_EMBEDDER",
        "top_k": "QA_TOP_K",
        "hints": "QA_HINTS",
        "n_ctx": "QA_N_CTX",
        "max_tokens": "QA_MAX_TOKENS",
        "temperature": "QA_TEMPERATURE",
        "seed": "QA_SEED",
        "threads": "QA_THREADS",
        "max_question_chars": "QA_MAX_QUESTION_CHARS",
        "max_file_mb": "QA_MAX_FILE_MB",
        "prompts": "QA_PROMPTS",
        "strategy": "QA_STRATEGY",
        "llm_url": "QA_LLM_URL",
        "llm_model": "QA_LLM_MODEL",
        "llm_api_key": "QA_LLM_API_KEY",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read ``QA_*`` variables; keyword overrides that are not None win over them."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            var = cls.ENV.get(f.name)
            raw = env.get(var) if var else None
            if raw is None or raw == "":
                continue
            if f.name in ("home", "corpus", "index_dir", "model", "prompts"):
                values[f.name] = Path(raw).expanduser()
            elif f.name == "temperature":
                values[f.name] = _parse_float(var, raw)
            elif f.name in ("top_k", "n_ctx", "max_tokens", "threads", "max_question_chars", "max_file_mb"):
                values[f.name] = _parse_int(var, raw, 1)
            elif f.name in ("seed", "hints"):
                values[f.name] = _parse_int(var, raw, 0)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with the non-None changes applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def resolved_index_dir(self) -> Path:
        """Where the index of ``corpus`` lives: explicit, or one folder per corpus under home."""
        if self.index_dir is not None:
            return self.index_dir
        corpus = self.corpus.expanduser().resolve()
        key = hashlib.sha256(str(corpus).encode()).hexdigest()[:12]
        return self.home / "indexes" / f"{corpus.name or 'root'}-{key}"
