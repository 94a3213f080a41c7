"""The command line: `python -m assistant` (or `mlops-assistant`) ask|interview|grade|review|eval.

    ask "QUESTION" [--json] [--backend NAME] [--k N]
    ask --jsonl FILE|-      one JSON object in per line, one out per line
    interview --topic "TOPIC" [--n 3] [--type concept|scenario|career] [--json]
    grade --question "Q" --answer "A"|- [--json]
    review [--csv FILE] [--json]     what is due, mastery per topic, Anki export
    eval [--split dev|test|both] [--qa FILE] [--backend NAME] [--json] [--chart PNG] [--grading]

Exit status: 0 success; 1 the question or topic was declined (ask, interview, grade;
plain mode only: with --json the object says so); 2 bad usage or setup (unreadable
--jsonl file, unreachable server, missing model), or a study log that cannot be read or
written now (grade still prints the grade; the message says why and what to do).

Here: the parser and the checks every command shares; each command is a function
in commands.py (`users` in user_commands.py), chosen by `set_defaults(func=…)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import apply_offline_environment, load_settings
from .errors import ConfigError

BACKEND_HELP = "auto (default: the backend that measures best), extractive, local or openai"


def build_parser() -> argparse.ArgumentParser:
    from . import commands, user_commands

    parser = argparse.ArgumentParser(prog="python -m assistant", description="MLOps Study Assistant")
    parser.add_argument("--index", type=Path, help="index directory (default: .data/index; env ASSISTANT_INDEX)")
    parser.add_argument("--corpus", type=Path, help="corpus folder used to build a missing index")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--jsonl", metavar="FILE", help="read {'id', 'question', 'history'?} lines from FILE or -")
    ask.add_argument("--backend", help=BACKEND_HELP)
    ask.add_argument("--k", type=int, help="passages to retrieve (default 5, and at most one more: README)")
    ask.set_defaults(func=commands.cmd_ask)

    iv = sub.add_parser("interview", help="mock interview questions on a topic, with key points")
    iv.add_argument("--topic", required=True, help="a corpus topic (see the app's list) or free text")
    iv.add_argument("--n", type=int, default=3, help="how many questions (1-10, default 3)")
    iv.add_argument("--type", choices=("concept", "scenario", "career"), help="question type (default: a mix)")
    iv.add_argument("--json", action="store_true", help="print {'topic', 'questions': [...]} as JSON")
    iv.add_argument("--backend", help=BACKEND_HELP)
    iv.set_defaults(func=commands.cmd_interview)

    gr = sub.add_parser("grade", help="grade an answer against the key points the corpus gives")
    gr.add_argument("--question", required=True, help="the interview question")
    gr.add_argument("--answer", required=True, help="your answer, or - to read it from standard input")
    gr.add_argument("--json", action="store_true", help="print the grade object as JSON")
    gr.add_argument("--backend", help="grading itself uses no model; " + BACKEND_HELP)
    gr.set_defaults(func=commands.cmd_grade)

    rv = sub.add_parser("review", help="questions due for review and mastery per topic")
    rv.add_argument("--csv", type=Path, help="write every studied question here as an Anki-importable CSV")
    rv.add_argument("--json", action="store_true", help="print due items and mastery as JSON")
    rv.set_defaults(func=commands.cmd_review)

    ev = sub.add_parser("eval", help="score the assistant on the Q&A set's dev and test splits")
    ev.add_argument("--split", choices=("dev", "test", "both"), default="both",
                    help="tests/qa/dev.jsonl (tune on it), tests/qa/test.jsonl (report only), or both (default)")
    ev.add_argument("--qa", type=Path, help="another Q&A file instead of the splits")
    ev.add_argument("--backend", help="one backend, or several side by side: extractive,local")
    ev.add_argument("--k", type=int, help="passages to retrieve (default 5, and at most one more: README)")
    ev.add_argument("--json", action="store_true", help="print metrics as JSON")
    ev.add_argument("--chart", type=Path, help="PNG chart of the metrics (default: .data/eval/<backend>.png)")
    ev.add_argument("--details", type=Path, help="write one JSON line per item here")
    ev.add_argument("--grading", action="store_true",
                    help="score the interview grader against tests/grading's hand grades instead")
    ev.set_defaults(func=commands.cmd_eval)

    us = sub.add_parser("users", help="accounts for sharing the app with a class ($ASSISTANT_HOME/users.json)")
    actions = us.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account, or set its password and role (asks for the password; "
                                         "reads one line from standard input when it is not a terminal)")
    add.add_argument("name", help="1-32 lower-case letters, digits, - or _")
    add.add_argument("--admin", action="store_true", help="may manage the shared corpus and rebuild the index")
    actions.add_parser("remove", help="delete an account (their study log and uploads stay on disk)"
                       ).add_argument("name")
    actions.add_parser("list", help="the accounts and their roles").add_argument("--json", action="store_true")
    us.set_defaults(func=user_commands.cmd_users)
    return parser


def usage_problem(args: argparse.Namespace) -> str:
    """What is wrong with flags that parse but cannot be used together ("" if nothing)."""
    if args.command == "ask" and bool(args.question) == bool(args.jsonl):
        return "ask takes either a QUESTION or --jsonl FILE"
    if getattr(args, "k", None) is not None and args.k < 1:
        return "--k must be at least 1"
    if args.command == "interview" and not 1 <= args.n <= 10:
        return "--n must be between 1 and 10"
    if args.command == "interview" and not args.topic.strip():
        return "--topic must not be empty"
    if args.command == "grade" and not args.question.strip():
        return "--question must not be empty"
    return ""


def main(argv: list[str] | None = None) -> int:
    apply_offline_environment()  # before transformers, chromadb or gradio are imported
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = usage_problem(args)
    if problem:
        parser.error(problem)
    backend = (getattr(args, "backend", None) or "").split(",")[0] or None
    try:
        settings = load_settings(index_dir=args.index, corpus_dir=args.corpus, chroma_url=args.chroma_url,
                                 backend=backend, k=getattr(args, "k", None))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return args.func(settings, args)
