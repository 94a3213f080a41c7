"""Vectors in a Chroma server over HTTP (`chroma run` on 127.0.0.1), as several processes would share it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.chat import Assistant
from assistant.ingestion import ingest, open_settings_index
from assistant.live_index import LiveIndex
from assistant.store import StoreUnavailable, open_chroma_client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen([chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("chroma run did not start") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_ingest_query_update_and_rebuild_through_a_chroma_server(chroma_url, small_settings, small_corpus, hashing):
    settings = small_settings.replace(chroma_url=chroma_url)
    first = ingest(settings, hashing, progress=False, log=lambda line: None)
    assert len(first.added) == 3
    assert not (settings.index_path / "chroma").exists()  # vectors live in the server, not on disk here
    with open_settings_index(settings, hashing) as index:
        answer = Assistant(settings, LiveIndex(settings, hashing, index)).ask("What is a canary release?")
        assert not answer.refused and answer.citations[0].source.endswith("canary.md")
        old_collection = index.collection_name

    (small_corpus / "registry.txt").unlink()
    assert ingest(settings, hashing, progress=False, log=lambda line: None).removed

    rebuilt = ingest(settings, hashing, rebuild=True, progress=False, log=lambda line: None)
    assert rebuilt.rebuilt and len(rebuilt.added) == 2
    with open_settings_index(settings, hashing) as index:
        assert index.collection_name != old_collection and index.vector_count() == rebuilt.chunks_total
    names = [c.name for c in open_chroma_client(settings.index_path, chroma_url).list_collections()]
    assert old_collection not in names  # the replaced collection was dropped from the server


def test_moving_a_local_index_to_a_server_rebuilds_it_there(chroma_url, small_settings, hashing):
    ingest(small_settings, hashing, progress=False, log=lambda line: None)
    lines = []
    moved = ingest(small_settings.replace(chroma_url=chroma_url, collection="moved"), hashing, progress=False,
                   log=lines.append)
    assert moved.rebuilt and moved.chunks_embedded > 0 and any("vectors" in line for line in lines)


def test_unreachable_server_gets_a_message_saying_what_to_do(small_settings, hashing):
    settings = small_settings.replace(chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="chroma run"):
        ingest(settings, hashing, progress=False, log=lambda line: None)
