"""The on-disk index: FAISS (dense) and BM25 (lexical) over the same paragraphs.

Layout of an index folder::

    CURRENT            name of the live generation, swapped atomically with os.replace
    gen-<id>/          manifest.json, paragraphs.jsonl, dense.faiss, bm25/

A build writes a complete new generation and only then points ``CURRENT`` at it, so a crash
at any moment leaves the previous index answering.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from qa.corpus import Article, Paragraph, iter_paragraphs
from qa.embed import Embedder
from qa.errors import IndexCorrupt, IndexMissing, StoreError
from qa.progress import ProgressFactory, silent
from qa.text import content_terms

FORMAT = 1
CURRENT = "CURRENT"
EMBED_BATCH = 64


@dataclass(frozen=True)
class Manifest:
    format: int
    embedder: str
    dim: int
    corpus: str
    files: dict[str, str]
    paragraphs: int
    created: str

    @property
    def fingerprint(self) -> str:
        blob = json.dumps([self.format, self.embedder, self.dim, sorted(self.files.items())])
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def corpus_files(articles: list[Article]) -> dict[str, str]:
    return {a.file: a.sha256 for a in articles}


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Index:
    """Paragraphs plus the two searchable structures built over them."""

    def __init__(self, *, manifest: Manifest, paragraphs: list[Paragraph], dense, bm25, path: Path | None = None):
        self.manifest = manifest
        self.paragraphs = paragraphs
        self.dense = dense
        self.bm25 = bm25
        self.path = path

    def __len__(self) -> int:
        return len(self.paragraphs)

    # ---- search -------------------------------------------------------------------------
    def search_dense(self, query_vector: np.ndarray, n: int) -> list[tuple[int, float]]:
        n = min(n, len(self.paragraphs))
        scores, ids = self.dense.search(np.asarray(query_vector, dtype=np.float32).reshape(1, -1), n)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def search_lexical(self, query: str, n: int) -> list[tuple[int, float]]:
        terms = content_terms(query)
        if not terms:
            return []
        scores = self.bm25.get_scores(terms)
        order = np.argsort(-scores, kind="stable")[: min(n, len(scores))]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    # ---- build --------------------------------------------------------------------------
    @classmethod
    def build(
        cls, articles: list[Article], embedder: Embedder, *, corpus: str = "", progress: ProgressFactory = silent
    ) -> Index:
        import bm25s
        import faiss

        paragraphs = list(iter_paragraphs(articles))
        texts = [embedding_text(p) for p in paragraphs]
        vectors = []
        with progress("Embedding paragraphs", len(texts)) as task:
            for start in range(0, len(texts), EMBED_BATCH):
                batch = texts[start : start + EMBED_BATCH]
                vectors.append(embedder.embed(batch))
                task.advance(len(batch))
        matrix = np.vstack(vectors) if vectors else np.zeros((0, embedder.dim), dtype=np.float32)
        dense = faiss.IndexFlatIP(embedder.dim)
        dense.add(matrix)
        bm25 = bm25s.BM25()
        bm25.index([content_terms(t) or ["∅"] for t in texts], show_progress=False)
        manifest = Manifest(
            format=FORMAT,
            embedder=embedder.name,
            dim=embedder.dim,
            corpus=corpus,
            files=corpus_files(articles),
            paragraphs=len(paragraphs),
            created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        )
        return cls(manifest=manifest, paragraphs=paragraphs, dense=dense, bm25=bm25)

    # ---- persistence --------------------------------------------------------------------
    def save(self, folder: Path) -> Path:
        """Write a new generation into ``folder`` and make it current in one rename."""
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        gen = folder / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        tmp = folder / f".{gen.name}.tmp"
        try:
            tmp.mkdir()
            with open(tmp / "paragraphs.jsonl", "w", encoding="utf-8") as fh:
                for p in self.paragraphs:
                    fh.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
            faiss.write_index(self.dense, str(tmp / "dense.faiss"))
            self.bm25.save(str(tmp / "bm25"), show_progress=False)
            (tmp / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=1))
            for f in tmp.rglob("*"):
                if f.is_file():
                    with open(f, "rb") as fh:
                        os.fsync(fh.fileno())
            os.replace(tmp, gen)
            _write_text_atomic(folder / CURRENT, gen.name + "\n")
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise StoreError(f"cannot write index in {folder}: {exc.strerror}", path=folder) from exc
        self.path = gen
        _remove_stale_generations(folder, keep=gen.name)
        return gen

    @classmethod
    def load(cls, folder: Path) -> Index:
        import bm25s
        import faiss

        pointer = folder / CURRENT
        if not pointer.is_file():
            raise IndexMissing(f"no index in {folder}: run `qa index`", path=folder)
        try:
            gen = folder / pointer.read_text(encoding="utf-8").strip()
            manifest = Manifest(**json.loads((gen / "manifest.json").read_text(encoding="utf-8")))
            with open(gen / "paragraphs.jsonl", encoding="utf-8") as fh:
                paragraphs = [Paragraph(**json.loads(line)) for line in fh if line.strip()]
            dense = faiss.read_index(str(gen / "dense.faiss"))
            bm25 = bm25s.BM25.load(str(gen / "bm25"), show_progress=False, verbosity=0)
        except Exception as exc:  # json, faiss and numpy each raise their own types on damage
            raise IndexCorrupt(
                f"index in {folder} is damaged ({type(exc).__name__}): rebuild it with `qa index --rebuild`",
                path=folder,
            ) from exc
        if manifest.format != FORMAT:
            raise IndexCorrupt(f"index in {folder} has format {manifest.format}: rebuild it with `qa index --rebuild`")
        n_bm25 = int(getattr(bm25, "scores", {}).get("num_docs", len(paragraphs)))
        if not (manifest.paragraphs == len(paragraphs) == dense.ntotal == n_bm25) or dense.d != manifest.dim:
            raise IndexCorrupt(
                f"index in {folder} is inconsistent (paragraph counts differ): rebuild it with `qa index --rebuild`",
                path=folder,
            )
        return cls(manifest=manifest, paragraphs=paragraphs, dense=dense, bm25=bm25, path=gen)


def embedding_text(p: Paragraph) -> str:
    """What is embedded for a paragraph (one place, so queries and documents stay aligned)."""
    return p.text


def _remove_stale_generations(folder: Path, keep: str) -> None:
    for child in folder.iterdir():
        if child.name != keep and (child.name.startswith("gen-") or child.name.startswith(".gen-")):
            shutil.rmtree(child, ignore_errors=True)
