"""The app in a real browser: Debian's chromium driven by Playwright, the app on a loopback port.

Screenshots go to test-artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import json
import shutil
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT
from serving import ask, chromium, get_questions, grade_answer, request, start_app, stop_app

ARTIFACTS = ROOT / "test-artifacts"


def status(url: str) -> int:
    return request(url)[0]


def serve(corpus_settings, tmp_path, **env_vars: str):
    """The app over a copy of the session's index (the upload must not leak into it): its process, and
    (url, home, Gradio's upload folder)."""
    home = tmp_path / "home"
    shutil.copytree(corpus_settings.index_path, home / "index")
    proc, url = start_app(home, **env_vars)
    return proc, (url, home, tmp_path / "gradio-uploads")


@pytest.fixture
def app(assistant, corpus_settings, tmp_path):
    proc, served = serve(corpus_settings, tmp_path)
    yield served
    stop_app(proc)


@pytest.fixture
def page(app):
    with learner_page(app) as page:
        yield page


@contextmanager
def learner_page(app):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app[0])
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(app[0])
        yield page


def test_ask_see_sources_upload_a_document_and_ask_about_it(app, page):
    """One learner's session, in order: ask and follow [1]; copy; upload and be answered from it; practise."""
    ARTIFACTS.mkdir(exist_ok=True)
    follow_a_citation_and_copy_the_answer(page)
    upload_a_document_and_ask_about_it(page, *app)
    practise_a_question_and_find_it_in_progress(page)


def follow_a_citation_and_copy_the_answer(page) -> None:
    ask(page, "What is a feature store?")
    link = page.locator('#chat a[href="#source-1-1"]').first
    assert link.inner_text() == "[1]"
    passage = page.locator("#source-1-1")
    assert "Feature Stores" in passage.inner_text() and "corpus/notes/feature-stores.md" in passage.inner_text()
    assert passage.locator("mark").count() >= 1  # the quoted sentence is highlighted
    link.click()
    page.wait_for_selector("#source-1-1.flash")  # the click lands on the passage, not on a new tab
    assert len(page.context.pages) == 1
    page.screenshot(path=str(ARTIFACTS / "1-answer-with-sources.png"))

    page.locator("#chat .message.bot").last.hover()
    page.locator("#chat button[aria-label*='opy']").last.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "[1]" in copied and "Sources" in copied and "feature-stores.md" in copied and "#source-" not in copied


def upload_a_document_and_ask_about_it(page, url: str, home: Path, uploads: Path) -> None:
    # A question about the learner's own material is not covered yet...
    question = "When does the Lighthouse Panel meet?"
    ask(page, question)
    assert "Not in my sources" in page.locator("#sources").inner_text()

    page.get_by_role("tab", name="Library").click()
    note = home.parent / "review-board.md"
    note.write_text("# Our model review board\n\nThe Lighthouse Panel is our team's model review board. "
                    "The Lighthouse Panel meets every Thursday afternoon to approve production releases.\n")
    with page.expect_response(lambda r: "/gradio_api/upload?" in r.url and r.request.method == "POST") as uploaded:
        page.locator("#upload input[type=file]").set_input_files(str(note))
    cached = uploaded.value.json()[0]  # where Gradio put the upload
    page.wait_for_function("() => document.querySelector('#library-status textarea').value"
                           ".includes('added library/review-board.md')")
    assert "Our model review board" in page.locator("#library").inner_text()
    page.screenshot(path=str(ARTIFACTS / "2-library-after-upload.png"))
    # The upload is not kept where the app's file route could serve it to someone else.
    assert cached.endswith(note.name) and not Path(cached).exists()
    assert status(f"{url}/gradio_api/file={cached}") in (403, 404)
    assert status(f"{url}/gradio_api/file={home / 'library' / note.name}") == 403

    # ...and is answered from it once it is uploaded.
    page.get_by_role("tab", name="Ask").click()
    ask(page, question)
    assert "library/review-board.md" in page.locator("#sources").inner_text()
    assert "every Thursday afternoon" in page.locator("#chat .message.bot").last.inner_text()
    page.screenshot(path=str(ARTIFACTS / "3-answer-from-the-upload.png"))


def practise_a_question_and_find_it_in_progress(page) -> None:
    """Questions on a topic, an answer graded against its key points, the history updated."""
    get_questions(page, "Feature Stores")
    question = page.locator("h3").filter(has_text="?").first.inner_text()
    assert question.endswith("?")
    grade_answer(page, "A feature store is a central system for defining, computing, storing and serving "
                       "features, so training and serving use the same definitions.")
    assert "Model answer" in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "4-interview-graded.png"), full_page=True)
    page.get_by_role("tab", name="Progress").click()
    page.wait_for_function("(q) => document.body.innerText.includes(q)", arg=question[:40])  # as the table shows it
    page.screenshot(path=str(ARTIFACTS / "5-progress.png"), full_page=True)


class _ScriptedOpenAI(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint on loopback that always says `REPLY` (streamed or not)."""

    REPLY = ""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in self.REPLY.split(" "):
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                         "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        reply = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": self.REPLY},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_a_model_answer_highlights_exactly_the_sentence_that_supports_each_claim(assistant, corpus_settings,
                                                                                tmp_path):
    # The model cites the wrong number for a true claim and adds one no passage supports.
    _ScriptedOpenAI.REPLY = ("A feature store is a central system for defining, computing, storing, discovering "
                             "and serving features [4]. Feature stores were invented at a bakery in 1850 [1].")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ScriptedOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proc, served = serve(corpus_settings, tmp_path, ASSISTANT_BACKEND="openai",
                             ASSISTANT_LLM_URL=f"http://127.0.0.1:{server.server_port}/v1", ASSISTANT_LLM_MODEL="m")
    try:
        with learner_page(served) as page:
            ask(page, "What is a feature store?")
            reply = page.locator("#chat .message.bot").last.inner_text()
            assert "central system for defining" in reply and "bakery" not in reply  # the invention is dropped
            marks = page.locator("#sources mark")
            assert marks.count() == 1  # one claim, one highlighted sentence
            assert marks.first.inner_text() == ("A feature store is a central system for defining, computing, "
                                                "storing, discovering and serving such features.")
            number = page.locator("#chat a[href^='#source-']").first.inner_text()
            passage = page.locator("#sources [id^='source-']").nth(int(number.strip("[]")) - 1)
            assert passage.locator("mark").count() == 1  # in the passage its marker names
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "5-model-answer-highlight.png"))
    finally:
        stop_app(proc)
        server.shutdown()
