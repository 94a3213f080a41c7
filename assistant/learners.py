"""Who is using the app, and what is theirs: study log, library, and the index as they see it.

Without accounts there is one learner, None: the study log in $ASSISTANT_HOME, the shared
library, every shared document — the app as it always was. With accounts (accounts.py)
each name has its own study log (`users/<name>/study.sqlite3`), its own library
(`libraries/<name>/`, cited in that learner's answers only) and an Assistant and Interviewer
that read the shared documents and theirs (live_index.ReaderView). An admin reads the
shared documents and manages the shared library.

Not here: logging in (ui/serve.py), the tabs that use these (ui/), who owns a document
(ownership.py).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass

from .accounts import AccountError, Accounts
from .chat import Assistant
from .errors import AssistantError
from .interview import Interviewer
from .library import Library
from .progress import StudyLog, open_study_log


class NotAllowed(AssistantError):
    """The request has no learner behind it (not logged in, or the account was removed)."""


@dataclass(frozen=True)
class Learner:
    name: str | None  # None: the app without accounts
    admin: bool  # manages the shared corpus: the shared library, rebuilds
    assistant: Assistant
    interviewer: Interviewer
    study_log: StudyLog
    library: Library


def assistant_for(base: Assistant, reader: str) -> Assistant:
    """`base` answering from the documents `reader` may see. A shallow copy: the generators (one
    model in memory for everyone), worker threads and remembered sentence vectors are shared;
    only the index it reads through differs."""
    view = copy.copy(base)
    view.live = base.live.as_reader(reader)
    return view


class Learners:
    """Each learner's things, made on first use and kept. `accounts`: None or a file naming no
    user means no accounts (decided when the app starts: adding a user later needs a restart)."""

    def __init__(self, assistant: Assistant, accounts: Accounts | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        self.assistant = assistant
        self.accounts = accounts if accounts is not None and accounts.enabled() else None
        self.log = log
        self._made: dict[tuple[str | None, bool], Learner] = {}
        self._lock = threading.Lock()

    @property
    def with_accounts(self) -> bool:
        return self.accounts is not None

    def get(self, name: str | None) -> Learner:
        """The learner called `name` (the name Gradio's login gives a request). NotAllowed without
        a name, or for a name the user file no longer holds, when the app has accounts."""
        admin = True
        if self.accounts is not None:
            try:
                account = self.accounts.get(name) if name else None
            except AccountError as exc:  # the user file was damaged while the app ran
                raise NotAllowed(str(exc)) from None
            if account is None:
                raise NotAllowed("log in first" if not name else
                                 f"the account {name!r} no longer exists; ask your admin")
            name, admin = account.name, account.admin
        else:
            name = None
        with self._lock:
            learner = self._made.get((name, admin))
            if learner is None:
                learner = self._made[(name, admin)] = self._make(name, admin)
        return learner

    def _make(self, name: str | None, admin: bool) -> Learner:
        base = self.assistant
        assistant = base if name is None else assistant_for(base, name)
        interviewer = Interviewer.of(base, live=assistant.live, log=self.log)
        study_log = open_study_log(base.settings, log=self.log, user=name)
        library = Library(assistant.live, owner=None if admin else name)
        return Learner(name, admin, assistant, interviewer, study_log, library)
