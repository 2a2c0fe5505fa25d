"""The ``screen`` command: the screening as a public interface for the clinical safety pack."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from screening_files import minimal_raw, write

from spotter.cli import run
from spotter.screening import load_bundled

OUTCOME_FIELDS = ["level", "title", "flags", "ask_again", "reasons", "next_steps", "summary"]


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return status, out.getvalue(), err.getvalue()


def test_list_prints_every_prompt_in_order(tmp_path: Path) -> None:
    status, out, err = cli("screen", "--list", "--json", "--data-dir", str(tmp_path))
    assert status == 0, err
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [p.id for p in load_bundled().prompts]
    assert set(rows[0]) == {"id", "role", "section", "text", "source"}
    status, text, _ = cli("screen", "--list", "--data-dir", str(tmp_path))
    assert status == 0 and "Is the person in danger right now?" in text and "danger_now" in text


def test_one_object_gives_one_outcome_with_the_stable_fields(tmp_path: Path) -> None:
    answers = {"risk_threats": "yes", "risk_violence": "yes", "ex_partner": "unsure"}
    status, out, err = cli(
        "screen",
        "--answers",
        "-",
        "--json",
        "--data-dir",
        str(tmp_path),
        stdin=json.dumps(answers, indent=2),
    )
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    outcome = json.loads(lines[0])
    assert list(outcome) == OUTCOME_FIELDS
    assert outcome["level"] == "high_concern" and outcome["title"] == "High concern"
    flags = {f["id"]: f for f in outcome["flags"]}
    assert set(flags) == {"marac_route", "ask_again"}
    assert set(flags["marac_route"]) == {"id", "title", "text"}
    assert {
        "prompt_id": "ex_partner",
        "text": "Confirm the relationship: is the other person a current or former partner?",
    } in outcome["ask_again"]
    reasons = {r["prompt_id"]: r for r in outcome["reasons"]}
    assert reasons["risk_threats"]["answer"] == "yes" and reasons["risk_threats"]["effect"]
    assert reasons["danger_now"]["answer"] is None  # not answered
    assert outcome["summary"].startswith("SENSITIVE: ")
    assert outcome["next_steps"][-1].startswith("Professional judgement overrides")


def test_json_lines_give_one_outcome_per_line_in_order(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"danger_now": "yes"}\n\n{}\n{"danger_now": "no", "danger_afraid_home": "no"}\n',
        encoding="utf-8",
    )
    status, out, err = cli("screen", "--answers", str(path), "--json", "--data-dir", str(tmp_path))
    assert status == 0, err
    levels = [json.loads(line)["level"] for line in out.splitlines()]
    assert levels == ["immediate_danger", "not_completed", "not_completed"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"danger_now": "yes"}\n{"nope": "yes"}\n', "line 2: 'nope' is not a prompt id"),
        ('{"danger_now": "maybe"}\n', 'line 1: danger_now: "maybe" is not an answer'),
        ('{"danger_now": null}\n', "line 1: danger_now: null is not an answer"),
        ('{"danger_now": "yes"}\n{"danger_now": \n', "line 2: not valid JSON"),
        ('{"danger_now": "yes"}\n["danger_now"]\n', "line 2: expected a JSON object"),
        ("[]", "line 1: expected a JSON object"),
        ("", "no answers"),
    ],
)
def test_a_bad_input_stops_the_batch_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    status, out, err = cli(
        "screen", "--answers", "-", "--json", "--data-dir", str(tmp_path), stdin=text
    )
    assert status == 2
    assert out == ""  # nothing printed for the batch
    assert err.startswith("spotter: ") and message in err and err.count("\n") == 1


def test_text_output_is_the_record_summary(tmp_path: Path) -> None:
    status, out, _ = cli(
        "screen", "--answers", "-", "--data-dir", str(tmp_path), stdin='{"danger_now": "yes"}'
    )
    assert status == 0
    assert "Outcome: Immediate danger." in out and "Ask again:" in out


def test_staff_route_and_a_practice_content_file(tmp_path: Path) -> None:
    status, out, err = cli(
        "screen",
        "--answers",
        "-",
        "--route",
        "staff",
        "--json",
        "--data-dir",
        str(tmp_path),
        stdin="{}",
    )
    assert status == 0, err
    assert any("staff-support contact" in s for s in json.loads(out)["next_steps"])
    own = write(tmp_path, minimal_raw())
    status, out, err = cli(
        "screen",
        "--answers",
        "-",
        "--content",
        str(own),
        "--json",
        "--data-dir",
        str(tmp_path),
        stdin='{"risk_threats": "unsure"}',
    )
    assert status == 0, err
    assert json.loads(out)["level"] == "high_concern"


def test_a_bad_content_file_or_missing_answers_file_is_exit_2(tmp_path: Path) -> None:
    raw = minimal_raw()
    raw["prompts"] = raw["prompts"][1:]
    bad = write(tmp_path, raw)
    status, out, err = cli("screen", "--list", "--content", str(bad), "--data-dir", str(tmp_path))
    assert status == 2 and "practice.json: prompts:" in err and out == ""
    status, _, err = cli("screen", "--answers", str(tmp_path / "absent.json"))
    assert status == 2 and "cannot read" in err
    with pytest.raises(SystemExit) as info:  # --list or --answers is required (argparse)
        cli("screen")
    assert info.value.code == 2
