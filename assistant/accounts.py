"""Accounts for sharing the app with a class: a user file of names, roles and password hashes.

`$ASSISTANT_HOME/users.json` is opt-in: without it (or with no user in it) the app has no
login and one learner, as before. `python -m assistant users add NAME [--admin]` creates it.
Passwords are kept only as salted scrypt hashes (stdlib `hashlib.scrypt`, n=2^14, r=8, p=1:
50 ms and 16 MiB per check measured on the reference machine, so a stolen file costs a
guesser that much per guess). The file is written whole to a temporary file and renamed, readable by its
owner only; a running app reads it again when it changes, so `users add` and `users remove`
take effect at the next login (and `remove` at the learner's next action).

Roles: an admin manages the shared corpus (uploads to the shared library, removes from it,
rebuilds the index); a learner has their own study log and uploads, and reads the shared
corpus.

Not here: the command line's parsing and wording (cli.py, commands.py), what each learner
owns (learners.py), logging in (ui/serve.py hands `check` to Gradio's login).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import AssistantError

FILE_NAME = "users.json"
# A name is a folder name too (users/<name>/, libraries/<name>/): nothing a path could misread.
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
MIN_PASSWORD = 8
# scrypt's interactive-login cost. OWASP's 2^17 took 406 ms and 128 MiB a check here: a class
# logging in at once would wait on it; the file is readable by its owner only anyway.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Failed logins per name in a minute before that name is refused without checking (a guesser
# gets 10 tries a minute; each check costs 50 ms of CPU).
MAX_FAILURES, FAILURE_WINDOW_S = 10, 60.0


class AccountError(AssistantError):
    """A user file or request that cannot be used; str(exc) says what to do."""


@dataclass(frozen=True)
class Account:
    name: str
    admin: bool
    created_at: float


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, maxmem=64 * 2**20, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected), maxmem=64 * 2**20)
    except (ValueError, TypeError):  # a damaged entry matches nothing
        return False
    return hmac.compare_digest(actual, expected)


def check_name(name: str) -> str:
    if not NAME_RULE.match(name or ""):
        raise AccountError(f"{name!r} is not a usable name: use 1-32 lower-case letters, digits, - or _, "
                           "starting with a letter or digit")
    return name


class Accounts:
    """The user file at `path` (it need not exist: then there are no accounts)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: tuple[float, dict] | None = None
        self._failures: dict[str, list[float]] = {}

    # -- reads ------------------------------------------------------------------
    def _users(self) -> dict:
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        with self._lock:
            if self._cache is None or self._cache[0] != stamp:
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    users = data["users"]
                    if not isinstance(users, dict):
                        raise TypeError("users is not an object")
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    raise AccountError(f"the user file {self.path} cannot be read ({exc}); fix or delete it, "
                                       "then add users again with `python -m assistant users add NAME`") from None
                self._cache = (stamp, users)
            return self._cache[1]

    def enabled(self) -> bool:
        """True when the file names at least one user: the app then asks everyone to log in."""
        return bool(self._users())

    def list(self) -> list[Account]:
        return [Account(name, bool(u.get("admin")), float(u.get("created_at", 0)))
                for name, u in sorted(self._users().items())]

    def get(self, name: str | None) -> Account | None:
        user = self._users().get(name or "")
        return Account(name, bool(user.get("admin")), float(user.get("created_at", 0))) if user else None

    def check(self, name: str, password: str) -> bool:
        """Whether `password` is `name`'s. Ten failures for a name in a minute refuse it for the rest
        of the minute without checking (so guessing costs time, and the server little CPU)."""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < FAILURE_WINDOW_S]
            self._failures[name] = recent
            if len(recent) >= MAX_FAILURES:
                return False
        try:
            user = self._users().get(name)
        except AccountError:  # damaged while the app runs: nobody logs in until it is fixed
            return False
        ok = bool(user) and password_matches(password or "", str(user.get("hash", "")))
        if not ok:
            with self._lock:
                self._failures.setdefault(name, []).append(now)
        return ok

    # -- writes -----------------------------------------------------------------
    def add(self, name: str, password: str, admin: bool = False) -> bool:
        """Create the account, or give an existing one this password and role; True if it is new."""
        check_name(name)
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
        users = dict(self._users())
        new = name not in users
        created = users.get(name, {}).get("created_at", time.time())
        users[name] = {"admin": admin, "hash": hash_password(password), "created_at": created}
        self._write(users)
        return new

    def remove(self, name: str) -> bool:
        users = dict(self._users())
        if users.pop(name, None) is None:
            return False
        self._write(users)
        return True

    def _write(self, users: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"version": 1, "users": users}, handle, indent=2, sort_keys=True)
        os.replace(temporary, self.path)
        with self._lock:
            self._cache = None


def read_password(stdin=None) -> str:
    """For `users add`: asked twice on a terminal; otherwise the first line of standard input (scripts)."""
    import sys
    from getpass import getpass

    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    password = getpass("Password: ")
    if getpass("Password again: ") != password:
        raise AccountError("the two passwords differ; nothing was changed")
    return password


def open_accounts(settings) -> Accounts:
    """The user file under the data directory (`settings.home`)."""
    return Accounts(Path(settings.home) / FILE_NAME)
