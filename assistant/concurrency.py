"""Two small locks for a server shared by several learners.

- `ReadWriteLock`: questions read the index together; replacing the index (a Library
  rebuild) waits for them and holds off new ones for the moment of the swap.
- `Turnstile`: a few holders at a time (a model: one; quoting: one per core), the others
  waiting in arrival order and able to be told their place in line.

Not here: what is read or answered (chat.py), or the web app (ui/).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    """Many readers or one writer. A waiting writer holds off new readers, so it is never starved."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._writers_waiting += 1
            self._changed.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


class Turnstile:
    """`slots` holders at a time, served first come, first served.

        ticket = turnstile.enter()
        try:
            while ahead := ticket.wait(1.0):   # 0 once it is this ticket's turn
                tell_the_user(ahead)
            ...use the model...
        finally:
            ticket.leave()                     # also when the user gave up waiting
    """

    def __init__(self, slots: int = 1) -> None:
        self._changed = threading.Condition()
        self._numbers = itertools.count()
        self._line: list[int] = []  # tickets in arrival order; the first `slots` hold the turnstile
        self.slots = slots

    def enter(self) -> Ticket:
        with self._changed:
            number = next(self._numbers)
            self._line.append(number)
        return Ticket(self, number)

    def waiting(self) -> int:
        """How many hold or wait for the turnstile now."""
        with self._changed:
            return len(self._line)


class Ticket:
    def __init__(self, turnstile: Turnstile, number: int) -> None:
        self._turnstile = turnstile
        self._number = number

    def wait(self, timeout: float) -> int:
        """Wait up to `timeout` seconds for this ticket's turn; the number of tickets still ahead."""
        t = self._turnstile

        def ahead() -> int:
            return max(0, t._line.index(self._number) - t.slots + 1)

        with t._changed:
            t._changed.wait_for(lambda: ahead() == 0, timeout)
            return ahead()

    def leave(self) -> None:
        t = self._turnstile
        with t._changed:
            if self._number in t._line:
                t._line.remove(self._number)
            t._changed.notify_all()
