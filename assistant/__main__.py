"""The command line: `python -m assistant ask|interview|grade|review|eval` (contracts in DESIGN.md).

    python -m assistant ask "QUESTION" [--json] [--backend NAME] [--k N]
    python -m assistant ask --jsonl FILE|-      one JSON object in per line, one out per line
    python -m assistant interview --topic "TOPIC" [--n 3] [--type concept|scenario|career] [--json]
    python -m assistant grade --question "Q" --answer "A"|- [--json]
    python -m assistant review [--csv FILE] [--json]     what is due, mastery per topic, Anki export
    python -m assistant eval [--split dev|test|both] [--qa FILE] [--backend NAME] [--json] [--chart PNG]

Exit status: 0 success; 1 the question or topic was declined (ask, interview, grade;
plain mode only: with --json the object says so); 2 bad usage or setup (unreadable
--jsonl file, unreachable server, missing model), or a study log that cannot be read or
written now (grade still prints the grade; the message says why and what to do).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Iterable

from .config import apply_offline_environment, load_settings
from .errors import AssistantError, ConfigError


def main(argv: list[str] | None = None) -> int:
    apply_offline_environment()
    parser = argparse.ArgumentParser(prog="python -m assistant", description="MLOps Study Assistant")
    parser.add_argument("--index", type=Path, help="index directory (default: .data/index; env ASSISTANT_INDEX)")
    parser.add_argument("--corpus", type=Path, help="corpus folder used to build a missing index")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument("--jsonl", metavar="FILE", help="read {'id', 'question', 'history'?} lines from FILE or -")
    ask.add_argument("--backend", help="auto (default: local if installed), extractive, local or openai")
    ask.add_argument("--k", type=int, help="passages to retrieve (default 5)")

    iv = commands.add_parser("interview", help="mock interview questions on a topic, with key points")
    iv.add_argument("--topic", required=True, help="a corpus topic (see the app's list) or free text")
    iv.add_argument("--n", type=int, default=3, help="how many questions (1-10, default 3)")
    iv.add_argument("--type", choices=("concept", "scenario", "career"), help="question type (default: a mix)")
    iv.add_argument("--json", action="store_true", help="print {'topic', 'questions': [...]} as JSON")
    iv.add_argument("--backend", help="auto (default: local if installed), extractive, local or openai")

    gr = commands.add_parser("grade", help="grade an answer against the key points the corpus gives")
    gr.add_argument("--question", required=True, help="the interview question")
    gr.add_argument("--answer", required=True, help="your answer, or - to read it from standard input")
    gr.add_argument("--json", action="store_true", help="print the grade object as JSON")
    gr.add_argument("--backend", help="auto, extractive, local or openai (grading itself uses no model)")

    rv = commands.add_parser("review", help="questions due for review and mastery per topic")
    rv.add_argument("--csv", type=Path, help="write every studied question here as an Anki-importable CSV")
    rv.add_argument("--json", action="store_true", help="print due items and mastery as JSON")

    ev = commands.add_parser("eval", help="score the assistant on the Q&A set's dev and test splits")
    ev.add_argument("--split", choices=("dev", "test", "both"), default="both",
                    help="tests/qa/dev.jsonl (tune on it), tests/qa/test.jsonl (report only), or both (default)")
    ev.add_argument("--qa", type=Path, help="another Q&A file instead of the splits")
    ev.add_argument("--backend", help="one backend, or several side by side: extractive,local")
    ev.add_argument("--k", type=int, help="passages to retrieve (default 5)")
    ev.add_argument("--json", action="store_true", help="print metrics as JSON")
    ev.add_argument("--chart", type=Path, help="PNG chart of the metrics (default: .data/eval/<backend>.png)")
    ev.add_argument("--details", type=Path, help="write one JSON line per item here")

    args = parser.parse_args(argv)
    if args.command == "ask" and bool(args.question) == bool(args.jsonl):
        parser.error("ask takes either a QUESTION or --jsonl FILE")
    if getattr(args, "k", None) is not None and args.k < 1:
        parser.error("--k must be at least 1")
    if args.command == "interview" and not 1 <= args.n <= 10:
        parser.error("--n must be between 1 and 10")
    if args.command == "interview" and not args.topic.strip():
        parser.error("--topic must not be empty")
    if args.command == "grade" and not args.question.strip():
        parser.error("--question must not be empty")
    backends = (args.backend or "").split(",") if args.command == "eval" else [getattr(args, "backend", None)]
    try:
        settings = load_settings(index_dir=args.index, corpus_dir=args.corpus, chroma_url=args.chroma_url,
                                 backend=backends[0] or None, k=getattr(args, "k", None))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "review":
        return review(settings, args.csv, args.json)
    if args.command == "grade" and args.answer == "-":
        args.answer = sys.stdin.read()

    if args.command == "ask" and args.jsonl and args.jsonl != "-":
        try:  # fail before the model loads, not after
            jsonl = open(args.jsonl, "rb")
        except OSError as exc:
            print(f"error: cannot read {args.jsonl}: {exc.strerror}", file=sys.stderr)
            return 2
    from .chat import build_assistant

    try:
        assistant = build_assistant(settings)
    except (ValueError, FileNotFoundError, AssistantError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command in ("interview", "grade"):
        return interview_or_grade(assistant, settings, args)
    if args.command == "ask":
        if args.jsonl:
            stream = sys.stdin.buffer if args.jsonl == "-" else jsonl
            with stream:
                answer_lines(assistant, stream, sys.stdout)
            return 0
        answer = assistant.ask(args.question)
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(format_answer(answer))
        return 1 if answer.refused and not args.json else 0

    from .chat import Assistant
    from .evaluation import SPLITS, evaluate, evaluate_split, format_comparison, format_table, write_chart

    reports = []
    for number, backend in enumerate(backends):
        if number:  # same model, index and questions; another backend
            try:
                assistant = Assistant(settings.replace(backend=backend), assistant.live, assistant.sentence_embedder)
            except (ValueError, AssistantError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
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
        args.details.write_text("".join(json.dumps({"backend": r.backend, "split": r.split, **item}, ensure_ascii=False) + "\n"
                                        for r in reports for item in r.items))
    if args.json:
        print(json.dumps(reports[0].metrics if len(reports) == 1 else [r.metrics for r in reports], indent=2))
    else:
        print(format_table(reports[0]) if len(reports) == 1 else format_comparison(reports))
    return 0


def interview_or_grade(assistant, settings, args) -> int:
    from .interview import Interviewer, NotCovered
    from .progress import open_study_log

    interviewer = Interviewer(assistant.live, assistant.sentence_embedder, chat_model=assistant.chat_model)
    if args.command == "interview":
        try:
            questions = interviewer.questions(args.topic, n=args.n, kind=args.type)
        except NotCovered as exc:
            if args.json:
                print(json.dumps({"topic": args.topic, "questions": [], "refused": True, "message": str(exc)},
                                 ensure_ascii=False, indent=2))
                return 0
            print(str(exc))
            return 1
        if args.json:
            print(json.dumps({"topic": questions[0].topic if questions else args.topic,
                              "questions": [q.to_dict() for q in questions]}, ensure_ascii=False, indent=2))
        else:
            print(format_questions(args.topic, questions))
        return 0
    try:
        question = interviewer.question_for(args.question)
    except NotCovered as exc:
        if args.json:
            print(json.dumps({"score": None, "covered": [], "missed": [], "feedback": str(exc), "model_answer": "",
                              "citations": [], "refused": True}, ensure_ascii=False, indent=2))
            return 0
        print(str(exc))
        return 1
    grade = interviewer.grade(question, args.answer)
    problem = ""
    try:
        scheduled = open_study_log(settings, log=lambda line: print(line, file=sys.stderr)).record(question, grade)
    except AssistantError as exc:  # the study log cannot keep it now: the grade is shown all the same
        problem = str(exc)
    if args.json:
        print(json.dumps({**grade.to_dict(), "refused": False}, ensure_ascii=False, indent=2))
    else:
        print(format_grade(grade))
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if not args.json:
        print(f"\n(saved; next review {_when(scheduled.due_at)})")
    return 0


def review(settings, csv_path: Path | None, as_json: bool) -> int:
    from .progress import open_study_log

    study = open_study_log(settings, log=lambda line: print(line, file=sys.stderr))
    try:
        exported = study.export_csv() if csv_path else ""
        due, scheduled, mastery = study.due(), study.upcoming(limit=1000), study.mastery()
    except AssistantError as exc:  # it cannot be read now (opening already said why, on stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if csv_path:
        try:
            csv_path.write_text(exported, encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {csv_path}: {exc.strerror}", file=sys.stderr)
            return 2
        print(f"Anki CSV written to {csv_path}", file=sys.stderr)
    if as_json:
        def item(i):
            return {"question": i.question, "topic": i.topic, "type": i.type, "due_at": i.due_at,
                    "last_score": i.last_score}

        print(json.dumps({"due": [item(i) for i in due], "scheduled": [item(i) for i in scheduled],
                          "mastery": [{"topic": t, "mastery": m, "questions": n} for t, m, n in mastery]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"Due for review: {len(due)}")
    for item in due:
        print(f"  - [{item.topic}] {item.question} (last score {item.last_score})")
    later = [i for i in scheduled if i not in due]
    if later:
        print(f"Next: {later[0].question} ({_when(later[0].due_at)})")
    if mastery:
        print("\nMastery by topic:")
        for topic, value, count in mastery:
            print(f"  {value:5.1f}  {topic} ({count} question{'s' if count != 1 else ''})")
    return 0


def _when(timestamp: float) -> str:
    import time

    seconds = timestamp - time.time()
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} minutes"
    return f"in {round(seconds / 86400)} day{'s' if round(seconds / 86400) != 1 else ''}"


def format_questions(topic: str, questions) -> str:
    if not questions:
        return f"No questions could be written on \"{topic}\"."
    lines = []
    for number, q in enumerate(questions, 1):
        lines.append(f"{number}. ({q.type}) {q.question}")
        lines.append("   A good answer covers:")
        lines.extend(f"   - {point}" for point in q.key_points)
        lines.append("   Sources: " + "; ".join(f"[{c.n}] {c.title}" + (f" — {c.section}" if c.section else "")
                                              for c in q.citations))
        lines.append("")
    return "\n".join(lines).rstrip()


def format_grade(grade) -> str:
    lines = [f"Score: {grade.score}/100. {grade.feedback}"]
    if grade.covered:
        lines += ["", "Covered:"] + [f"  + {p}" for p in grade.covered]
    if grade.missed:
        lines += ["", "Missed:"] + [f"  - {p}" for p in grade.missed]
    lines += ["", f"Model answer: {grade.model_answer}", ""]
    lines += [f"[{c.n}] {c.title} ({c.source}" + (f" — {c.section})" if c.section else ")") for c in grade.citations]
    return "\n".join(lines)


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
            question = item.get("question")
            if not isinstance(question, str):
                raise ValueError("missing \"question\" (a string)")
            history = item.get("history") or []
            if not isinstance(history, list):
                raise ValueError("\"history\" must be a list of {\"role\", \"content\"} objects")
            result = assistant.ask(question, history=history, id=item_id).to_dict()
        except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            result = {"id": item_id, "line": number, "error": str(exc)}
        except Exception as exc:  # never lose the rest of the file to one line
            result = {"id": item_id, "line": number, "error": f"internal error: {type(exc).__name__}: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


def format_answer(answer) -> str:
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            where = f"{c.source} — {c.section}" if c.section else c.source
            lines.append(f"[{c.n}] {c.title} ({where})")
    lines.append(f"\n({answer.backend}, {answer.latency_ms:.0f} ms)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
