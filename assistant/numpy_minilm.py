"""all-MiniLM-L6-v2's forward pass in NumPy, for short texts in short-lived processes.

Importing sentence-transformers (and with it torch, transformers and scikit-learn)
takes 3.5–5 s on 2 cores; a question needs one 10 ms forward pass. So a command
that embeds a few short texts (`python -m assistant ask …`) runs the same model
here: the same weights (the package's model.safetensors), the same tokenizer
(its tokenizer.json, through `tokenizers`), the same BERT layers, mean pooling
and normalisation as sentence-transformers. The vectors agree with it to about
1e-7 (tests/test_embeddings.py); large batches (ingestion) still go to
sentence-transformers, which is several times faster on them.

Not here: choosing which path embeds what (embeddings.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

_LAYERS, _HEADS, _EPS = 6, 12, 1e-12


class NumpyMiniLM:
    def __init__(self, model_dir: Path, max_tokens: int) -> None:
        from tokenizers import Tokenizer

        self.model_dir = model_dir
        self.counter = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.counter.no_padding()  # the file pads to 128 and truncates to 128
        self.counter.no_truncation()  # counting must see every word piece
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()  # a batch is padded here, to its longest text
        self.tokenizer.enable_truncation(max_tokens)  # what the model reads; the rest is dropped
        self._weights: dict[str, np.ndarray] | None = None

    @property
    def w(self) -> dict[str, np.ndarray]:
        if self._weights is None:
            from safetensors.numpy import load_file

            # Matrices stored transposed once (x @ W.T in every layer would otherwise copy them each time).
            loaded = load_file(str(self.model_dir / "model.safetensors"))
            self._weights = {name: np.ascontiguousarray(v.T) if v.ndim == 2 and name.startswith("encoder.") else v
                             for name, v in loaded.items()}
        return self._weights

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embed_with_pieces(texts)[0]

    def token_vectors(self, texts: list[str]) -> list[tuple[np.ndarray, list[str]]]:
        """Per text, the last layer's vector of every word piece (special tokens included) and the pieces."""
        return self.embed_with_pieces(texts)[1]

    def embed_with_pieces(self, texts: list[str]) -> tuple[np.ndarray, list[tuple[np.ndarray, list[str]]]]:
        """The texts' vectors and their word pieces' (token_vectors), from one pass."""
        x, mask, encodings = self._forward(texts)
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        vectors = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)
        return vectors, [(x[row, :len(e.ids)], e.tokens) for row, e in enumerate(encodings)]

    def _forward(self, texts: list[str]):
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), np.int64)
        mask = np.zeros((len(texts), length), np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1.0
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        padding = ((1.0 - mask) * np.float32(-1e30))[:, None, None, :]
        for layer in range(_LAYERS):
            x = self._layer(x, padding, f"encoder.layer.{layer}.")
        return x, mask, encodings

    def count_tokens(self, text: str) -> int:
        return len(self.counter.encode(text, add_special_tokens=False).ids)

    def _layer(self, x: np.ndarray, padding: np.ndarray, p: str) -> np.ndarray:
        batch, length, width = x.shape
        head = width // _HEADS

        def linear(values: np.ndarray, name: str) -> np.ndarray:
            flat = values.reshape(-1, values.shape[-1]) @ self.w[f"{p}{name}.weight"] + self.w[f"{p}{name}.bias"]
            return flat.reshape(*values.shape[:-1], -1)

        def heads(name: str) -> np.ndarray:
            return linear(x, name).reshape(batch, length, _HEADS, head).transpose(0, 2, 1, 3)

        q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(head)) + padding
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _layer_norm(linear(context, "attention.output.dense") + x,
                        self.w[f"{p}attention.output.LayerNorm.weight"], self.w[f"{p}attention.output.LayerNorm.bias"])
        hidden = _gelu(linear(x, "intermediate.dense"))
        return _layer_norm(linear(hidden, "output.dense") + x,
                           self.w[f"{p}output.LayerNorm.weight"], self.w[f"{p}output.LayerNorm.bias"])


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(variance + np.float32(_EPS)) * weight + bias).astype(np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x), with erf from its Chebyshev approximation (error < 1.2e-7)."""
    return np.float32(0.5) * x * (np.float32(1.0) + _erf(x * np.float32(1 / np.sqrt(2.0))))


def _erf(x: np.ndarray) -> np.ndarray:
    z = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.5) * z)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    erfc = t * np.exp(-z * z + poly.astype(np.float32))
    return np.where(x >= 0, np.float32(1.0) - erfc, erfc - np.float32(1.0))
