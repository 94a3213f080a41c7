"""The `openai` backend: any OpenAI-compatible chat server through langchain-openai.

OpenAI itself, vLLM, Ollama's /v1, LM Studio and llama.cpp servers all speak
this API; `ASSISTANT_LLM_URL`, `ASSISTANT_LLM_MODEL` and `ASSISTANT_LLM_API_KEY`
choose which.

Not here: prompts or grounding (prompts.py, grounded.py).
"""

from __future__ import annotations

from typing import Any

from .model_files import ModelUnavailable


def make_openai_chat_model(base_url: str | None, model: str, api_key: str | None, timeout_s: float = 120) -> Any:
    if not base_url:
        raise ModelUnavailable("the openai backend needs ASSISTANT_LLM_URL (e.g. http://127.0.0.1:8000/v1)")
    from langchain_openai import ChatOpenAI

    # Local servers ignore the key, but the client insists on one.
    return ChatOpenAI(base_url=base_url, model=model, api_key=api_key or "not-needed", temperature=0.0,
                      max_tokens=320, timeout=timeout_s, max_retries=1)
