"""The field visit carries a version, so that a save of its schedule or Forum Anak notes made
from a stale page is refused instead of overwriting a team member's change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0001_reviews_checks_revisions_field_visits_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="fieldvisit",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
