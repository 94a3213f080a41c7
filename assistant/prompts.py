"""Every text the assistant says on its own behalf, in one place.

Refusals carry a sentinel phrase, `NOT_IN_SOURCES`, that code and tests can look
for (and that a model is told to answer with when its passages do not cover a
question).

Not here: deciding when to refuse (chat.py, guard.py, retrieval.py).
"""

from __future__ import annotations

NOT_IN_SOURCES = "not in my sources"

EXAMPLE_QUESTIONS = (
    "How do I move from data science into MLOps?",
    "What is the difference between data drift and concept drift?",
    "What does a canary deployment do?",
    "Which tools are used for experiment tracking?",
)


def refusal(topics: list[str], unknown_names: list[str] = ()) -> str:
    covered = ", ".join(topics[:8]) if topics else "MLOps concepts, tools and careers"
    unmentioned = (f" They never mention {', '.join(unknown_names)}." if unknown_names else "")
    return (f"Sorry — that is {NOT_IN_SOURCES}, so I won't guess.{unmentioned} "
            f"My study corpus covers MLOps careers and concepts, for example: {covered}. "
            f'Try a question such as "{EXAMPLE_QUESTIONS[0]}"')


def empty_message() -> str:
    return ("Please type a question about MLOps careers or concepts — for example: "
            f'"{EXAMPLE_QUESTIONS[0]}" or "{EXAMPLE_QUESTIONS[1]}"')


def too_long_message(length: int, limit: int) -> str:
    return (f"That message is {length:,} characters; I read questions of up to {limit:,}. "
            "Please ask a shorter, focused question.")


def greeting_message() -> str:
    return ("Hello! I answer questions about MLOps careers and concepts from my study sources, "
            f'citing each claim. Try: "{EXAMPLE_QUESTIONS[0]}"')


def injection_message() -> str:
    return ("I only answer questions about MLOps from my study sources, and I can't change how I work "
            f'or reveal my instructions. Ask me something like "{EXAMPLE_QUESTIONS[2]}"')
