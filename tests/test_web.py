"""The web layer of `python app.py`, over HTTP: Host allowlist, same-origin browser requests,
security headers, the queue's REST shortcut, unused uploads, and binding beyond loopback.

One app serves every test here (a copy of the session's index); each asks what a browser, a
page on another site, or a script would ask.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from serving import multipart, request, start_app, stop_app

MAX_UPLOAD_AGE = 3  # seconds, for this app only (the default is 15 minutes)


@pytest.fixture(scope="module")
def app(assistant, corpus_settings, tmp_path_factory):
    home = tmp_path_factory.mktemp("web") / "home"
    shutil.copytree(corpus_settings.index_path, home / "index")
    proc, url = start_app(home, ASSISTANT_UPLOAD_MAX_AGE=str(MAX_UPLOAD_AGE))
    yield url, home.parent / "gradio-uploads"
    stop_app(proc)


def host(url: str) -> str:
    return url.split("://", 1)[1]


def test_a_request_that_names_another_host_is_refused(app):
    url, _ = app
    for path in ("/", "/config", "/gradio_api/info"):
        status, _, body = request(url + path, headers={"Host": "evil.example"})  # a DNS-rebinding page's request
        assert status == 403 and b"gradio_config" not in body and b"feature" not in body.lower()
    body, kind = multipart("x.md", b"# x\n")
    assert request(url + "/gradio_api/upload", body, {"Host": "evil.example:80", "Content-Type": kind})[0] == 403
    port = url.rsplit(":", 1)[1]
    for name in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert request(url + "/", headers={"Host": name})[0] == 200


def test_every_response_carries_a_content_security_policy_and_refuses_framing(app):
    url, _ = app
    status, headers, page = request(url + "/")
    assert status == 200
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "img-src 'self' data: blob:" in policy
    assert "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(rb"<script\b[^>]*>", page)
    assert scripts and all(f'nonce="{nonce}"'.encode() in tag for tag in scripts)  # Gradio's own scripts run
    assert request(url + "/")[1]["Content-Security-Policy"] != policy  # a fresh nonce for every page
    for path in ("/", "/config", "/gradio_api/info"):
        headers = request(url + path)[1]
        assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_cross_origin_upload_is_refused_and_nothing_is_kept(app):
    url, uploads = app
    body, kind = multipart("from-elsewhere.md", b"# planted\n\nA page on another site uploaded this.\n")
    for elsewhere in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                      {"Origin": url, "Sec-Fetch-Site": "cross-site"}):
        status, _, _ = request(url + "/gradio_api/upload", body, {"Content-Type": kind, **elsewhere})
        assert status == 403, elsewhere
    assert not list(uploads.rglob("from-elsewhere.md"))
    # The app's own page, and a script (which holds no one's cookies), still upload.
    status, _, saved = request(url + "/gradio_api/upload", body, {"Content-Type": kind, "Origin": url,
                                                                  "Sec-Fetch-Site": "same-origin"})
    assert status == 200 and Path(json.loads(saved)[0]).exists()


def test_the_queue_cannot_be_skipped_through_the_rest_api(app):
    url, _ = app
    payload = json.dumps({"data": ["What is a feature store?", [], "extractive", []]}).encode()  # every input of `ask`
    for path in ("/gradio_api/api/ask", "/gradio_api/run/ask"):
        status, _, body = request(url + path, payload, {"Content-Type": "application/json"})
        assert status != 200 and b"feature store" not in body.lower(), path
    from gradio_client import Client  # through the queue, as the page does, it answers

    history, panel, _ = Client(url, verbose=False).predict("What is a feature store?", [], "extractive",
                                                           api_name="/ask")
    assert "feature store" in str(history[-1]["content"]).lower() and "source-1-1" in panel


def test_an_upload_that_is_never_used_is_deleted_after_the_age_limit(app):
    url, _ = app
    body, kind = multipart("never-used.md", b"# left behind\n\nUploaded, then the page was closed.\n")
    status, _, saved = request(url + "/gradio_api/upload", body, {"Content-Type": kind})
    path = Path(json.loads(saved)[0])
    assert status == 200 and path.exists()  # a fresh upload waits to be used
    deadline = time.time() + MAX_UPLOAD_AGE + 10
    while path.exists() and time.time() < deadline:
        time.sleep(0.5)
    assert not path.exists()


def test_binding_beyond_loopback_without_accounts_needs_an_explicit_flag(tmp_path):
    started = time.time()
    result = subprocess.run([sys.executable, str(ROOT / "app.py"), "--host", "0.0.0.0", "--port", "9"],
                            env={**__import__("os").environ, "ASSISTANT_HOME": str(tmp_path)}, cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and time.time() - started < 30  # said at once, before anything loads
    assert "--share-without-accounts" in result.stderr and "everyone's progress and library" in result.stderr
    assert "users add" in result.stderr and not (tmp_path / "index").exists()

    from assistant.ui.serve import sharing_notice, sharing_problem

    assert sharing_problem("127.0.0.1", False, False) == "" and sharing_problem("::1", False, False) == ""
    assert sharing_problem("0.0.0.0", False, True) == "" and sharing_notice("127.0.0.1", None) == ""
    assert "sees and changes the one study log and library" in sharing_notice("0.0.0.0", None)


@pytest.mark.parametrize("host, allowed", [
    ("127.0.0.1:7860", True), ("localhost:7860", True), ("[::1]:7860", True), ("192.168.1.20", True),
    ("study.example.org", True),  # named with --allowed-host below
    ("evil.example", False), ("evil.example:7860", False), ("127.0.0.1.evil.example", False), ("", False),
])
def test_the_host_check_accepts_addresses_localhost_and_allowed_names_only(host, allowed):
    from assistant.ui.web import host_allowed

    assert host_allowed(host, frozenset({"study.example.org"})) is allowed


@pytest.mark.parametrize("origin, host, same", [
    ("http://127.0.0.1:7860", "127.0.0.1:7860", True),
    ("https://study.example.org", "127.0.0.1:7860", True),  # a proxy that rewrote Host; the name is allowed
    ("http://127.0.0.1:8000", "127.0.0.1:7860", False),  # another app on this machine
    ("http://localhost:7860", "127.0.0.1:7860", False),
    ("null", "127.0.0.1:7860", False),
])
def test_a_browser_origin_must_be_the_apps_own(origin, host, same):
    from assistant.ui.web import same_origin

    assert same_origin(origin, host, frozenset({"study.example.org"})) is same
