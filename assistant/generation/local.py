"""The `local` backend: a GGUF model run in-process by llama.cpp (the `xllamacpp` wheel).

Wrapped as a LangChain chat model, so the grounded generator drives it exactly
like a remote OpenAI-compatible server or a test fake. One request runs at a
time (a lock): on 2 cores a second concurrent generation would only halve both.

xllamacpp also serves the model over an OpenAI-compatible HTTP endpoint on
127.0.0.1 (a random port); it is locked with a random API key, so other local
processes cannot use it unless handed the key (`endpoint()`).

Not here: prompts (prompts.py) or checking what the model says (grounded.py).
"""

from __future__ import annotations

import queue
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from ..config import Settings
from .model_files import DEFAULT, PACKAGED, ModelUnavailable, assemble


def _role(message: BaseMessage) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(message.type, "user")


class LocalChatModel(BaseChatModel):
    model_path: str
    threads: int = 2
    context_tokens: int = 4096  # six 200-token passages, instructions and the answer fit with room
    max_tokens: int  # Settings.answer_max_tokens
    temperature: float  # Settings.temperature

    _server: Any = PrivateAttr(default=None)
    _api_key: str = PrivateAttr(default_factory=lambda: secrets.token_urlsafe(24))
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    # One long-lived worker thread runs every generation: a new thread per request
    # would give glibc a new malloc arena each time, and resident memory would creep.
    _worker: ThreadPoolExecutor = PrivateAttr(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="local-llm"))

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    def load(self) -> None:
        """Load the model now (about 1–2 s) instead of on the first question."""
        with self._lock:
            self._ensure_loaded()

    def endpoint(self) -> tuple[str, str]:
        """(base URL of the OpenAI-compatible endpoint, its API key)."""
        self.load()
        return f"{self._server.listening_address}/v1", self._api_key

    def _ensure_loaded(self) -> None:
        if self._server is not None:
            return
        try:
            import xllamacpp
        except ImportError:
            raise ModelUnavailable("the xllamacpp package is not installed; run `pip install -r requirements.txt`"
                                   ) from None

        params = xllamacpp.CommonParams()
        params.model.path = self.model_path
        params.n_ctx = self.context_tokens
        params.n_parallel = 1
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.warmup = False
        params.verbosity = -1  # llama.cpp's own log lines stay out of the user's terminal
        # llama.cpp keeps past prompts' KV state in host memory for reuse (8 GiB by default);
        # every question has new passages, so that cache only grew resident memory ~10 MB an answer.
        params.cache_ram_mib = 0
        params.api_keys = [self._api_key]
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # xllamacpp raises RuntimeError/ValueError with little detail
            raise ModelUnavailable(f"could not load the model {self.model_path}: {exc}") from exc

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, stream: bool) -> dict:
        request = {"messages": [{"role": _role(m), "content": m.content} for m in messages],
                   "max_tokens": self.max_tokens, "temperature": self.temperature, "stream": stream}
        if stop:
            request["stop"] = stop
        return request

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        with self._lock:
            self._ensure_loaded()
            result = self._server.handle_chat_completions(self._request(messages, stop, stream=False))
        if "error" in result:
            raise RuntimeError(f"local model error: {result['error']}")
        text = result["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        # xllamacpp calls back synchronously from inside handle_chat_completions:
        # run it on a worker thread and hand the pieces over through a queue.
        pieces: queue.Queue = queue.Queue()
        done = object()
        request = self._request(messages, stop, stream=True)

        def work() -> None:
            try:
                with self._lock:
                    self._ensure_loaded()
                    self._server.handle_chat_completions(request, pieces.put)
            except Exception as exc:  # surfaced to the consumer below
                pieces.put(exc)
            finally:
                pieces.put(done)

        self._worker.submit(work)
        while (item := pieces.get()) is not done:
            if isinstance(item, Exception):
                raise item
            if isinstance(item, dict) and "error" in item:
                raise RuntimeError(f"local model error: {item['error']}")
            for choice in item.get("choices", ()):
                token = (choice.get("delta") or {}).get("content")
                if token:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
                    if run_manager:
                        run_manager.on_llm_new_token(token, chunk=chunk)
                    yield chunk


def make_local_chat_model(settings: Settings) -> LocalChatModel:
    """ASSISTANT_LOCAL_MODEL: a packaged model's name (joined into the model cache; the default
    is the 0.5B model) or the path of any GGUF file."""
    chosen = str(settings.local_model or DEFAULT.name)
    if chosen in PACKAGED:
        path = assemble(settings.model_cache, PACKAGED[chosen])
    elif Path(chosen).is_file():
        path = Path(chosen)
    else:
        raise ModelUnavailable(f"ASSISTANT_LOCAL_MODEL={chosen} does not exist; give a GGUF file's path or one of "
                               f"{', '.join(PACKAGED)}")
    return LocalChatModel(model_path=str(path), threads=settings.local_threads,
                          max_tokens=settings.answer_max_tokens, temperature=settings.temperature)
