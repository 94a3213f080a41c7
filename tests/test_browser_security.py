"""The app in chromium against a crafted document, and shared by two learners with accounts.

A document's title, heading and sentences carry HTML and Markdown meant to run script or
make the browser fetch a URL (a loopback server the test starts, which must hear nothing);
every place the app shows them must show them as text. Then two accounts use one app:
each sees only their own progress and uploads, and a client that has not logged in gets
nothing. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ROOT
from serving import ask, chromium, get_questions, grade_answer, multipart, request, start_app, stop_app

ARTIFACTS = ROOT / "test-artifacts"


class _Leak(BaseHTTPRequestHandler):
    """Records every request: a fetched image or followed link from the crafted document lands here."""

    heard: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.heard.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def leak():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Leak)
    _Leak.heard = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/leak", _Leak.heard
    server.shutdown()


def crafted_corpus(folder, leak_url: str):
    notes = folder / "notes"
    notes.mkdir(parents=True)
    for name in ("feature-stores.md", "monitoring-and-drift.md"):
        shutil.copy(ROOT / "corpus" / "notes" / name, notes / name)
    (notes / "canary.md").write_text(
        f'---\ntitle: <img src="{leak_url}/title.gif" onerror="window.pwned=\'title\'">Canary releases\n---\n\n'
        "# Canary releases\n\n"
        "## Rolling out <script>window.pwned='heading'</script> safely\n\n"
        f"A canary release sends ![x]({leak_url}/image.gif) a small share of live traffic to the new model "
        "version before everyone else gets it.\n\n"
        f"Teams read the [rollout checklist]({leak_url}/link) before every canary release of a new model "
        f"version, and watch {leak_url}/bare for errors.\n")
    return folder


def test_a_crafted_documents_html_and_markdown_are_shown_as_text_and_fetch_nothing(tmp_path, leak):
    leak_url, heard = leak
    corpus = crafted_corpus(tmp_path / "corpus", leak_url)
    proc, url = start_app(tmp_path / "home", ASSISTANT_CORPUS=str(corpus))
    shown = {}
    try:
        with chromium() as browser:
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.set_default_timeout(30_000)
            page.goto(url)
            ask(page, "What does a canary release send to the new model version?")
            shown["answer"] = page.locator("#chat .message.bot").last.inner_text()
            shown["sources"] = page.locator("#sources").inner_text()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "6-crafted-document-answer.png"))
            ask(page, "How do I bake sourdough bread?")  # the refusal lists the corpus's titles
            shown["refusal"] = page.locator("#chat .message.bot").last.inner_text()
            shown["covered"] = page.locator("#sources").inner_text()
            shown["graded"] = practise_the_crafted_topic(page)
            page.get_by_role("tab", name="Library").click()
            page.wait_for_function("() => document.querySelector('#library').innerText.includes('canary.md')")
            shown["library"] = page.locator("#library").inner_text()
            page.get_by_role("tab", name="Progress").click()
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "6-crafted-document-progress.png"), full_page=True)
            pwned = page.evaluate("window.pwned")
            fetching = page.locator(f'img[src*="{leak_url}"], a[href*="{leak_url}"]').count()
    finally:
        stop_app(proc)
    assert heard == []  # nothing was fetched from the document's addresses
    assert pwned is None  # no script of the document ran
    assert fetching == 0  # no image or link made of them
    assert f"![x]({leak_url}/image.gif)" in shown["answer"]  # the sentence, as the document wrote it
    assert '<img src="' in shown["sources"] and "<script>window.pwned='heading'</script>" in shown["sources"]
    for place in ("refusal", "covered", "library"):
        assert '<img src="' in shown[place], place
    assert "![x](" in shown["graded"]  # a key point, quoted as written


def practise_the_crafted_topic(page) -> str:
    get_questions(page, "canary release rollout", shown="new question")
    grade_answer(page, "I don't know")
    return page.locator("body").inner_text()


# -- two learners, one app ---------------------------------------------------------------------

PASSWORDS = {"ann": "ann-password-1", "ben": "ben-password-1"}
QUESTION = "When does the Lighthouse Panel meet?"


def add_user(home, name: str, *flags: str) -> None:
    result = subprocess.run([sys.executable, "-m", "assistant", "users", "add", name, *flags],
                            input=PASSWORDS[name] + "\n", text=True, capture_output=True, cwd=ROOT,
                            env={**os.environ, "ASSISTANT_HOME": str(home)}, timeout=60)
    assert result.returncode == 0, result.stderr


def log_in(browser, url: str, name: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_label("username").fill(name)
    page.get_by_label("password").fill(PASSWORDS[name])
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#chat")
    page.wait_for_function("(n) => document.querySelector('#who').innerText.includes(n)", arg=name)
    return page


def test_two_accounts_see_their_own_progress_and_library_and_a_stranger_gets_nothing(assistant, corpus_settings,
                                                                                  tmp_path):
    home = tmp_path / "home"
    shutil.copytree(corpus_settings.index_path, home / "index")
    for name in PASSWORDS:
        add_user(home, name)
    proc, url = start_app(home)
    try:
        a_stranger_gets_nothing(url)
        with chromium() as browser:
            ann = log_in(browser, url, "ann")
            upload_and_practise(ann, tmp_path)
            ben = log_in(browser, url, "ben")
            ben.get_by_role("tab", name="Library").click()
            ben.wait_for_function("() => document.querySelector('#library').innerText.includes('feature-stores.md')")
            assert "review board" not in ben.locator("#library").inner_text()
            assert not ben.get_by_role("button", name="Rebuild the index").is_visible()  # a learner's view
            ben.get_by_role("tab", name="Ask").click()
            ask(ben, QUESTION)
            assert "Not in my sources" in ben.locator("#sources").inner_text()
            ben.get_by_role("tab", name="Progress").click()
            ben.wait_for_timeout(1500)
            assert "Feature Stores" not in ben.locator("body").inner_text().split("History")[-1]
            ben.screenshot(path=str(ARTIFACTS / "8-second-learner.png"), full_page=True)
        from gradio_client import Client

        answers = {name: Client(url, auth=(name, PASSWORDS[name]), verbose=False).predict(
            QUESTION, [], "extractive", api_name="/ask")[1] for name in PASSWORDS}
        assert "libraries/ann/review-board.md" in answers["ann"] and "review-board" not in answers["ben"]
    finally:
        stop_app(proc)
    assert (home / "users" / "ann" / "study.sqlite3").exists() and not (home / "study.sqlite3").exists()


def a_stranger_gets_nothing(url: str) -> None:
    status, _, page = request(url + "/")
    assert status == 200 and b'"auth_required":true' in page  # the login page, and no more:
    assert b"Feature Stores" not in page and b'"api_name"' not in page and b"/ask" not in page
    for path in ("/config", "/gradio_api/info", "/gradio_api/queue/status", "/gradio_api/file=/etc/hostname",
                 "/gradio_api/heartbeat/x", "/gradio_api/upload_progress"):
        assert request(url + path)[0] == 401, path
    body, kind = multipart("x.md", b"# x\n")
    assert request(url + "/gradio_api/upload", body, {"Content-Type": kind})[0] == 401
    assert request(url + "/gradio_api/queue/join", b"{}", {"Content-Type": "application/json"})[0] == 401
    from gradio_client import Client

    for auth in (None, ("ann", "wrong password")):
        with pytest.raises(Exception):  # noqa: B017 (gradio_client raises ValueError or its AuthenticationError)
            Client(url, auth=auth, verbose=False)


def upload_and_practise(page, tmp_path) -> None:
    page.get_by_role("tab", name="Library").click()
    note = tmp_path / "review-board.md"
    note.write_text("# Our model review board\n\nThe Lighthouse Panel is our team's model review board. "
                    "The Lighthouse Panel meets every Thursday afternoon to approve production releases.\n")
    page.locator("#upload input[type=file]").set_input_files(str(note))
    page.wait_for_function("() => document.querySelector('#library-status textarea').value"
                           ".includes('added libraries/ann/review-board.md')")
    assert not page.get_by_role("button", name="Rebuild the index").is_visible()
    page.get_by_role("tab", name="Ask").click()
    ask(page, QUESTION)
    assert "libraries/ann/review-board.md" in page.locator("#sources").inner_text()
    get_questions(page, "Feature Stores")
    grade_answer(page, "A feature store serves features.")
    page.get_by_role("tab", name="Progress").click()
    page.wait_for_function("() => document.body.innerText.split('History').pop().includes('Feature Stores')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "7-first-learner.png"), full_page=True)
