"""The ``screen`` command: the screening as a public interface for the clinical safety test pack.

    screen --list [--json]
    screen --answers FILE|- [--route patient|staff] [--content FILE] [--json]

``--answers`` reads one JSON object ``{prompt_id: "yes"|"no"|"unsure"}`` (a prompt left out is
unanswered), or JSON Lines with one such object per line. Every input is checked before
anything is printed: one bad line stops the whole batch with exit status 2 and one line naming
it. Output fields are stable (see the README).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from spotter.screening import (
    Answer,
    ContentError,
    Outcome,
    Route,
    ScreeningContent,
    evaluate,
    load_bundled,
    load_content,
    summary_text,
)

EXIT_OK = 0
EXIT_USAGE = 2
_ANSWER_VALUES = ", ".join(f'"{a.value}"' for a in Answer)


class ScreenInputError(ValueError):
    """A mistake in the answers or content file; one line, exit status 2."""


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    screen = sub.add_parser(
        "screen",
        parents=[common],
        help="list the screening questions, or evaluate answers from a JSON file",
    )
    what = screen.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true", help="print the questions in order")
    what.add_argument(
        "--answers",
        metavar="FILE",
        help="a JSON object of prompt id -> yes/no/unsure, or JSON Lines; - reads stdin",
    )
    screen.add_argument("--route", choices=[r.value for r in Route], default=Route.PATIENT.value)
    screen.add_argument(
        "--content", type=Path, metavar="FILE", help="a screening content file (default: bundled)"
    )
    screen.add_argument("--json", action="store_true", help="print JSON (JSON Lines for answers)")


def outcome_json(
    content: ScreeningContent, answers: dict[str, Answer], outcome: Outcome
) -> dict[str, Any]:
    return {
        "level": outcome.level.value,
        "title": outcome.level.title,
        "flags": [{"id": f.code, "title": f.title, "text": f.text} for f in outcome.flags],
        "ask_again": [{"prompt_id": a.prompt_id, "text": a.text} for a in outcome.ask_again],
        "reasons": [
            {
                "prompt_id": r.prompt_id,
                "answer": r.answer.value if r.answer is not None else None,
                "effect": r.effect,
            }
            for r in outcome.reasons
        ],
        "next_steps": list(outcome.next_steps),
        "summary": summary_text(content, answers, outcome),
    }


def cmd_screen(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    *,
    staff_support_contact: Callable[[], str | None] = lambda: None,
) -> int:
    try:
        content = load_content(args.content) if args.content else load_bundled()
        if args.list:
            _print_list(content, args.json, out)
            return EXIT_OK
        inputs = read_answers(args.answers, stdin, content)
    except (ContentError, ScreenInputError) as exc:
        err.write(f"spotter: {exc}\n")
        return EXIT_USAGE
    route = Route(args.route)
    contact = staff_support_contact() if route is Route.STAFF else None
    for number, answers in enumerate(inputs, start=1):
        outcome = evaluate(content, answers, route, contact)
        if args.json:
            out.write(json.dumps(outcome_json(content, answers, outcome), ensure_ascii=False))
            out.write("\n")
        else:
            if len(inputs) > 1:
                out.write(f"--- input {number} ---\n")
            out.write(summary_text(content, answers, outcome))
    return EXIT_OK


def _print_list(content: ScreeningContent, as_json: bool, out: TextIO) -> None:
    rows = [
        {"id": p.id, "role": p.role.value, "section": p.section, "text": p.text, "source": p.source}
        for p in content.prompts
    ]
    if as_json:
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    out.write(f"{content.title} ({content.id} {content.version})\n")
    for number, row in enumerate(rows, start=1):
        out.write(
            f"{number:>2}. {row['text']}\n    id {row['id']}, role {row['role']}, "
            f"source {row['source']}\n"
        )


def read_answers(name: str, stdin: TextIO, content: ScreeningContent) -> list[dict[str, Answer]]:
    """Read and check every input; raise ``ScreenInputError`` naming the line."""
    label = "stdin" if name == "-" else name
    if name == "-":
        text = stdin.read()
    else:
        try:
            text = Path(name).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ScreenInputError(f"cannot read {name}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ScreenInputError(f"{name}: not UTF-8 text") from None
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None  # JSON Lines, or a mistake: read line by line to say where
    except RecursionError:
        raise ScreenInputError(f"{label}: nested too deeply") from None
    if whole is not None:
        return [_check(whole, content, f"{label}: line 1")]
    inputs: list[dict[str, Answer]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{label}: line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ScreenInputError(f"{where}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise ScreenInputError(f"{where}: nested too deeply") from None
        inputs.append(_check(data, content, where))
    if not inputs:
        raise ScreenInputError(f"{label}: no answers (expected a JSON object)")
    return inputs


def _check(data: object, content: ScreeningContent, where: str) -> dict[str, Answer]:
    if not isinstance(data, dict):
        raise ScreenInputError(f"{where}: expected a JSON object of prompt id -> answer")
    known = {p.id for p in content.prompts}
    answers: dict[str, Answer] = {}
    for key, value in data.items():
        if key not in known:
            raise ScreenInputError(f"{where}: {key!r} is not a prompt id (see screen --list)")
        if not isinstance(value, str) or value not in {a.value for a in Answer}:
            raise ScreenInputError(
                f"{where}: {key}: {json.dumps(value)} is not an answer ({_ANSWER_VALUES})"
            )
        answers[key] = Answer(value)
    return answers
