from pathlib import Path

import pytest

from qa import IndexCorrupt, IndexMissing
from qa.corpus import read_corpus
from qa.index import CURRENT, Index

from .conftest import SEEDS, KeywordEmbedder


@pytest.fixture
def built(tmp_path: Path) -> tuple[Index, Path]:
    index = Index.build(read_corpus(SEEDS), KeywordEmbedder(), corpus=str(SEEDS))
    folder = tmp_path / "index"
    index.save(folder)
    return index, folder


def test_round_trip(built):
    index, folder = built
    loaded = Index.load(folder)
    assert len(loaded) == len(index) == 76
    assert loaded.paragraphs == index.paragraphs
    assert loaded.manifest == index.manifest
    assert loaded.manifest.embedder == "fake-keyword" and loaded.manifest.dim == 64
    vec = KeywordEmbedder().embed(["Victory Day Russian Embassy"])[0]
    assert loaded.search_dense(vec, 3) == index.search_dense(vec, 3)
    assert loaded.search_lexical("Victory Day", 3) == index.search_lexical("Victory Day", 3)


def test_lexical_search_finds_rare_words(built):
    index, _ = built
    top = index.search_lexical("bulletproof vest drones", 1)
    p = index.paragraphs[top[0][0]]
    assert (p.file, p.number) == ("002_7561d2828fcb181b.txt", 8)
    assert index.search_lexical("the of and", 5) == []


def test_missing_index(tmp_path: Path):
    with pytest.raises(IndexMissing, match="qa index"):
        Index.load(tmp_path / "nothing")


@pytest.mark.parametrize("name", ["manifest.json", "paragraphs.jsonl", "dense.faiss", "bm25/params.index.json"])
def test_corrupt_files_are_reported(built, name: str):
    _, folder = built
    gen = folder / (folder / CURRENT).read_text().strip()
    (gen / name).write_bytes(b"\x00garbage{")
    with pytest.raises(IndexCorrupt, match="rebuild"):
        Index.load(folder)


def test_truncated_paragraph_list_is_inconsistent(built):
    _, folder = built
    gen = folder / (folder / CURRENT).read_text().strip()
    lines = (gen / "paragraphs.jsonl").read_text().splitlines()
    (gen / "paragraphs.jsonl").write_text("\n".join(lines[:10]) + "\n")
    with pytest.raises(IndexCorrupt, match="inconsistent"):
        Index.load(folder)


def test_save_swaps_generations_and_cleans_up(built):
    index, folder = built
    first = (folder / CURRENT).read_text().strip()
    index.save(folder)
    second = (folder / CURRENT).read_text().strip()
    assert first != second
    assert sorted(p.name for p in folder.iterdir()) == sorted([CURRENT, second])


def test_failed_save_keeps_previous_index(built, monkeypatch: pytest.MonkeyPatch):
    index, folder = built
    before = (folder / CURRENT).read_text()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index.bm25, "save", boom)
    with pytest.raises(Exception, match="No space left"):
        index.save(folder)
    assert (folder / CURRENT).read_text() == before
    assert len(Index.load(folder)) == 76
