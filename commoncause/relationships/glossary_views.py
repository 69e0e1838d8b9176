"""The council's glossary page: its terms, a form to add one, and removing one. Thin."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.models import Council
from commoncause.relationships import glossary
from commoncause.relationships.models import GlossaryTerm


class GlossaryTermForm(forms.Form):
    term = forms.CharField(label="Term", max_length=100, help_text="A word or phrase, such as 'early help'.")
    explain_only = forms.BooleanField(
        label="A term of our trade to explain at first use, not to avoid", required=False
    )
    plain = forms.CharField(label="Plain words to use instead", max_length=200, required=False)
    explanation = forms.CharField(label="What it means", max_length=300, required=False)


@access(SIGNED_IN, object_level=True)
def glossary_page(request: AuthenticatedHttpRequest, council_slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=council_slug)
    if not glossary.may_keep_glossary(request.user, council):
        raise PermissionDenied("Only the council's officers and curators keep its glossary.")
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            glossary.glossary_term_add(user=request.user, council=council, values=form.cleaned_data)
        except glossary.GlossaryError as problem:
            form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        else:
            messages.success(request, f"{form.cleaned_data['term']} is in the glossary.")
            return redirect("relationships:glossary", council_slug=council.slug)
    context = {"council": council, "form": form, "terms": GlossaryTerm.objects.filter(council=council)}
    return render(request, "relationships/glossary.html", context, status=400 if form.errors else 200)


@require_POST
@access(SIGNED_IN, object_level=True)
def glossary_term_remove(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    term = get_object_or_404(GlossaryTerm.objects.select_related("council"), pk=term_id)
    try:
        glossary.glossary_term_remove(user=request.user, term=term)
    except glossary.GlossaryError as problem:
        raise PermissionDenied(str(problem)) from None
    messages.success(request, f"{term.term} is out of the glossary.")
    return redirect("relationships:glossary", council_slug=term.council.slug)
