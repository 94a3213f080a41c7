"""Which learner a request comes from: the name Gradio's login gave it (None without accounts).

Not here: accounts (accounts.py), what each learner has (learners.py).
"""

from __future__ import annotations

from typing import Any

from ..learners import Learner, Learners, NotAllowed


def learner_of(learners: Learners, request: Any) -> Learner:
    """The learner behind a Gradio request; a gr.Error (shown to the learner) when there is none."""
    import gradio as gr

    try:
        return learners.get(getattr(request, "username", None))
    except NotAllowed as exc:
        raise gr.Error(str(exc)) from None
