"""One function per command of the command line (cli.py parses; these do the work).

Each takes the Settings and the parsed flags and returns the exit status. A
command imports what it needs when it runs: `review` never loads the embedding
model, and a bad `--jsonl` path fails before it does.

Not here: the parser (cli.py), the wording of what is printed (render.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import IO

from .config import Settings
from .errors import AssistantError
from .logs import stderr_log
from .render import format_answer, format_grade, format_questions, when


def fail(message: str) -> int:
    """Say what went wrong (and what to do) on stderr; the exit status of a usage or setup error."""
    print(f"error: {message}", file=sys.stderr)
    return 2


def dumps(value: object) -> str:
    """JSON as the commands print it: indented, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def _build(settings: Settings):
    """The Assistant, or None after saying why it cannot be built (missing model, server down…)."""
    from .chat import build_assistant

    try:
        return build_assistant(settings)
    except (ValueError, FileNotFoundError, AssistantError) as exc:
        fail(str(exc))
        return None


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    stream = None
    if args.jsonl and args.jsonl != "-":
        try:  # fail before the model loads, not after
            stream = open(args.jsonl, "rb")  # noqa: SIM115 (closed by the `with` below, once the model is up)
        except OSError as exc:
            return fail(f"cannot read {args.jsonl}: {exc.strerror}")
    assistant = _build(settings)
    if assistant is None:
        return 2
    if args.jsonl:
        with stream or sys.stdin.buffer as lines:
            answer_lines(assistant, lines, sys.stdout)
        return 0
    answer = assistant.ask(args.question)
    print(dumps(answer.to_dict()) if args.json else format_answer(answer))
    return 1 if answer.refused and not args.json else 0


def _interviewer(settings: Settings):
    from .interview import Interviewer

    assistant = _build(settings)
    if assistant is None:
        return None
    return Interviewer.of(assistant)


def cmd_interview(settings: Settings, args: argparse.Namespace) -> int:
    from .interview import NotCovered

    interviewer = _interviewer(settings)
    if interviewer is None:
        return 2
    try:
        questions = interviewer.questions(args.topic, n=args.n, kind=args.type)
    except NotCovered as exc:
        if args.json:
            print(dumps({"topic": args.topic, "questions": [], "refused": True, "message": str(exc)}))
            return 0
        print(str(exc))
        return 1
    if args.json:
        print(dumps({"topic": questions[0].topic if questions else args.topic,
                      "questions": [q.to_dict() for q in questions]}))
    else:
        print(format_questions(args.topic, questions))
    return 0


def cmd_grade(settings: Settings, args: argparse.Namespace) -> int:
    from .interview import NotCovered
    from .progress import open_study_log

    answer = sys.stdin.read() if args.answer == "-" else args.answer
    interviewer = _interviewer(settings)
    if interviewer is None:
        return 2
    try:
        question = interviewer.question_for(args.question)
    except NotCovered as exc:
        if args.json:
            print(dumps({"score": None, "covered": [], "missed": [], "feedback": str(exc), "model_answer": "",
                          "citations": [], "refused": True}))
            return 0
        print(str(exc))
        return 1
    if interviewer.checker is not None and not args.json:
        print(f"checking the answer with {interviewer.checker.name}…", file=sys.stderr)
    grade = interviewer.grade(question, answer)
    try:
        scheduled = open_study_log(settings, log=stderr_log).record(question, grade)
    except AssistantError as exc:  # the study log cannot keep it now: the grade is shown all the same
        scheduled, problem = None, str(exc)
    print(dumps({**grade.to_dict(), "refused": False}) if args.json else format_grade(grade))
    if scheduled is None:
        return fail(problem)
    if not args.json:
        print(f"\n(saved; next review {when(scheduled.due_at)})")
    return 0


def cmd_review(settings: Settings, args: argparse.Namespace) -> int:
    from .progress import open_study_log

    study = open_study_log(settings, log=stderr_log)
    try:
        exported = study.export_csv() if args.csv else ""
        due, scheduled, mastery = study.due(), study.upcoming(limit=1000), study.mastery()
    except AssistantError as exc:  # it cannot be read now (opening already said why, on stderr)
        return fail(str(exc))
    if args.csv:
        try:
            args.csv.write_text(exported, encoding="utf-8")
        except OSError as exc:
            return fail(f"cannot write {args.csv}: {exc.strerror}")
        print(f"Anki CSV written to {args.csv}", file=sys.stderr)
    if args.json:
        def item(i):
            return {"question": i.question, "topic": i.topic, "type": i.type, "due_at": i.due_at,
                    "last_score": i.last_score}

        print(dumps({"due": [item(i) for i in due], "scheduled": [item(i) for i in scheduled],
                      "mastery": [{"topic": t, "mastery": m, "questions": n} for t, m, n in mastery]}))
        return 0
    print(f"Due for review: {len(due)}")
    for i in due:
        print(f"  - [{i.topic}] {i.question} (last score {i.last_score})")
    later = [i for i in scheduled if i not in due]
    if later:
        print(f"Next: {later[0].question} ({when(later[0].due_at)})")
    if mastery:
        print("\nMastery by topic:")
        for topic, value, count in mastery:
            print(f"  {value:5.1f}  {topic} ({count} question{'s' if count != 1 else ''})")
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from .chat import Assistant
    from .evaluation import SPLITS, evaluate, evaluate_split, format_comparison, format_table, write_chart

    backends = (args.backend or "").split(",")
    assistant = _build(settings)
    if assistant is None:
        return 2
    load = getattr(assistant.embedder, "load", None)  # hundreds of questions: torch's batches pay for its import
    if load:
        load()
    if args.grading:
        return _eval_grading(assistant, args)
    reports = []
    for number, backend in enumerate(backends):
        if number:  # same model, index and questions; another backend
            try:
                assistant = Assistant(settings.replace(backend=backend), assistant.live, assistant.sentence_embedder)
            except (ValueError, AssistantError) as exc:
                return fail(str(exc))
        print(f"evaluating the {assistant.backend} backend …", file=sys.stderr)
        splits = SPLITS if args.split == "both" else (args.split,)
        runs = [evaluate(assistant, args.qa)] if args.qa else [evaluate_split(assistant, s) for s in splits]
        reports += runs
        for report in runs:
            chart = args.chart if args.chart and len(backends) == 1 and len(runs) == 1 else (
                None if args.json else settings.home / "eval" / f"{report.backend}-{report.split or 'qa'}.png")
            if chart:
                write_chart(report, chart)
                print(f"chart written to {chart}", file=sys.stderr)
    if args.details:
        args.details.write_text("".join(json.dumps({"backend": r.backend, "split": r.split, **item},
                                                   ensure_ascii=False) + "\n" for r in reports for item in r.items))
    if args.json:
        print(json.dumps(reports[0].metrics if len(reports) == 1 else [r.metrics for r in reports], indent=2))
    else:
        print(format_table(reports[0]) if len(reports) == 1 else format_comparison(reports))
    return 0


def _eval_grading(assistant, args: argparse.Namespace) -> int:
    from .grading_eval import format_grading, grade_items, load_graded, summarise
    from .interview import Interviewer

    interviewer = Interviewer.of(assistant)  # with the backend's checker, if grading asks one
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    results = {}
    for split in splits:
        rows = grade_items(interviewer, load_graded(split))
        results[split] = summarise(rows)
        if args.details:
            with args.details.open("a", encoding="utf-8") as out:
                out.writelines(json.dumps({"split": split, **r}) + "\n" for r in rows)
    checked = interviewer.checker.name if interviewer.checker else None
    for metrics in results.values():
        metrics["checked_by"] = checked  # the chat model asked whether answers state their points, if any
    print(json.dumps(results, indent=2) if args.json else format_grading(results))
    return 0


def answer_lines(assistant, lines: Iterable[str | bytes], out: IO[str]) -> None:
    """--jsonl: one answer object per input line; a bad line gets an `error` object and the run goes on."""
    for number, line in enumerate(lines, 1):
        item_id = None
        try:
            if isinstance(line, bytes):
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ValueError(f"line is not UTF-8 (byte 0x{line[exc.start]:02x})") from None
            if not line.strip():
                continue
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("expected a JSON object like {\"id\": 1, \"question\": \"...\"}")
            item_id = item.get("id")
            question, history = item.get("question"), item.get("history") or []
            if not isinstance(question, str):
                raise ValueError("missing \"question\" (a string)")
            if not isinstance(history, list):
                raise ValueError("\"history\" must be a list of {\"role\", \"content\"} objects")
            result = assistant.ask(question, history=history, id=item_id).to_dict()
        except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            result = {"id": item_id, "line": number, "error": str(exc)}
        except Exception as exc:  # never lose the rest of the file to one line
            result = {"id": item_id, "line": number, "error": f"internal error: {type(exc).__name__}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
