"""The numpy BERT encoder: same vectors as sentence-transformers, without importing torch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qa.embed import QUICK_TEXTS, SentenceEmbedder, default_embedder_path
from qa.encoder import BertEncoder, supports

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    paragraphs = [line for f in sorted(SEEDS.glob("*.txt")) for line in f.read_text().splitlines() if line.strip()]
    questions = [
        "When did Ju-ae make her first diplomatic outing?",
        "Who is Russia's Natural Resources Minister?",
        "",
        "drones " * 400,  # longer than the model's 256 tokens: truncated the same way
        "Кто такой Ким?",
    ]
    return paragraphs + questions


def test_vectors_match_sentence_transformers(seed_texts: list[str]):
    reference = SentenceEmbedder()
    expected = reference.load().encode(seed_texts, normalize_embeddings=True, convert_to_numpy=True)
    got = BertEncoder(default_embedder_path()).encode(seed_texts)
    assert got.shape == expected.shape and got.dtype == np.float32
    assert np.abs(got - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # the nearest paragraph of each question is the same either way
    assert np.array_equal((got[-5:] @ got[:-5].T).argmax(1), (expected[-5:] @ expected[:-5].T).argmax(1))


def test_a_question_is_embedded_without_torch():
    code = (
        "import sys; from qa.embed import SentenceEmbedder; e = SentenceEmbedder(); e.warm();"
        "v = e.embed(['When did Ju-ae make her first diplomatic outing?']); assert v.shape == (1, e.dim);"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_short_batches_take_the_numpy_path():
    embedder = SentenceEmbedder()
    embedder.embed(["one question"] * QUICK_TEXTS)
    assert embedder._model is None and embedder.dim == 384
    embedder.embed(["a paragraph"] * (QUICK_TEXTS + 1))
    assert embedder._model is not None


def test_models_numpy_cannot_run_go_through_sentence_transformers(tmp_path: Path):
    bundled = default_embedder_path()
    assert supports(bundled)
    folder = tmp_path / "cls-pooling"
    shutil.copytree(bundled, folder)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    pooling.write_text(json.dumps({**config, "pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    assert not supports(folder)
    embedder = SentenceEmbedder(folder)
    vector = embedder.embed(["one question"])
    assert embedder._model is not None and embedder.quick() is None
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert not supports(tmp_path)  # not a model folder at all


def test_weights_under_other_names_fall_back_to_sentence_transformers(tmp_path: Path):
    from safetensors.numpy import load_file, save_file

    folder = tmp_path / "renamed"
    shutil.copytree(default_embedder_path(), folder)
    weights = load_file(str(folder / "model.safetensors"))
    save_file({k.replace("intermediate", "ffn_in"): v for k, v in weights.items()}, str(folder / "model.safetensors"))
    assert supports(folder)  # the folder looks right; only reading the weights tells
    with pytest.raises(ValueError, match="has no"):
        BertEncoder(folder)
    assert SentenceEmbedder(folder).quick() is None
