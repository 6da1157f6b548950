"""The on-disk index: FAISS (dense) and BM25 (lexical) over the same paragraphs.

Layout of an index folder::

    CURRENT            name of the live generation, swapped atomically with os.replace
    .lock              held by the one process writing (flock), so two `qa index` never race
    gen-<id>/          manifest.json, paragraphs.jsonl, vectors.npy, bm25/, and dense.faiss
                       when the dense index is approximate (a flat one is rebuilt from vectors.npy)

A build writes a complete new generation and only then points ``CURRENT`` at it, so a crash
at any moment leaves the previous index answering. An update embeds only paragraphs whose
text is new: every other vector is copied from the previous generation by content hash.
"""

from __future__ import annotations

import collections
import fcntl
import hashlib
import json
import math
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from qa.corpus import Article, Paragraph, iter_paragraphs
from qa.embed import Embedder
from qa.errors import IndexCorrupt, IndexMissing, IndexOutdated, StoreError
from qa.progress import ProgressFactory, silent
from qa.text import STEMMER, content_terms, words

FORMAT = 2
CURRENT = "CURRENT"
LOCK = ".lock"
EMBED_BATCH = 64
# Above this many paragraphs the dense index is HNSW: exact search grows linearly with the
# corpus while HNSW stays near-constant; at 100k it keeps recall@10 >= 0.95 (eval/scale_bench.py).
APPROX_MIN_PARAGRAPHS = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 128
HNSW_EF_SEARCH = 512
DENSE_KINDS = ("flat", "hnsw")


@dataclass(frozen=True)
class Manifest:
    format: int
    embedder: str
    dim: int
    corpus: str
    files: dict[str, str]
    paragraphs: int
    created: str
    dense: str = "flat"
    stemmer: str = "light"  # what made the BM25 terms; indexes written before it was recorded used "light"

    @property
    def fingerprint(self) -> str:
        blob = json.dumps([self.format, self.embedder, self.dim, sorted(self.files.items())])
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def corpus_files(articles: list[Article]) -> dict[str, str]:
    return {a.file: a.sha256 for a in articles}


@dataclass(frozen=True)
class Changes:
    """What an index build did, counted in articles and in paragraphs."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    embedded: int = 0
    reused: int = 0

    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count:,} {word}{'' if count == 1 else 's'}"

        return (
            f"{n(len(self.added), 'article')} added, {len(self.changed):,} changed, {len(self.removed):,} removed; "
            f"{n(self.embedded, 'paragraph')} embedded, {self.reused:,} reused"
        )


def diff_files(before: dict[str, str], now: dict[str, str]) -> Changes:
    """Articles added, changed (other bytes) and removed between two manifests' file lists."""
    return Changes(
        added=sorted(now.keys() - before.keys()),
        changed=sorted(f for f in now.keys() & before.keys() if now[f] != before[f]),
        removed=sorted(before.keys() - now.keys()),
    )


def dense_kind(paragraphs: int) -> str:
    return "hnsw" if paragraphs >= APPROX_MIN_PARAGRAPHS else "flat"


def make_dense(vectors: np.ndarray, kind: str):
    """A FAISS inner-product index over unit vectors (cosine): exact, or HNSW for large corpora."""
    import faiss

    dim = vectors.shape[1]
    if kind == "flat":
        dense = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        dense = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        dense.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        dense.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        raise ValueError(f"dense index kind {kind!r} is not one of {DENSE_KINDS}")
    if len(vectors):
        dense.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return dense


@contextmanager
def writing(folder: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index folder's write lock: a second writer waits instead of racing the first."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / LOCK, "a+")
    except OSError as exc:
        raise StoreError(f"cannot write index in {folder}: {exc.strerror}", path=folder) from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notify:
                notify(f"Waiting for another qa process that is writing the index in {folder} …")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Index:
    """Paragraphs plus the two searchable structures built over them."""

    def __init__(
        self,
        *,
        manifest: Manifest,
        paragraphs: list[Paragraph],
        vectors: np.ndarray,
        dense,
        bm25,
        path: Path | None = None,
        changes: Changes | None = None,
    ):
        self.manifest = manifest
        self.paragraphs = paragraphs
        self.vectors = vectors
        self.dense = dense
        self.bm25 = bm25
        self.path = path
        self.changes = changes or Changes()
        self._where: dict[tuple[str, int], Paragraph] | None = None
        self._rarity: Callable[[str], float] | None = None

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
        n = min(n, len(scores))
        if n <= 0:
            return []
        # a partial sort: at 100k paragraphs a full argsort costs more than the scoring
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        order = sorted(top.tolist(), key=lambda i: (-scores[i], i))
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def find(self, file: str, number: int) -> Paragraph | None:
        """The paragraph now at ``file`` ¶``number``, if any (for checking old citations)."""
        if self._where is None:
            self._where = {(p.file, p.number): p for p in self.paragraphs}
        return self._where.get((file, number))

    def rarity(self) -> Callable[[str], float]:
        """A term's inverse document frequency over the paragraphs (BM25's own counts, so no
        text is read again); a term no paragraph holds weighs most. The citation check weighs
        a claim's words by it: a paragraph sharing only "North Korean" with a sentence does not
        support what the sentence says of them."""
        if self._rarity is None:
            scores, vocab = self.bm25.scores, self.bm25.vocab_dict
            starts = np.asarray(scores["indptr"])
            n = len(self.paragraphs)
            # column i of BM25's sparse scores holds term i's paragraphs; the last id is bm25s's
            # empty-string placeholder, with no column of its own
            counts = {term: int(starts[i + 1] - starts[i]) for term, i in vocab.items() if i + 1 < len(starts)}
            # the check lets every paragraph vouch for its article's title and date too
            for (title, date), size in collections.Counter((p.title, p.date) for p in self.paragraphs).items():
                for term in set(content_terms(title)) | set(words(date)):
                    counts[term] = counts.get(term, 0) + size
            weights = {term: math.log((n + 1) / (min(count, n) + 0.5)) for term, count in counts.items()}
            rarest = math.log((n + 1) / 0.5)
            self._rarity = lambda term: weights.get(term, rarest)
        return self._rarity

    # ---- build --------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        articles: list[Article],
        embedder: Embedder,
        *,
        corpus: str = "",
        progress: ProgressFactory = silent,
        previous: Index | None = None,
        kind: str | None = None,
    ) -> Index:
        """Index ``articles``; vectors of paragraphs whose text ``previous`` already holds are reused.

        ``previous`` must come from the same embedding model: a mixed index would compare
        vectors of two different spaces, so the caller decides (and asks for a rebuild).
        """
        import bm25s

        if previous is not None and (previous.manifest.embedder, previous.manifest.dim) != (
            embedder.name,
            embedder.dim,
        ):
            raise ValueError("previous index was built with another embedding model")
        paragraphs = list(iter_paragraphs(articles))
        texts = [embedding_text(p) for p in paragraphs]
        known: dict[str, int] = {}
        if previous is not None:
            known = {p.hash: row for row, p in enumerate(previous.paragraphs)}
        # each new text is embedded once, however many paragraphs repeat it
        todo: dict[str, int] = {}
        for row, p in enumerate(paragraphs):
            if p.hash not in known and p.hash not in todo:
                todo[p.hash] = row
        fresh: dict[str, np.ndarray] = {}
        # similar lengths in one batch: less padding, about 1.5x the throughput on mixed paragraphs
        rows = sorted(todo.values(), key=lambda r: len(texts[r]))
        if rows:
            with progress(f"Embedding {len(rows):,} new paragraphs", len(rows)) as task:
                for start in range(0, len(rows), EMBED_BATCH):
                    batch = rows[start : start + EMBED_BATCH]
                    for r, v in zip(batch, embedder.embed([texts[r] for r in batch]), strict=True):
                        fresh[paragraphs[r].hash] = v
                    task.advance(len(batch))
        matrix = np.zeros((len(paragraphs), embedder.dim), dtype=np.float32)
        for row, p in enumerate(paragraphs):
            matrix[row] = fresh[p.hash] if p.hash in fresh else previous.vectors[known[p.hash]]  # type: ignore[union-attr]
        kind = kind or dense_kind(len(paragraphs))
        dense = make_dense(matrix, kind)
        bm25 = bm25s.BM25()
        bm25.index([content_terms(t) or ["∅"] for t in texts], show_progress=False)
        files = corpus_files(articles)
        changes = replace(
            diff_files(previous.manifest.files if previous else {}, files),
            embedded=len(rows),
            reused=len(paragraphs) - sum(1 for p in paragraphs if p.hash in fresh),
        )
        manifest = Manifest(
            format=FORMAT,
            embedder=embedder.name,
            dim=embedder.dim,
            corpus=corpus,
            files=files,
            paragraphs=len(paragraphs),
            created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            dense=kind,
            stemmer=STEMMER,
        )
        return cls(manifest=manifest, paragraphs=paragraphs, vectors=matrix, dense=dense, bm25=bm25, changes=changes)

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
            np.save(tmp / "vectors.npy", np.ascontiguousarray(self.vectors, dtype=np.float32))
            if self.manifest.dense != "flat":  # a flat index is its vectors: rebuilt from them on load
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

        pointer = folder / CURRENT
        if not pointer.is_file():
            raise IndexMissing(f"no index in {folder}: run `qa index`", path=folder)
        for attempt in (1, 2):
            name = pointer.read_text(encoding="utf-8").strip()
            try:
                return cls._load_generation(folder, folder / name)
            except IndexCorrupt:
                # a writer may have swapped CURRENT and removed this generation while we read it
                if attempt == 2 or pointer.read_text(encoding="utf-8").strip() == name:
                    raise
        raise AssertionError("unreachable")

    @classmethod
    def _load_generation(cls, folder: Path, gen: Path) -> Index:
        import bm25s
        import faiss

        rebuild = "rebuild it with `qa index --rebuild`"
        try:
            raw = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                raise IndexOutdated(
                    f"index in {folder} has format {raw.get('format')}, this qa writes {FORMAT}", path=folder
                )
            # fields a later qa added are ignored: a change that needs them bumps FORMAT instead
            manifest = Manifest(**{f.name: raw[f.name] for f in fields(Manifest) if f.name in raw})
            with open(gen / "paragraphs.jsonl", encoding="utf-8") as fh:
                paragraphs = [Paragraph(**json.loads(line)) for line in fh if line.strip()]
            vectors = np.load(gen / "vectors.npy", allow_pickle=False)
            if vectors.ndim != 2 or vectors.dtype != np.float32:
                raise ValueError("vectors.npy is not a float32 matrix")
            if manifest.dense == "flat":
                dense = make_dense(vectors, "flat")
            else:
                dense = faiss.read_index(str(gen / "dense.faiss"))
                if manifest.dense == "hnsw":
                    dense.hnsw.efSearch = HNSW_EF_SEARCH
            bm25 = bm25s.BM25.load(str(gen / "bm25"), show_progress=False, verbosity=0)
        except IndexOutdated:
            raise
        except Exception as exc:  # json, faiss and numpy each raise their own types on damage
            raise IndexCorrupt(f"index in {folder} is damaged ({type(exc).__name__}): {rebuild}", path=folder) from exc
        n_bm25 = int(getattr(bm25, "scores", {}).get("num_docs", len(paragraphs)))
        counts = {manifest.paragraphs, len(paragraphs), len(vectors), dense.ntotal, n_bm25}
        if len(counts) != 1 or dense.d != manifest.dim or vectors.shape[1] != manifest.dim:
            raise IndexCorrupt(f"index in {folder} is inconsistent (paragraph counts differ): {rebuild}", path=folder)
        return cls(manifest=manifest, paragraphs=paragraphs, vectors=vectors, dense=dense, bm25=bm25, path=gen)


def embedding_text(p: Paragraph) -> str:
    """What is embedded for a paragraph (one place, so queries and documents stay aligned)."""
    return p.text


def remove_stale_generations(folder: Path) -> None:
    """Clear what a killed writer left (half-written or superseded generations); needs the lock."""
    try:
        live = (folder / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return
    if live and (folder / live).is_dir():
        _remove_stale_generations(folder, keep=live)


def _remove_stale_generations(folder: Path, keep: str) -> None:
    for child in folder.iterdir():
        if child.name != keep and (child.name.startswith("gen-") or child.name.startswith(".gen-")):
            shutil.rmtree(child, ignore_errors=True)
