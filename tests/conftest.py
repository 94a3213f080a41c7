"""Shared fixtures. The offline switches are set before any ML library is imported.

The packaged MiniLM model and an index of the real corpus are built once per
session (about 15 s on 2 cores); unit tests that do not test the model use the
deterministic HashingEmbedder and a small corpus in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

from assistant.config import apply_offline_environment

apply_offline_environment()  # before any ML library is imported: the imports below come after it

import pytest  # noqa: E402

from assistant.config import PROJECT_ROOT as ROOT  # noqa: E402
from assistant.config import Settings, load_settings


@pytest.fixture(scope="session")
def minilm():
    from assistant.embeddings import MiniLMEmbedder

    return MiniLMEmbedder(Settings().embed_batch_size)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory) -> Settings:
    """Settings for an index of the shipped corpus, in a session temp folder."""
    home = tmp_path_factory.mktemp("home")
    return load_settings(environ={}, home=home, corpus_dir=ROOT / "corpus", backend="extractive")


@pytest.fixture(scope="session")
def assistant(corpus_settings, minilm):
    from assistant.chat import build_assistant

    return build_assistant(corpus_settings, embedder=minilm, progress=False, log=lambda line: None)


@pytest.fixture
def hashing():
    from assistant.embeddings import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """Three short Markdown notes."""
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "canary.md").write_text(
        "---\ntitle: Canary releases\n---\n\n# Canary releases\n\n## What it is\n\n"
        "A canary release sends a small share of live traffic to the new model version first. "
        "The share grows in steps while error rates stay healthy.\n\n## Rollback\n\n"
        "Rolling back a canary means routing all traffic to the old version again.\n")
    (corpus / "drift.md").write_text(
        "# Data drift\n\nData drift is a change in the distribution of input features between training "
        "and production. Teams detect drift with statistics such as the population stability index.\n")
    (corpus / "registry.txt").write_text(
        "A model registry stores versioned models with their lineage and approval status.\n")
    return corpus


@pytest.fixture
def small_settings(tmp_path, small_corpus) -> Settings:
    return load_settings(environ={}, home=tmp_path / "home", corpus_dir=small_corpus, embeddings="hashing",
                         backend="extractive")
