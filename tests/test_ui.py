"""The web app: handlers called in-process, and the real server on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from assistant.ui import build_ui, render_sources, respond
from conftest import ROOT


def test_respond_appends_the_turn_and_fills_the_sources_panel(assistant):
    history, panel = respond(assistant, "What is a feature store?", [])
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert "[1]" in history[1]["content"]
    assert "**[1] Feature Stores**" in panel and "corpus/notes/feature-stores.md" in panel
    assert "<mark>" in panel  # the quoted sentence is highlighted in its passage


def test_follow_up_in_the_ui_uses_the_history_as_gradio_hands_it_back(assistant):
    import gradio as gr

    history, _ = respond(assistant, "What is a feature store?", [])
    chatbot = gr.Chatbot()
    # What the browser sends back is Gradio's own message format (content as a list of parts).
    round_trip = chatbot.preprocess(chatbot.postprocess(history))
    history, panel = respond(assistant, "What tools are used for that?", round_trip)
    assert "Feast" in history[-1]["content"] and "feature-stores.md" in panel


def test_refusal_shows_no_sources(assistant):
    answer = assistant.ask("How do I bake sourdough bread?")
    assert "declined" in render_sources(answer)


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
