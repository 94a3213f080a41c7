"""Serving the app: where it listens, who may use it, and Gradio's server options.

- It listens on 127.0.0.1 unless told otherwise. Beyond this machine only with accounts
  (a user file naming someone: everyone logs in), or with an explicit
  `--share-without-accounts`, which says what every visitor then shares.
- Logging in is Gradio's own login, checked against the user file (accounts.py) in a worker
  thread (a check takes ~50 ms of scrypt; the server's event loop must not wait on it).
- The queue is bounded and its REST shortcut is closed (`api_open=False`): a direct
  `POST /gradio_api/api/<name>` would skip the queue, its size limit and the concurrency limits.
- Every request passes the web guard (web.py): Host, Origin, login, security headers.

Not here: the app's components (the tabs), checking requests (web.py), accounts (accounts.py).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ..accounts import Accounts
from ..config import Settings, host_names
from .web import Policy, WebGuard

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sharing_problem(host: str, accounts: bool, share_without_accounts: bool) -> str:
    """Why the app must not start on `host` ("" when it may)."""
    if is_loopback(host) or accounts or share_without_accounts:
        return ""
    return (f"--host {host} makes the app reachable from other machines, and it has no accounts: every "
            "visitor would see everyone's progress and library, and could remove uploads and rebuild the index. "
            "Add accounts first (`python -m assistant users add NAME --admin`, then one per learner), or, "
            "to share one study log and library with everyone on purpose, add --share-without-accounts.")


def sharing_notice(host: str, accounts: Accounts | None) -> str:
    """What the app shares, said when it starts ("" on loopback without accounts: nothing changes)."""
    if accounts is not None and accounts.enabled():
        count = len(accounts.list())
        return (f"Accounts: {count} in {accounts.path}; everyone logs in, and each learner's progress and uploads "
                "are their own (an admin manages the shared corpus).")
    if is_loopback(host):
        return ""
    return (f"Shared without accounts on {host}: anyone who can reach this port sees and changes the one study "
            "log and library (progress, uploads, removals, rebuilds). Use a reverse proxy with TLS (README).")


def allowed_hosts(settings: Settings, host: str, extra: list[str] = ()) -> frozenset[str]:
    """Names the app answers to besides addresses and localhost: the settings', the flags', and a
    name it was told to bind (`--host study.lan`)."""
    named = [] if host in ("0.0.0.0", "::") or _is_address(host) else [host]
    return frozenset(host_names([*settings.allowed_hosts, *extra, *named]))


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def launch_options(settings: Settings, accounts: Accounts | None, hosts: frozenset[str]) -> dict[str, Any]:
    """`Blocks.launch` keywords: login, limits, the web guard, nothing public."""
    from starlette.middleware import Middleware

    from . import PAGE

    login = accounts is not None and accounts.enabled()
    options: dict[str, Any] = dict(
        share=False, show_error=False, quiet=True, max_file_size=settings.max_file_bytes, ssr_mode=False,
        enable_monitoring=False, mcp_server=False,
        # The run history keeps questions in the browser's storage: on a shared computer, for the next person.
        run_history=False,
        app_kwargs={"middleware": [Middleware(WebGuard, policy=Policy(hosts, login_required=login))]}, **PAGE)
    if login:
        async def check(name: str, password: str) -> bool:
            import anyio

            return await anyio.to_thread.run_sync(accounts.check, name, password)

        options.update(auth=check, auth_message="Log in with the name and password your admin gave you.")
    return options


def serve(demo: Any, settings: Settings, host: str, port: int, accounts: Accounts | None = None,
          extra_hosts: list[str] = (), block: bool = True) -> Any:
    """Queue and launch `demo` on host:port; returns Gradio's app (with `block=False`, at once)."""
    # Bounded queue: a flood of requests waits (and is told its position) or is turned away.
    demo.queue(max_size=64, default_concurrency_limit=4, api_open=False)
    app, _, _ = demo.launch(server_name=host, server_port=port, prevent_thread_lock=not block,
                            **launch_options(settings, accounts, allowed_hosts(settings, host, extra_hosts)))
    return app
