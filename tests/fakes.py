"""A fake chat model that implements LangChain's real interface and records its calls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr


class ScriptedChatModel(BaseChatModel):
    """Replies with `reply(messages)`; raises `error` instead when it is set. Streams word by word,
    and, when `hold` is an event, waits for it after the first word (a model still writing)."""

    reply: Callable[[list[BaseMessage]], str] = lambda messages: ""
    error: str = ""
    hold: Any = None
    _calls: list = PrivateAttr(default_factory=list)

    @property
    def calls(self) -> list[list[BaseMessage]]:
        return self._calls

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _answer(self, messages: list[BaseMessage]) -> str:
        self._calls.append(messages)
        if self.error:
            raise ConnectionError(self.error)
        return self.reply(messages)

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._answer(messages)))])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for number, word in enumerate(self._answer(messages).split(" ")):
            if number == 1 and self.hold is not None:
                self.hold.wait(10)
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))


def model_assistant(assistant, chat_model: BaseChatModel, name: str = "local", log: Callable[[str], None] | None = None):
    """An Assistant like the session's that answers with `chat_model`, checked and cited as a model's
    answers are (the session's own Assistant is left as it is)."""
    from assistant.chat import Assistant
    from assistant.generation.extractive import ExtractiveGenerator
    from assistant.generation.grounded import GroundedGenerator

    embedder = assistant.sentence_embedder
    generator = GroundedGenerator(name, chat_model, embedder, ExtractiveGenerator(embedder),
                                  log=log or (lambda line: None))
    return Assistant(assistant.settings, assistant.live, embedder, generator=generator)
