import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from qa import IndexCorrupt, IndexMissing, IndexOutdated
from qa.corpus import read_corpus
from qa.index import CURRENT, LOCK, Index, writing

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


@pytest.mark.parametrize("name", ["manifest.json", "paragraphs.jsonl", "vectors.npy", "bm25/params.index.json"])
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


class CountingEmbedder(KeywordEmbedder):
    """Remembers every text it was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().embed(texts)


def _copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    return folder


def test_update_embeds_only_new_paragraphs(tmp_path: Path):
    folder = _copy_seeds(tmp_path)
    first = Index.build(read_corpus(folder), KeywordEmbedder())
    (folder / "005_new.txt").write_text("Headline of the new one\nA new article about the Kremlin and Pyongyang.\n")
    embedder = CountingEmbedder()
    second = Index.build(read_corpus(folder), embedder, previous=first)
    assert sorted(embedder.seen) == ["A new article about the Kremlin and Pyongyang.", "Headline of the new one"]
    c = second.changes
    assert (c.added, c.changed, c.removed, c.embedded, c.reused) == (["005_new.txt"], [], [], 2, 76)
    assert c.summary() == "1 article added, 0 changed, 0 removed; 2 paragraphs embedded, 76 reused"
    # reused vectors are the very vectors a full build computes
    full = Index.build(read_corpus(folder), KeywordEmbedder())
    assert np.array_equal(second.vectors, full.vectors)


def test_update_handles_changed_and_removed_articles(tmp_path: Path):
    folder = _copy_seeds(tmp_path)
    first = Index.build(read_corpus(folder), KeywordEmbedder())
    (folder / "004_ad6e06e9863c035b.txt").unlink()
    removed = ["004_ad6e06e9863c035b.txt"]
    target = folder / "001_679a087cb559579e.txt"
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + " An edited sentence."
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    embedder = CountingEmbedder()
    second = Index.build(read_corpus(folder), embedder, previous=first)
    assert embedder.seen == [lines[2]]
    assert second.changes.changed == [target.name] and second.changes.removed == removed
    assert all(p.file not in removed for p in second.paragraphs)
    edited = next(p for p in second.paragraphs if p.file == target.name and p.text == lines[2])
    assert second.find(target.name, edited.number) == edited


def test_load_reads_the_new_generation_even_while_old_files_go(built):
    index, folder = built
    index.save(folder)
    loaded = Index.load(folder)
    assert loaded.path is not None and loaded.path.name == (folder / CURRENT).read_text().strip()


def test_older_format_is_outdated_not_corrupt(built):
    _, folder = built
    gen = folder / (folder / CURRENT).read_text().strip()
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["format"] = 1
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexOutdated, match="format 1"):
        Index.load(folder)


def test_a_field_a_later_qa_adds_to_the_manifest_is_ignored(built):
    index, folder = built
    gen = folder / (folder / CURRENT).read_text().strip()
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["added_later"] = {"any": "thing"}
    (gen / "manifest.json").write_text(json.dumps(manifest))
    assert Index.load(folder).manifest == index.manifest
    del manifest["paragraphs"]  # a field this qa needs is still required
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorrupt, match="damaged"):
        Index.load(folder)


def test_hnsw_kind_round_trips(tmp_path: Path):
    index = Index.build(read_corpus(SEEDS), KeywordEmbedder(), kind="hnsw")
    folder = tmp_path / "index"
    index.save(folder)
    loaded = Index.load(folder)
    assert loaded.manifest.dense == "hnsw"
    vec = KeywordEmbedder().embed(["Victory Day Russian Embassy"])[0]
    assert [i for i, _ in loaded.search_dense(vec, 5)] == [i for i, _ in index.search_dense(vec, 5)]


def test_a_second_writer_waits_for_the_first(tmp_path: Path):
    folder = tmp_path / "index"
    folder.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; fh = open(sys.argv[1], 'a+'); fcntl.flock(fh, fcntl.LOCK_EX);"
            " print('locked', flush=True); time.sleep(1.5)",
            str(folder / LOCK),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        said: list[str] = []
        start = time.monotonic()
        with writing(folder, said.append):
            waited = time.monotonic() - start
        assert waited > 0.5 and said and "Waiting for another qa process" in said[0]
    finally:
        holder.wait(timeout=10)
        holder.stdout.close()


def test_rarity_weighs_a_term_by_how_few_paragraphs_hold_it(built):
    index, folder = built
    rarity = index.rarity()
    assert rarity("kim") < rarity("putin") < rarity("bulletproof") < rarity("zebra")  # zebra: in none
    # "daughter" is in the text of a few paragraphs but in the title of 000, which every one of
    # its paragraphs vouches for
    assert rarity("daughter") < rarity("bulletproof")
    again = Index.load(folder).rarity()
    assert [again(t) for t in ("kim", "daughter", "zebra")] == [rarity(t) for t in ("kim", "daughter", "zebra")]
