"""The web app: handlers called in-process, and the real server on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from assistant.chat import Assistant
from assistant.concurrency import Turnstile
from assistant.generation.extractive import ExtractiveGenerator
from assistant.generation.grounded import GroundedGenerator
from assistant.ui import build_ui, respond, respond_stream
from assistant.ui.chat_tab import backend_choices
from conftest import ROOT
from fakes import ScriptedChatModel


def test_answer_links_each_marker_to_its_passage_and_carries_its_sources(assistant):
    history, panel = respond(assistant, "What is a feature store?", [])
    assert [m["role"] for m in history] == ["user", "assistant"]
    message = history[1]["content"]
    assert "[\\[1\\]](#source-1)" in message  # a link to the panel's passage 1
    # The message ends with its sources, so copying an answer copies where it came from.
    assert "**Sources**" in message and "1. Feature Stores — `corpus/notes/feature-stores.md" in message
    # The panel: title, file, section heading and the passage, the quoted sentence highlighted.
    assert "id='source-1'" in panel and "**[1] Feature Stores**" in panel
    assert "File: <code>corpus/notes/feature-stores.md</code>" in panel and "Section: " in panel
    assert "<mark>" in panel


def test_follow_up_in_the_ui_uses_the_history_as_gradio_hands_it_back(assistant):
    import gradio as gr

    history, _ = respond(assistant, "What is a feature store?", [])
    chatbot = gr.Chatbot()
    # What the browser sends back is Gradio's own message format (content as a list of parts).
    round_trip = chatbot.preprocess(chatbot.postprocess(history))
    history, panel = respond(assistant, "What tools are used for that?", round_trip)
    assert "Feast" in history[-1]["content"] and "feature-stores.md" in panel


def test_refusal_is_shown_as_such_with_what_the_corpus_covers(assistant):
    history, panel = respond(assistant, "How do I bake sourdough bread?", [])
    assert "not in my sources" in history[-1]["content"].lower()
    assert "**Not in my sources**" in panel and "- Feature Stores" in panel
    assert "#source-" not in history[-1]["content"]


def test_an_over_long_message_is_turned_down_on_the_server_and_not_echoed_whole(assistant):
    huge = "why " * 5000
    history, panel = respond(assistant, huge, [])
    assert "20,000 characters" in history[0]["content"] and len(history[0]["content"]) < 300
    assert "2,000" in history[1]["content"]  # the limit, stated
    assert "source-" not in panel


def test_a_backend_that_is_not_configured_says_what_to_do(assistant):
    history, _ = respond(assistant, "What is a feature store?", [], backend="openai")
    assert "ASSISTANT_LLM_URL" in history[-1]["content"] and "Quote the sources" in history[-1]["content"]
    assert backend_choices(assistant)[0] == ("Quote the sources (instant)", "extractive")
    server = Assistant(assistant.settings.replace(llm_url="http://127.0.0.1:9/v1"), assistant.embedder,
                       assistant.index, generator=assistant.generator, retriever=assistant.retriever)
    assert "openai" in [name for _, name in backend_choices(server)]


def test_model_questions_wait_their_turn_and_are_told_their_place(assistant):
    chat_model = ScriptedChatModel(reply=lambda messages: (
        "A feature store is a central system for defining, computing, storing, discovering and serving "
        "such features [1]."))
    local = GroundedGenerator("local", chat_model, assistant.embedder, ExtractiveGenerator(assistant.embedder))
    model_app = Assistant(assistant.settings, assistant.embedder, assistant.index, generator=local,
                          retriever=assistant.retriever)
    turnstile = Turnstile()
    someone_else = turnstile.enter()  # another learner's question is being answered
    turn = respond_stream(model_app, "What is a feature store?", [], "local", {"local": turnstile})
    history, panel = next(turn)
    assert "1 question is ahead of yours (the local model answers one at a time)" in history[-1]["content"]
    assert not chat_model.calls
    someone_else.leave()
    *_, (history, panel) = turn
    assert "central system" in history[-1]["content"] and "id='source-1'" in panel
    assert turnstile.waiting() == 0  # our turn ended too
    # Quoting never waits for the model.
    blocker = turnstile.enter()
    history, _ = respond(model_app, "What is a feature store?", [], backend="extractive")
    assert "[\\[1\\]]" in history[-1]["content"]
    blocker.leave()


def test_build_ui_makes_blocks(assistant):
    import gradio as gr

    assert isinstance(build_ui(assistant), gr.Blocks)


def get(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_app_serves_on_loopback_and_refuses_files_outside_its_folders(corpus_settings, assistant):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_HOME": str(corpus_settings.home), "ASSISTANT_BACKEND": "extractive"}
    app = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], env=env, cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if get(f"http://127.0.0.1:{port}/") == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError("app did not start")
        for path in ("/etc/passwd", str(ROOT / "requirements.txt")):
            assert get(f"http://127.0.0.1:{port}/gradio_api/file={path}") in (403, 404)
    finally:
        app.terminate()
        out, _ = app.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in out
