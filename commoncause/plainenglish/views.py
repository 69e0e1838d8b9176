"""`/plain-english/`: the checker's page. Open to everyone: it stores nothing.

Its access rule is declared where its address is (config/urls.py), as this app may import only core.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from commoncause.plainenglish.checker import KINDS, check
from commoncause.plainenglish.forms import MAX_FILE_BYTES, CheckForm
from commoncause.plainenglish.glossaries import glossary_for
from commoncause.plainenglish.highlight import highlighted
from commoncause.plainenglish.report import KIND_LABELS, kind_counts, score_rows, summary
from commoncause.plainenglish.uploads import MemoryOnlyUploadHandler


@csrf_exempt  # only until the upload handler is set: `_checker_page` checks the CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def plain_english_check(request: HttpRequest) -> HttpResponse:
    """A file is read in memory, never written to disk. The upload handler must be set before anything
    reads the body, and the CSRF check reads it, so the check is made after (Django's own pattern)."""
    request.upload_handlers = [MemoryOnlyUploadHandler(request, limit=MAX_FILE_BYTES)]
    return _checker_page(request)


@csrf_protect
def _checker_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "plainenglish/check.html", {"form": CheckForm(), "kinds": _legend()})
    form = CheckForm(request.POST, request.FILES)
    context: dict[str, object] = {
        "form": form,
        "kinds": _legend(),
        "shown_text": request.POST.get("text", ""),
    }
    if form.is_valid():
        text: str = form.cleaned_data["checked"]
        result = check(text, glossary_for(request.user))
        context.update(
            result=result,
            shown_text=text,
            summary=summary(result),
            counts=kind_counts(result),
            findings=[
                (index, finding, KIND_LABELS[finding.kind])
                for index, finding in enumerate(result.findings, 1)
            ],
            highlighted=highlighted(text, result.findings),
            scores=score_rows(result),
        )
    return render(request, "plainenglish/check.html", context, status=400 if form.errors else 200)


def _legend() -> list[tuple[str, str]]:
    return [(kind, KIND_LABELS[kind]) for kind in KINDS]
