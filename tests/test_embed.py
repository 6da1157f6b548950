"""Embedders: the default MiniLM, the static (model2vec) one, and how QA_EMBEDDER picks."""

from pathlib import Path

import numpy as np
import pytest

from qa.corpus import read_corpus
from qa.embed import STATIC_DIR, STATIC_NAME, SentenceEmbedder, StaticEmbedder, is_static_model, make_embedder
from qa.errors import ConfigError
from qa.index import Index
from qa.retrieve import Retriever

from .conftest import SEEDS


def tiny_static_model(folder: Path) -> Path:
    """A model2vec model over MiniLM's tokenizer with random vectors: enough to test plumbing."""
    from model2vec import StaticModel
    from tokenizers import Tokenizer

    from qa.embed import default_embedder_path

    tokenizer = Tokenizer.from_file(str(default_embedder_path() / "tokenizer.json"))
    vectors = np.random.default_rng(0).normal(size=(tokenizer.get_vocab_size(), 8)).astype(np.float32)
    StaticModel(vectors=vectors, tokenizer=tokenizer, config={"model_type": "model2vec"}).save_pretrained(str(folder))
    return folder


def test_qa_embedder_picks_the_model_by_what_the_folder_holds(tmp_path: Path):
    assert isinstance(make_embedder(None, tmp_path), SentenceEmbedder)
    folder = tiny_static_model(tmp_path / "tiny")
    assert is_static_model(folder) and not is_static_model(tmp_path)
    embedder = make_embedder(str(folder), tmp_path)
    assert isinstance(embedder, StaticEmbedder) and embedder.name == "model2vec/tiny"
    vectors = embedder.embed(["Kim met Putin.", "A concert in Pyongyang.", "Kim met Putin."])
    assert vectors.shape == (3, 8) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[2]) and not np.allclose(vectors[0], vectors[1])
    assert embedder.embed([]).shape == (0, 8)


def test_a_broken_static_folder_is_a_one_line_error(tmp_path: Path):
    folder = tiny_static_model(tmp_path / "tiny")
    (folder / "model.safetensors").write_bytes(b"not a tensor file")
    with pytest.raises(ConfigError, match="cannot load embedding model"):
        make_embedder(str(folder), tmp_path).embed(["x"])


@pytest.mark.e2e
def test_static_model_is_distilled_once_from_minilm_and_retrieves(tmp_path: Path):
    notes: list[str] = []
    embedder = make_embedder("static", tmp_path / "models", notes.append)
    assert embedder.name == STATIC_NAME and is_static_model(tmp_path / "models" / STATIC_DIR)
    assert len(notes) == 1 and "Distilling" in notes[0]
    assert not [p for p in (tmp_path / "models").iterdir() if p.name.startswith(".")]  # no temp folder left
    again = make_embedder("static", tmp_path / "models", notes.append)
    assert len(notes) == 1  # made once
    index = Index.build(read_corpus(SEEDS), again)
    top = Retriever(index, again).retrieve("When did Ju-ae make her first diplomatic outing?", 5).passages
    assert ("000_f6d7438db1f1dcb4.txt", 12) in [(p.paragraph.file, p.paragraph.number) for p in top]
