"""The packaged MiniLM two ways: sentence-transformers, and the NumPy forward pass a command uses
to answer without importing torch. Both must give the index's vectors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
from conftest import ROOT

from assistant.corpus import discover, load_document
from assistant.numpy_minilm import NumpyMiniLM


def test_the_numpy_forward_pass_gives_the_vectors_sentence_transformers_gives(minilm):
    notes = [load_document(p, ROOT / "corpus", 10**7) for p in discover(ROOT / "corpus")[:6]]
    texts = ["What is a feature store?", "Why would you package an ML model in a container, and how?", "",
             "über-long " * 400]  # empty, and longer than the model reads (truncated alike)
    texts += [block.text for doc in notes for block in doc.blocks[:3]]
    light = NumpyMiniLM(minilm._model_dir(), minilm.max_tokens)
    expected = minilm.load().encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    got = light.embed(texts)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert float(np.abs(got - expected).max()) < 1e-5
    long_text = "A canary release sends a small share of live traffic to the new model. " * 60
    assert light.count_tokens(long_text) == len(minilm.load().tokenizer(
        long_text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]) > 256


def test_a_question_from_the_shell_is_answered_without_importing_torch(assistant, corpus_settings, tmp_path):
    shutil.copytree(corpus_settings.index_path, tmp_path / "index")
    probe = ("import sys; from assistant.cli import main; code = main(['ask', '--json', 'What is a feature store?']); "
             "print(code, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "ASSISTANT_HOME": str(tmp_path), "ASSISTANT_BACKEND": "extractive"})
    assert '"refused": false' in done.stdout and "feature store" in done.stdout.lower(), done.stderr
    assert done.stdout.strip().endswith("0 False False")  # 6.2 s → 1.2 s from the shell (issue 12)
