"""The pages. Each is a thin reader over the selectors: every letter comes through
`selectors.letters_visible_to`, so a page shows exactly what the API would."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from comments import selectors
from comments.models import FilingReference, Letter
from comments.review_selectors import review_figures
from filings.api.links import edgar_folder_url
from filings.models import Company, Document, Filing
from web import presenters
from web.dashboard import dashboard_context
from web.reviews import review_page, reviews_of_company
from web.saved_searches import saved_search_create, saved_search_delete, saved_search_query_clean, saved_searches_of
from web.search import PAGE_PARAMETER, RESULTS_SHOWN, SEARCH_PARAMETERS, ResultsPaginator, letters_search, search_choices
from web.sign_in import sign_in_blocked

LETTERS_PER_PAGE = 25
COMPANY_LETTERS_SHOWN = 100


def readers_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in users; anyone too when public data may be read anonymously (API_ALLOW_ANONYMOUS_PUBLIC_READ)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and not settings.API_ALLOW_ANONYMOUS_PUBLIC_READ:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/landing.html", {"choices": search_choices()})
    return render(request, "web/dashboard.html", dashboard_context(user=request.user))


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if username and sign_in_blocked(request=request, username=username):
            form = self.get_form()
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            context = self.get_context_data(form=form, blocked_minutes=minutes)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


def _search_page(request: HttpRequest, params: QueryDict, *, save_errors: dict | None = None, name: str = "") -> HttpResponse:
    found = letters_search(user=request.user, request=request, params=params)
    page = ResultsPaginator(found.results, LETTERS_PER_PAGE).get_page(params.get(PAGE_PARAMETER))
    context = {
        "search": found,
        "page": page,
        "ranked_matches": RESULTS_SHOWN,
        "query": found.query_string(),
        "choices": search_choices(),
        "parameters": SEARCH_PARAMETERS,
        "saved_searches": list(saved_searches_of(user=request.user)),
        "save_errors": save_errors or {},
        "save_name": name,
        "exports": {"csv": found.export_url("csv"), "xlsx": found.export_url("xlsx")} if not found.errors else {},
    }
    status = 400 if found.errors or save_errors else 200
    return render(request, "web/search.html", context, status=status)


@readers_only
def search(request: HttpRequest) -> HttpResponse:
    return _search_page(request, request.GET)


@require_POST
@login_required
def saved_search_new(request: HttpRequest) -> HttpResponse:
    """Save the search the form carries; back to it, with the reason beside the form if it cannot be."""
    name, query = request.POST.get("name", ""), request.POST.get("query", "")
    try:
        saved = saved_search_create(owner=request.user, name=name, query=query)
    except ValidationError as exc:
        return _search_page(request, QueryDict(saved_search_query_clean(query)), save_errors=exc.message_dict, name=name)
    return HttpResponseRedirect(f"{reverse('web:search')}?{saved.query}")


@require_POST
@login_required
def saved_search_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not saved_search_delete(owner=request.user, saved_search_id=pk):
        raise Http404("No such saved search of yours.")
    return HttpResponseRedirect(reverse("web:search"))


@readers_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/review.html", {"page": review_page(user=request.user, review_id=pk)})


@readers_only
def company(request: HttpRequest, cik: int) -> HttpResponse:
    company = get_object_or_404(Company, cik=cik)
    letters = selectors.letters_visible_to(user=request.user, letters=selectors.letter_list()).filter(company=company)
    newest = list(letters.order_by(F("letter_date").desc(nulls_last=True), "-pk")[:COMPANY_LETTERS_SHOWN])
    staff_topics = letters.filter(direction=Letter.Direction.STAFF).values_list("letter_date", "topics")
    topics = presenters.topics_over_time(staff_topics)
    under_review = (
        Filing.objects.filter(reviewed_in_letters__in=letters)
        .annotate(letter_count=Count("reviewed_in_letters", distinct=True))
        .order_by(F("filing_date").desc(nulls_last=True), "accession_number")
    )
    reviews = [(review, review_figures(review)) for review in reviews_of_company(user=request.user, company_id=company.pk)]
    context = {
        "company": company,
        "reviews": [(review, figures, [presenters.topic_label(t) for t in figures.topics]) for review, figures in reviews],
        "fiscal_year_end": presenters.fiscal_year_end_label(company.fiscal_year_end),
        "letters": newest,
        "letters_total": letters.count(),
        "topics": topics,
        "chart": presenters.bar_chart(topics.letters_per_year),
        "under_review": [
            (filing, edgar_folder_url(cik=company.cik, accession_number=filing.accession_number)) for filing in under_review
        ],
        "search_url": f"{reverse('web:search')}?company_search={company.cik}",
    }
    return render(request, "web/company.html", context)


@readers_only
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    visible = selectors.letters_visible_to(user=request.user)
    letter = get_object_or_404(selectors.letters_visible_to(user=request.user, letters=selectors.letter_list()), pk=pk)
    text = letter.text
    documents: list[Document] = []
    if not letter.is_private and letter.document_id is not None:
        text = Document.objects.filter(pk=letter.document_id).values_list("text", flat=True).first() or ""
    if letter.filing_id is not None:
        documents = list(
            Document.objects.filter(filing_id=letter.filing_id).only(
                "sequence", "type", "filename", "description", "size", "filing_id"
            )
        )
    neighbours = visible.select_related("company").order_by(F("letter_date").asc(nulls_last=True), "pk")
    context = {
        "letter": letter,
        "pairs": selectors.comment_response_pairs(letter=letter, user=request.user),
        "text": text,
        "documents": documents,
        "edgar_url": None
        if letter.is_private or letter.filing is None
        else edgar_folder_url(cik=letter.company.cik, accession_number=letter.filing.accession_number),
        "references": [
            (
                reference,
                edgar_folder_url(cik=letter.company.cik, accession_number=reference.filing.accession_number)
                if reference.filing
                else None,
            )
            for reference in FilingReference.objects.filter(letter=letter).select_related("filing").order_by("position")
        ],
        # The staff letter this one answers, and the company letters answering this one, if the user may see them.
        "responds_to": neighbours.filter(pk=letter.responds_to_id).first() if letter.responds_to_id else None,
        "answered_by": list(neighbours.filter(responds_to=letter)) if letter.is_staff_letter else [],
        "topics": [presenters.topic_label(topic) for topic in letter.topics or []],
    }
    return render(request, "web/letter.html", context)


@readers_only
def letter_original(request: HttpRequest, pk: int) -> FileResponse:
    """A private letter's uploaded file, to whoever may see the letter: never from a public media URL."""
    letter = get_object_or_404(selectors.letters_visible_to(user=request.user), pk=pk, is_private=True)
    if not letter.uploaded_file:
        raise Http404("This letter has no uploaded file.")
    # Our own name, never the uploader's: it is user input, and a header is no place for it.
    suffix = PurePath(letter.uploaded_file.name).suffix.lower()
    response = FileResponse(
        letter.uploaded_file.open("rb"),
        as_attachment=True,
        filename=f"letter-{letter.pk}{suffix}",
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
