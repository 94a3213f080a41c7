"""Asking a chat model whether an answer really states a key point, not only its words.

The grader's credit (grading.py) measures how close an answer comes to a key point in meaning
and wording; it cannot read that "blue-green sends a small share of traffic first" is false,
so a confidently wrong answer in the right words earns most of the credit. A chat model can
read it: asked per key point "does the text say what this statement says, without
contradicting it? yes or no", the packaged 1.5B model said "no" to a third of the points
wrong answers were credited for, and never to a point a correct paraphrase was credited for
(tests/grading/dev.jsonl; README, "Grading"). A "no" takes the point's credit away.

Which models are asked (Settings.grade_check): `auto` asks only a model measured to answer
these questions well (the packaged 1.5B; the 0.5B said "no" to nearly every point, correct
answers included); `model` asks whatever chat model the backend has (a larger server model), and with the quoting
backend the local model (ASSISTANT_LOCAL_MODEL), so answers stay quoted and grades are checked;
`off` never asks. Otherwise the quoting backend's grades are the grader's alone (26 ms p50).

Not here: the credit itself (grading.py), running the model (generation/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

from .. import prompts
from ..logs import Log, stderr_log

_VERDICT = re.compile(r"^\W*(yes|no)\b", re.I)


class CheckFailed(RuntimeError):
    """The model could not be asked (a server down, a model error); grading goes on without it."""


class Checker(Protocol):
    def states(self, point: str, answer: str) -> bool | None:
        """True: the answer states the point; False: it does not (or contradicts it); None: no verdict.
        CheckFailed when the model cannot be asked."""


class ModelChecker:
    """Puts the yes/no question to a LangChain chat model (local, server or a test's fake)."""

    def __init__(self, chat_model: Any, log: Log | None = None) -> None:
        self.chat_model = chat_model
        self.log = log or stderr_log

    @property
    def name(self) -> str:
        """The model asked: its GGUF file, a server's model name, or its class."""
        path = getattr(self.chat_model, "model_path", None)
        return Path(path).name if path else getattr(self.chat_model, "model_name", None) or \
            type(self.chat_model).__name__

    def states(self, point: str, answer: str) -> bool | None:
        from langchain_core.messages import HumanMessage, SystemMessage

        try:
            reply = self.chat_model.invoke([SystemMessage(prompts.CHECK_SYSTEM),
                                            HumanMessage(prompts.check_user_message(point, answer))],
                                           stop=["\n", ".", ","])  # one word is the whole verdict
        except Exception as exc:  # a server down must not cost the learner a grade
            self.log(f"the model could not check the answer ({type(exc).__name__}: {exc}); grading without it")
            raise CheckFailed(str(exc)) from exc
        verdict = _VERDICT.match(str(reply.content))
        return None if verdict is None else verdict.group(1).lower() == "yes"


def checker_for(chat_model: Any, mode: str, log: Log | None = None) -> ModelChecker | None:
    """The checker grading uses with this backend's chat model under `mode` (config.GRADE_CHECKS), or None."""
    if chat_model is None or mode == "off":
        return None
    packaged = _packaged(chat_model)
    if mode == "auto":
        return ModelChecker(chat_model, log) if packaged and packaged.checks_answers else None
    if packaged and not packaged.checks_answers:
        (log or stderr_log)(f"warning: {packaged.name} was measured to say correct answers miss their points; "
                            "grades will be too low (ASSISTANT_LOCAL_MODEL=qwen2.5-coder-1.5b checks well)")
    return ModelChecker(chat_model, log)


def _packaged(chat_model: Any):
    """The packaged model a local chat model runs, or None (a server model, another GGUF file)."""
    from ..generation.model_files import PACKAGED

    path = getattr(chat_model, "model_path", None)
    return next((m for m in PACKAGED.values() if path and Path(path).name == m.file_name), None)
