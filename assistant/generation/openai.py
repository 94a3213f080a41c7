"""The remote backend (`openai`): any chat model LangChain's `init_chat_model` can make.

By default that is an OpenAI-compatible server — OpenAI itself, vLLM, Ollama's /v1,
LM Studio, llama.cpp — at `ASSISTANT_LLM_URL`, asked for `ASSISTANT_LLM_MODEL` with
`ASSISTANT_LLM_API_KEY` (tested against the local model's endpoint on loopback). A
`provider:model` name ("anthropic:claude-…", "ollama:qwen2.5", "openai:gpt-4o-mini")
uses that provider's LangChain integration instead, if it is installed; the URL is
then optional and passed as the provider's base URL.

Not here: prompts or grounding (prompts.py, grounded.py).
"""

from __future__ import annotations

from typing import Any

from ..config import Settings
from .model_files import ModelUnavailable

TIMEOUT_S = 120  # a model on a busy 2-core server can take a minute; longer is a hang


def provider_of(model: str) -> str | None:
    """The provider a `provider:model` name names, or None for a plain model name."""
    from langchain.chat_models.base import _BUILTIN_PROVIDERS

    head, _, rest = model.partition(":")
    return head if rest and head in _BUILTIN_PROVIDERS else None


def make_openai_chat_model(settings: Settings) -> Any:
    from langchain.chat_models import init_chat_model

    model = settings.llm_model
    provider = provider_of(model)
    if provider is None and not settings.llm_url:
        raise ModelUnavailable("the openai backend needs ASSISTANT_LLM_URL (e.g. http://127.0.0.1:8000/v1), "
                               "or ASSISTANT_LLM_MODEL as provider:model (e.g. openai:gpt-4o-mini)")
    options: dict[str, Any] = {"temperature": settings.temperature, "max_tokens": settings.answer_max_tokens,
                               "timeout": TIMEOUT_S, "max_retries": 1}
    if settings.llm_url:
        options["base_url"] = settings.llm_url
    if settings.llm_api_key or provider is None:
        options["api_key"] = settings.llm_api_key or "not-needed"  # local servers ignore it; the client insists
    try:
        return init_chat_model(model, model_provider=None if provider else "openai", **options)
    except ImportError as exc:  # the provider's integration package is not installed
        raise ModelUnavailable(f"{model}: {exc}") from None
    except ValueError as exc:
        raise ModelUnavailable(f"ASSISTANT_LLM_MODEL={model!r} cannot be used: {exc}") from None
