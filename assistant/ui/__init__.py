"""The Gradio study app: a chat whose every `[n]` points at a passage in the sources panel.

Handlers are plain functions of (assistant, inputs) so tests call them without a
browser; `build_ui` only wires them to components.

Not here: launching a server (app.py) or answering (chat.py).
"""

from __future__ import annotations

import html
from typing import Any, Iterator

from .chat import Assistant
from .prompts import EXAMPLE_QUESTIONS
from .types import Answer


def respond_stream(assistant: Assistant, message: str, history: list[dict]) -> Iterator[tuple[list[dict], str]]:
    """One chat turn as it happens: (history, sources panel) after each piece of a model's
    draft, then the checked answer with its sources (always last)."""
    history = list(history or [])
    turn = [{"role": "user", "content": message or ""}]
    for event in assistant.ask_stream(message or "", history=history):
        if isinstance(event, Answer):
            yield history + turn + [{"role": "assistant", "content": event.answer}], render_sources(event)
        else:
            yield (history + turn + [{"role": "assistant", "content": event + " ▌"}],
                   "_Checking each sentence against the sources…_")


def respond(assistant: Assistant, message: str, history: list[dict]) -> tuple[list[dict], str]:
    """One chat turn, finished: the new history (messages format) and the sources panel's Markdown."""
    *_, last = respond_stream(assistant, message, history)
    return last


def render_sources(answer: Answer) -> str:
    if answer.refused:
        return "_No sources: the question was declined._"
    blocks = [f"**Sources** — {answer.backend} backend, {answer.latency_ms:.0f} ms"]
    for c in answer.citations:
        where = f"{c.source} › {c.section}" if c.section else c.source
        text = html.escape(c.text)
        for sentence in c.supporting:  # highlight what the answer quotes
            text = text.replace(html.escape(sentence), f"<mark>{html.escape(sentence)}</mark>")
        blocks.append(f"<a id='source-{c.n}'></a>\n**[{c.n}] {html.escape(c.title)}**  \n"
                      f"<small>{html.escape(where)}</small>\n\n<blockquote>{text}</blockquote>")
    return "\n\n".join(blocks)


def build_ui(assistant: Assistant) -> Any:
    import gradio as gr

    with gr.Blocks(title="MLOps Study Assistant") as demo:
        gr.Markdown("# MLOps Study Assistant\nAnswers come only from the study corpus; "
                    "every sentence carries a `[n]` that points to its source passage.")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=480, buttons=["copy"])
                box = gr.Textbox(label="Your question", placeholder=EXAMPLE_QUESTIONS[0],
                                 max_length=assistant.settings.max_question_chars, submit_btn=True)
                gr.Examples(list(EXAMPLE_QUESTIONS), inputs=box)
                clear = gr.Button("New chat")
            with gr.Column(scale=2):
                sources = gr.Markdown("_Sources of the latest answer appear here._", elem_id="sources")

        def on_submit(message: str, history: list[dict]):
            for new_history, panel in respond_stream(assistant, message, history):
                yield new_history, panel, ""

        # A model on 2 cores answers one question at a time; others wait in the queue and see
        # their position. Quoting is cheap, so a few run at once.
        limit = 4 if assistant.backend == "extractive" else 1
        box.submit(on_submit, [box, chatbot], [chatbot, sources, box], concurrency_limit=limit)
        clear.click(lambda: ([], "_Sources of the latest answer appear here._", ""), None, [chatbot, sources, box])
    return demo
