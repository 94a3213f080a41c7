"""The app as a user meets it: `python app.py` on a loopback port, HTTP requests, Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    """A one-file multipart/form-data body (as a browser's upload sends it) and its content type."""
    boundary = "----boundary7MA4YWxkTrZu0gW"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/markdown\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def start_app(home: Path, *args: str, **env_vars: str) -> tuple[subprocess.Popen, str]:
    """`python app.py` serving `home` on a free port; returns once the page answers."""
    port = free_port()
    env = {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_BACKEND": "extractive",
           "GRADIO_TEMP_DIR": str(home.parent / "gradio-uploads"), **env_vars}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            if request(url)[0] == 200:
                return proc, url
        except OSError:
            pass
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise AssertionError(f"the app did not start:\n{proc.communicate()[0]}")
        time.sleep(0.3)


def stop_app(proc: subprocess.Popen) -> str:
    proc.terminate()
    return proc.communicate(timeout=30)[0]


@contextmanager
def chromium():
    """A browser (Debian's chromium through Playwright); new_context() per visitor."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium (.ci/run does)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser
        finally:
            browser.close()


def ask(page, question: str) -> None:
    """Ask and wait for the checked answer (or refusal): a new final reply, and the panel filled."""
    before = page.locator("#chat .message.bot").count()
    page.get_by_label("Your question").fill(question)
    page.keyboard.press("Enter")
    page.wait_for_function(
        """(n) => {
             const replies = document.querySelectorAll('#chat .message.bot');
             const panel = document.querySelector('#sources').innerText.trim().toLowerCase();
             return replies.length > n
                    && replies[replies.length - 1].innerText.toLowerCase().includes('sources')
                    && (panel.startsWith('sources') || panel.startsWith('not in my sources'));
           }""", arg=before)


def get_questions(page, topic: str, shown: str = "new questions on") -> None:
    """Open the Interview tab and ask for questions on `topic`; wait until `shown` is on the page."""
    page.get_by_role("tab", name="Interview").click()
    page.get_by_label("Topic").fill(topic)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Get questions").click()
    page.wait_for_function("(text) => document.body.innerText.includes(text)", arg=shown)


def grade_answer(page, answer: str) -> None:
    """Answer the current question and wait for its score."""
    page.get_by_label("Your answer").fill(answer)
    page.get_by_role("button", name="Grade my answer").click()
    page.wait_for_function("() => /Score: \\d+\\/100/.test(document.body.innerText)")
