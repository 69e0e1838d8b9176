"""`manage.py plain_english <file> [--json]`: check a text, Word or PDF file for plain English."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from commoncause.plainenglish.checker import ReadError, check, read_path, result_json
from commoncause.plainenglish.report import report_text


class Command(BaseCommand):
    help = (
        "Check a .txt, .docx or .pdf file for plain English: words to avoid, jargon, abbreviations not "
        "spelled out, long sentences, the passive voice; with six readability scores."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the .txt, .docx or .pdf file to check")
        parser.add_argument(
            "--json",
            action="store_true",
            help='print {"findings": [{"kind", "start", "end", "text", "message", "suggestion"}], '
            '"scores": {…}}, with character offsets into the text read from the file',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = read_path(path)
        except ReadError as problem:
            raise CommandError(str(problem)) from None
        result = check(text)
        if options["json"]:
            self.stdout.write(json.dumps(result_json(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report_text(result, text, name=str(path)), ending="")
