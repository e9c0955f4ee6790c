from itertools import groupby

from django.db import migrations, models
from django.db.models import F

from comments.review_selectors import response_lags, staff_topics


def figures_fill(apps, schema_editor):
    """The stored figures of the reviews threaded before they existed, from each review's own letters (a
    public review's, not the private copies placed beside them); threading keeps them from here on."""
    Review = apps.get_model("comments", "Review")
    Letter = apps.get_model("comments", "Letter")
    letters = (
        Letter.objects.filter(review__isnull=False, is_private=F("review__is_private"))
        .select_related("filing")
        .only("pk", "review_id", "kind", "direction", "letter_date", "responds_to_id", "topics", "filing__filing_date")
        .order_by("review_id", "letter_date", "pk")
    )
    batch = []
    for review_id, group in groupby(letters.iterator(chunk_size=2000), key=lambda letter: letter.review_id):
        own = list(group)
        lags = [[lag.days, lag.business_days] for lag in response_lags(own)]
        batch.append(Review(pk=review_id, letter_count=len(own), topics=staff_topics(own), response_lags=lags))
        if len(batch) >= 500:
            Review.objects.bulk_update(batch, ["letter_count", "topics", "response_lags"])
            batch = []
    Review.objects.bulk_update(batch, ["letter_count", "topics", "response_lags"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_topics_gin_index"),
        ("filings", "0002_federal_closures"),  # the business-day calendar reads the admin's closures
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="letter_count",
            field=models.PositiveIntegerField(default=0, help_text="staff and company letters"),
        ),
        migrations.AddField(
            model_name="review",
            name="response_lags",
            field=models.JSONField(
                blank=True, default=list, help_text="[days, business days] of each company response to its staff letter"
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="topics",
            field=models.JSONField(blank=True, default=list, help_text="the staff letters' topics"),
        ),
        migrations.RunPython(figures_fill, migrations.RunPython.noop),
    ]
