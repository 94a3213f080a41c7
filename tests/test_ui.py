"""The web app: handlers called in-process, and the real server on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from conftest import ROOT
from fakes import ScriptedChatModel, model_assistant

from assistant.chat import Assistant
from assistant.concurrency import Turnstile
from assistant.ui import build_ui, respond, respond_stream
from assistant.ui.chat_tab import backend_choices, compose_panel


def test_answer_links_each_marker_to_its_passage_and_carries_its_sources(assistant):
    history, panel = respond(assistant, "What is a feature store?", [])
    assert [m["role"] for m in history] == ["user", "assistant"]
    message = history[1]["content"]
    assert "[\\[1\\]](#source-1-1)" in message  # a link to passage 1 of answer 1 in the panel
    # The message ends with its sources, so copying an answer copies where it came from.
    assert "**Sources**" in message and "1. Feature Stores — `corpus/notes/feature-stores.md" in message
    # The panel: title, file, section heading and the passage, the quoted sentence highlighted.
    assert "id='source-1-1'" in panel and "**[1] Feature Stores**" in panel
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
    # The second answer's [1] is its own passage 1, not the first answer's.
    assert "(#source-2-1)" in history[-1]["content"] and "id='source-2-1'" in panel


def test_earlier_answers_keep_their_sources_in_the_panel(assistant):
    history, first = respond(assistant, "What is a feature store?", [])
    history, second = respond(assistant, "What does a canary deployment do?", history)
    panel = compose_panel(second, [first])
    assert panel.index("id='source-2-1'") < panel.index("<details>") < panel.index("id='source-1-1'")


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
    server = Assistant(assistant.settings.replace(llm_url="http://bob:s3cret@127.0.0.1:9/v1"), assistant.live,
                       assistant.sentence_embedder, generator=assistant.generator)
    label = dict((name, label) for label, name in backend_choices(server))["openai"]
    assert "127.0.0.1:9/v1" in label and "s3cret" not in label  # every visitor sees the label


def test_model_questions_wait_their_turn_and_are_told_their_place(assistant):
    chat_model = ScriptedChatModel(reply=lambda messages: (
        "A feature store is a central system for defining, computing, storing, discovering and serving "
        "such features [1]."))
    model_app = model_assistant(assistant, chat_model)
    turnstile = Turnstile()
    someone_else = turnstile.enter()  # another learner's question is being answered
    turn = respond_stream(model_app, "What is a feature store?", [], "local", {"local": turnstile})
    history, panel = next(turn)
    assert "1 question is ahead of yours (the local model answers one at a time)" in history[-1]["content"]
    assert not chat_model.calls
    someone_else.leave()
    *_, (history, panel) = turn
    assert "central system" in history[-1]["content"] and "id='source-1-1'" in panel
    assert eventually(lambda: turnstile.waiting() == 0)  # our turn ended too, once the work did
    # Quoting never waits for the model.
    blocker = turnstile.enter()
    turnstiles = {"local": turnstile, "extractive": Turnstile(2)}
    history, _ = respond(model_app, "What is a feature store?", [], "extractive", turnstiles)
    assert "[\\[1\\]]" in history[-1]["content"]
    blocker.leave()


def test_a_learner_who_leaves_mid_answer_keeps_the_model_busy_until_it_is_done(assistant):
    still_writing = threading.Event()
    model = ScriptedChatModel(reply=lambda messages: (
        "A feature store is a central system for defining, computing, storing, discovering and serving "
        "such features [1]."), hold=still_writing)
    model_app = model_assistant(assistant, model)
    turnstile = Turnstile()
    turn = respond_stream(model_app, "What is a feature store?", [], "local", {"local": turnstile})
    next(turn)  # the first words of the draft
    turn.close()  # the learner closed the page
    assert turnstile.waiting() == 1  # the model is still writing: the next learner must wait
    still_writing.set()
    assert eventually(lambda: turnstile.waiting() == 0)


def eventually(condition, seconds: float = 10) -> bool:
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_app_has_its_four_tabs_and_the_ask_endpoint(assistant):
    demo = build_ui(assistant)
    tabs = [block.label for block in demo.blocks.values() if type(block).__name__ == "Tab"]
    assert tabs == ["Ask", "Interview", "Progress", "Library"]
    assert "ask" in {dependency.api_name for dependency in demo.fns.values()}


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
        for path in ("/etc/passwd", str(ROOT / "requirements.txt"), f"{ROOT}/../../etc/passwd"):
            assert get(f"http://127.0.0.1:{port}/gradio_api/file={path}") == 403  # refused, not just not found
    finally:
        app.terminate()
        out, _ = app.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in out
