"""The checker's form: a text pasted in, or a file (.txt, .docx or .pdf) to read it from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from commoncause.plainenglish.checker import MAX_TEXT_CHARACTERS, ReadError, read_document

MAX_FILE_BYTES = 5 * 1024 * 1024  # 5 MB


class CheckForm(forms.Form):
    text = forms.CharField(
        label="Paste your text",
        required=False,
        strip=False,
        widget=forms.Textarea,
        help_text=f"Up to {MAX_TEXT_CHARACTERS:,} characters.",
    )
    document = forms.FileField(
        label="Or choose a file",
        required=False,
        help_text="A .txt, .docx or .pdf file of up to 5 MB. It is read to check it, and not kept.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed: str = data.get("text") or ""
        document: UploadedFile | None = data.get("document")
        if document is not None and typed.strip():
            self.add_error("document", "Paste a text or choose a file, not both.")
        elif document is not None:
            data["checked"] = self._file_text(document)
        elif not typed.strip() and "document" not in self.errors:
            self.add_error("text", "Paste a text to check, or choose a file.")
        else:
            data["checked"] = _too_long(self, "text", typed.replace("\r\n", "\n").replace("\r", "\n"))
        return data

    def _file_text(self, document: UploadedFile) -> str | None:
        name = document.name or "The file"
        if (document.size or 0) > MAX_FILE_BYTES:
            self.add_error("document", f"{name} is over 5 MB: choose a smaller file, or paste its text.")
            return None
        try:
            text = read_document(name, document.read())
        except ReadError as problem:
            self.add_error("document", str(problem))
            return None
        return _too_long(self, "document", text)


def _too_long(form: CheckForm, field: str, text: str) -> str | None:
    if len(text) <= MAX_TEXT_CHARACTERS:
        return text
    form.add_error(
        field, f"The text is {len(text):,} characters long: check up to {MAX_TEXT_CHARACTERS:,} at a time."
    )
    return None
