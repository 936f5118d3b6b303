"""The preferred time of an appointment request is encrypted like its contact and message.

Existing plain-text values are encrypted with the platform's key. This data migration imports
`layakanak.services.crypto` (an exception to "no app imports in migrations"): the value must be
encrypted exactly as the application decrypts it, with the configured key (SERVICES_ENCRYPTION_KEY),
and copying the key handling here would let the two drift apart.
"""

from django.db import migrations, models


def encrypt_existing(apps, schema_editor):
    from layakanak.services import crypto

    AppointmentRequest = apps.get_model("services", "AppointmentRequest")
    for row in AppointmentRequest.objects.exclude(preferred_time="").iterator():
        row.preferred_time_encrypted = crypto.encrypt(row.preferred_time)
        row.save(update_fields=["preferred_time_encrypted"])


def decrypt_existing(apps, schema_editor):
    from layakanak.services import crypto

    AppointmentRequest = apps.get_model("services", "AppointmentRequest")
    for row in AppointmentRequest.objects.exclude(preferred_time_encrypted="").iterator():
        row.preferred_time = crypto.decrypt(row.preferred_time_encrypted)[:100]
        row.save(update_fields=["preferred_time"])


class Migration(migrations.Migration):
    dependencies = [("services", "0002_playground_photos")]

    operations = [
        migrations.AddField(
            model_name="appointmentrequest",
            name="preferred_time_encrypted",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
        migrations.RemoveField(model_name="appointmentrequest", name="preferred_time"),
    ]
