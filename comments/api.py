"""A small read API over letters, plus private intake. The full API is a later issue."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from comments import selectors
from comments.models import Letter
from comments.serializers import LetterDetailSerializer, LetterIntakeSerializer, LetterSerializer
from comments.services import private_letter_intake
from filings.models import Company


class LetterFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Letter.Kind.choices)
    company = django_filters.NumberFilter(field_name="company__cik", label="CIK")
    commitment = django_filters.BooleanFilter(method="filter_commitment")
    missing_acknowledgements = django_filters.BooleanFilter(method="filter_missing_acknowledgements")
    topic = django_filters.CharFilter(method="filter_topic")

    class Meta:
        model = Letter
        fields = ["kind", "company", "direction", "is_private"]

    def filter_commitment(self, queryset: QuerySet[Letter], name: str, value: bool) -> QuerySet[Letter]:
        return selectors.letters_with_commitment(letters=queryset, value=value)

    def filter_missing_acknowledgements(self, queryset: QuerySet[Letter], name: str, value: bool) -> QuerySet[Letter]:
        return selectors.letters_missing_acknowledgements(letters=queryset, value=value)

    def filter_topic(self, queryset: QuerySet[Letter], name: str, value: str) -> QuerySet[Letter]:
        return selectors.letters_with_topic(letters=queryset, topic=value)


class LetterViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = LetterFilterSet

    def get_queryset(self) -> QuerySet[Letter]:
        letters = selectors.letter_detail() if self.action == "retrieve" else selectors.letter_list()
        user = self.request.user
        if not user.is_staff:
            # A private letter is seen by staff and by whoever uploaded it.
            letters = letters.filter(Q(is_private=False) | Q(uploaded_by=user))
        return letters

    def get_serializer_class(self):
        if self.action == "list":
            return LetterSerializer
        if self.action == "intake":
            return LetterIntakeSerializer
        return LetterDetailSerializer

    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser])
    def intake(self, request: Request) -> Response:
        form = LetterIntakeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        company = Company.objects.filter(cik=form.validated_data["cik"]).first()
        if company is None:
            raise ValidationError({"cik": ["no company with this CIK is known"]})
        try:
            letter = private_letter_intake(
                uploaded_file=form.validated_data["file"],
                company=company,
                user=request.user,
                form_type=form.validated_data["form_type"],
            )
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        letter = selectors.letter_detail().get(pk=letter.pk)
        return Response(LetterDetailSerializer(letter).data, status=status.HTTP_201_CREATED)
