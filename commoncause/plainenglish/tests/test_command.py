"""`manage.py plain_english <file> [--json]`: a report for people, or the JSON contract for programs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commoncause.plainenglish.checker import check, result_json
from commoncause.plainenglish.tests.documents import word_document
from commoncause.plainenglish.tests.planted import EVERY_KIND, planted

REPO = Path(__file__).resolve().parents[3]
TEXT, EXPECTED = planted(EVERY_KIND)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("plain_english", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_findings_with_offsets_into_the_files_text_and_the_scores(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    answer = json.loads(_run(str(path), "--json"))
    assert set(answer) == {"findings", "scores"}
    assert [(f["kind"], f["start"], f["end"], f["text"]) for f in answer["findings"]] == EXPECTED
    for finding in answer["findings"]:
        assert set(finding) == {"kind", "start", "end", "text", "message", "suggestion"}
        assert TEXT[finding["start"] : finding["end"]] == finding["text"]
    assert answer == result_json(check(TEXT))
    assert set(answer["scores"]) == {
        "flesch_reading_ease", "flesch_kincaid_grade", "smog", "gunning_fog", "coleman_liau",
        "automated_readability_index",
    }  # fmt: skip


def test_a_word_document_gives_the_same_json_as_its_text(tmp_path: Path) -> None:
    paragraphs = TEXT.strip().split("\n\n")
    (tmp_path / "plan.docx").write_bytes(word_document(paragraphs))
    (tmp_path / "plan.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    assert _run(str(tmp_path / "plan.docx"), "--json") == _run(str(tmp_path / "plan.txt"), "--json")


def test_the_report_lists_each_finding_by_line_and_column_then_the_scores(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    report = _run(str(path))
    assert report.startswith(
        f"{path}: 7 findings in 80 words and 7 sentences: 2 words to avoid, 2 jargon terms, 1 abbreviation "
        "not spelled out, 1 long sentence, 1 passive construction.\n"
    )
    assert "Line 1, column 5: abbreviation not spelled out: ‘CVS’" in report
    assert "Line 2, column 9: word to avoid: ‘utilise’\n    Avoid ‘utilise’: plain alternative exists.\n" in (
        report
    )
    assert "    Suggestion: use\n" in report
    assert "Line 3, column 11: passive voice: ‘was signed’" in report
    assert "Readability scores\n    Flesch reading ease" in report


def test_a_missing_or_damaged_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=f"There is no file {tmp_path / 'gone.txt'}."):
        _run(str(tmp_path / "gone.txt"))
    (tmp_path / "broken.docx").write_bytes(b"not a Word file")
    with pytest.raises(CommandError, match="broken.docx could not be read as a Word document"):
        _run(str(tmp_path / "broken.docx"), "--json")


def test_the_command_exits_non_zero_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    ran = subprocess.run(
        [sys.executable, "manage.py", "plain_english", str(missing), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert ran.returncode == 1
    assert ran.stdout == ""
    assert f"There is no file {missing}." in ran.stderr
    assert "Traceback" not in ran.stderr
