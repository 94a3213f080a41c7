"""Run the study app: `python app.py [--host 127.0.0.1] [--port 7860] [--backend NAME]`.

Builds the index on first use, then serves the Gradio UI on the loopback interface
(never a public share link). Another --host needs accounts (`python -m assistant users add`)
or an explicit --share-without-accounts; see ui/serve.py.
"""

from __future__ import annotations

import argparse
import sys
import threading

from assistant.config import apply_offline_environment, load_settings


def main(argv: list[str] | None = None) -> int:
    apply_offline_environment()  # before gradio, transformers or chromadb are imported
    parser = argparse.ArgumentParser(description="MLOps Study Assistant — web app")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--backend", help="auto (default: local if installed), extractive, local or openai")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a name the app is reached by (a reverse proxy's); others are refused. Repeatable")
    parser.add_argument("--share-without-accounts", action="store_true",
                        help="bind beyond this machine with no login: every visitor shares one study log and library")
    args = parser.parse_args(argv)

    from assistant.accounts import open_accounts
    from assistant.chat import build_assistant
    from assistant.errors import AssistantError
    from assistant.ui.serve import sharing_notice, sharing_problem

    try:
        settings = load_settings(backend=args.backend)
        accounts = open_accounts(settings)
        accounts = accounts if accounts.enabled() else None  # decided once: the UI and the login agree
        problem = sharing_problem(args.host, accounts is not None, args.share_without_accounts)
    except (ValueError, AssistantError) as exc:  # a ConfigError is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if problem:  # said before anything is loaded
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        assistant = build_assistant(settings)
        load = getattr(assistant.embedder, "load", None)  # the model loads on first use: here, not in a request
        if load:
            load()
    except (ValueError, FileNotFoundError, AssistantError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # One quoted answer loads what the first question would otherwise wait for (~1 s of
    # embedding and index warm-up), so the first learner's answer shows at once. It runs while
    # the UI is built (mostly importing Gradio), which takes longer, so start-up does not wait for it.
    warm_up = threading.Thread(target=assistant.ask, args=("What does a canary deployment do?",),
                               kwargs={"backend": "extractive"}, daemon=True)
    warm_up.start()
    from assistant.ui import build_ui
    from assistant.ui.serve import serve

    demo = build_ui(assistant, accounts)
    print(f"MLOps Study Assistant: open http://{args.host}:{args.port} in a browser (Ctrl+C stops it)")
    notice = sharing_notice(args.host, accounts)
    if notice:
        print(notice)
    serve(demo, settings, args.host, args.port, accounts, args.allowed_host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
