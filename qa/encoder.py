"""A BERT sentence encoder in numpy, for the cold start.

Importing torch and sentence-transformers takes most of a one-shot ``qa ask`` before the model
has read a word (about 8 s of 18 on two cores). A question is a few dozen tokens; six small
transformer layers over it are a few milliseconds of numpy. This module computes what
sentence-transformers computes for a BERT model with mean pooling and normalisation (such as
the bundled all-MiniLM-L6-v2), from the same ``model.safetensors`` and ``tokenizer.json``, so
vectors agree with the index's to float rounding (tests/test_encoder.py checks it against
sentence-transformers itself). Any other model folder goes through sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

_POOLING_OK = {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False}


def supports(path: Path) -> bool:
    """A BERT model with mean pooling then normalisation, stored as safetensors with a fast tokenizer."""
    try:
        config = json.loads((path / "config.json").read_text())
        modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((path / "modules.json").read_text())]
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return (
        config.get("model_type") == "bert"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and config.get("hidden_act") == "gelu"
        and modules == ["Transformer", "Pooling", "Normalize"]
        and all(pooling.get(k, False) == v for k, v in _POOLING_OK.items())
        and not pooling.get("pooling_mode_mean_sqrt_len_tokens", False)
        and (path / "model.safetensors").is_file()
        and (path / "tokenizer.json").is_file()
    )


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7): numpy has no erf, and scipy
    would cost the import time this module exists to save."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero): inner product is then cosine."""
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _required(layers: int) -> list[str]:
    names = [
        f"embeddings.{e}"
        for e in (
            "word_embeddings.weight",
            "position_embeddings.weight",
            "token_type_embeddings.weight",
            "LayerNorm.weight",
            "LayerNorm.bias",
        )
    ]
    parts = (
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "attention.output.LayerNorm",
        "intermediate.dense",
        "output.dense",
        "output.LayerNorm",
    )
    for n in range(layers):
        names += [f"encoder.layer.{n}.{part}.{kind}" for part in parts for kind in ("weight", "bias")]
    return names


def _is_dense(name: str) -> bool:
    return name.endswith(("dense.weight", "query.weight", "key.weight", "value.weight"))


class BertEncoder:
    """Mean-pooled, unit-length BERT sentence vectors, computed with numpy."""

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text())
        max_len = json.loads((path / "sentence_bert_config.json").read_text()).get("max_seq_length", 256)
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = int(config["hidden_size"])
        weights = load_file(str(path / "model.safetensors"))
        # dense weights transposed once, contiguous: each layer is then one plain matrix product
        self.w = {
            k.removeprefix("bert."): np.ascontiguousarray(v.T if _is_dense(k) else v, dtype=np.float32)
            for k, v in weights.items()
        }
        missing = [k for k in _required(self.layers) if k not in self.w]
        if missing:  # another naming scheme: the caller falls back to sentence-transformers
            raise ValueError(f"{path / 'model.safetensors'} has no {missing[0]}")
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(max_len))
        self.tokenizer.no_padding()

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # little padding per batch
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1.0
            out[rows] = self._forward(ids, mask)
        return out

    def _dense(self, v: np.ndarray, name: str) -> np.ndarray:
        """``v @ W + b`` over the last axis, as one matrix product for the whole batch."""
        flat = v.reshape(-1, v.shape[-1]) @ self.w[name + ".weight"] + self.w[name + ".bias"]
        return flat.reshape(*v.shape[:-1], -1)

    def _norm(self, v: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(v, self.w[name + ".weight"], self.w[name + ".bias"], self.eps)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, width = ids.shape
        head = self.dim // self.heads
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(np.finfo(np.float32).min)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."
            q, k, v = (
                self._dense(x, p + f"attention.self.{name}")
                .reshape(batch, width, self.heads, head)
                .transpose(0, 2, 1, 3)
                for name in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, width, self.dim)
            x = self._norm(self._dense(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            hidden = _gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(self._dense(hidden, p + "output.dense") + x, p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return unit_rows(pooled)
