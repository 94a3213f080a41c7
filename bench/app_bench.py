"""The web app under load, as a learner meets it (issue 4).

    python bench/app_bench.py [--chats 20] [--turns 3]

1. Cold start: `python app.py` with the index present, until the page answers (5 starts).
2. First answer in a real browser (Debian chromium): submit → the checked answer and its
   sources are on screen, for the first question of a fresh page and for 9 more.
3. Load: `--chats` concurrent chats through gradio_client on loopback, each `--turns`
   questions long with its history (follow-ups included), extractive backend.

Targets: cold start < 15 s; first extractive answer visible < 1 s; no errors under load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from common import ROOT, bench_settings, median, percentile, save

CHATS = [
    ["What is a feature store?", "What tools are used for that?", "What is the difference between the "
     "offline store and the online store?"],
    ["How do I move from data science into MLOps?", "Which soft skills matter for an MLOps engineer?",
     "What does a canary deployment do?"],
    ["What is the difference between data drift and concept drift?", "How do teams detect drift?",
     "Which tools are used for experiment tracking?"],
]


def start_app(home: Path) -> tuple[subprocess.Popen, str, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_HOME": str(home), "ASSISTANT_BACKEND": "extractive"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url, time.perf_counter() - started
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("the app exited during start-up") from None
            time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def browser_first_answers(url: str, n: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    seconds = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for i in range(n):
            page = browser.new_page()
            page.goto(url)
            page.get_by_label("Your question").fill(CHATS[i % len(CHATS)][0])
            start = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.querySelector('#sources').innerText.trim()"
                                   ".startsWith('Sources')", polling=10)
            seconds.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return seconds


def load(url: str, chats: int, turns: int) -> dict:
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(chats)

    def chat(number: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:  # noqa: BLE001 (counted, not raised)
            with lock:
                errors.append(f"connect: {exc}")
            return
        history: list = []
        barrier.wait()
        for question in CHATS[number % len(CHATS)][:turns]:
            start = time.perf_counter()
            try:
                history, panel, _ = client.predict(question, history, "extractive", api_name="/ask")
                ok = "(#source-" in str(history[-1]) and "class='source'" in panel
            except Exception as exc:  # noqa: BLE001
                ok, panel = False, f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"chat {number}: {question!r}: {str(panel)[:200]}")

    threads = [threading.Thread(target=chat, args=(i,)) for i in range(chats)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    return {"chats": chats, "turns_each": turns, "requests": len(latencies), "errors": len(errors),
            "error_samples": errors[:5], "wall_s": round(wall, 2),
            "latency_p50_s": round(median(latencies), 3), "latency_p95_s": round(percentile(latencies, 0.95), 3),
            "latency_max_s": round(max(latencies), 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    settings = bench_settings("app", "extractive")
    from assistant.chat import build_assistant

    build_assistant(settings, progress=False, log=lambda line: None).live.close()  # index present: not timed

    starts = []
    for _ in range(args.starts):
        proc, url, seconds = start_app(settings.home)
        starts.append(seconds)
        stop(proc)
    proc, url, _ = start_app(settings.home)
    try:
        first = browser_first_answers(url, 10)
        under_load = load(url, args.chats, args.turns)
    finally:
        stop(proc)
        shutil.rmtree(settings.home, ignore_errors=True)
    save("app", {
        "cold_start_s": {"median": round(median(starts), 2), "max": round(max(starts), 2),
                         "all": [round(s, 2) for s in starts]},
        "browser_answer_visible_s": {"first_page_first_question": round(first[0], 3),
                                     "median_of_10_fresh_pages": round(median(first), 3),
                                     "max": round(max(first), 3)},
        "load": under_load,
    })


if __name__ == "__main__":
    main()
