"""Child services: complaint hand-off, UPTD PPA contacts, counselling directory, Forum Anak and
child-friendly playgrounds (RBRA).

Reports and appointment requests are the only children's personal data here: their free text,
contact details and staff notes are Fernet tokens (`crypto.py`), read only by the petugas
layanan of the region (every read is an audit event), and deleted after
SERVICES_RETENTION_DAYS following closure. Forum membership is stored as counts only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layakanak.regions.models import Region


class ReporterKind(models.TextChoices):
    CHILD = "child", _("I am a child or teenager")
    PARENT = "parent", _("I am a parent or family member")
    WITNESS = "witness", _("I saw or heard something")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CONTACTED = "contacted", _("Contacted")
    REFERRED_UPTD = "referred_uptd", _("Referred to UPTD PPA")
    RECORDED_SIMFONI = "recorded_simfoni", _("Recorded in SIMFONI-PPA")
    CLOSED = "closed", _("Closed")


class EditedByStaff(models.Model):
    """A registry row that officers edit through a form. `version` grows with every save: the
    form carries the version it showed, so that two officers cannot overwrite each other
    unseen (the second save is refused and names `updated_by`)."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class ServiceContact(EditedByStaff):
    """The UPTD PPA of a kab/kota: where its reports are routed."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="service_contact")
    unit_name = models.CharField(_("unit name"), max_length=200)
    email = models.EmailField(_("inbox e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.unit_name


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="service_reports")
    reporter_kind = models.CharField(max_length=10, choices=ReporterKind.choices)
    anonymous = models.BooleanField(default=True)
    # Fernet tokens (crypto.py); never clear text.
    text_encrypted = models.TextField(blank=True)
    contact_encrypted = models.TextField(blank=True)
    tracking_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Grows with every status change: the status form carries the version it showed, so that
    # two officers cannot change the status over each other unseen (the notes say who did).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "status"], name="report_region_status")]

    def __str__(self) -> str:
        return str(self.public_id)


class ReportNote(models.Model):
    """A status change of a report, with the officer's note (encrypted)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    note_encrypted = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.status}"


class ServiceKind(models.TextChoices):
    PUSPAGA = "puspaga", _("PUSPAGA (family learning centre)")
    UPTD_PPA = "uptd_ppa", _("UPTD PPA")
    COUNSELLING = "counselling", _("Other counselling service")


class CounsellingService(EditedByStaff):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="counselling")
    kind = models.CharField(_("kind"), max_length=12, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail for appointment requests"), blank=True)
    online = models.CharField(_("online options"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    active = models.BooleanField(_("shown to the public"), default=True)

    class Meta:
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


class AppointmentRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        CounsellingService, on_delete=models.CASCADE, related_name="appointments"
    )
    contact_encrypted = models.TextField()
    message_encrypted = models.TextField(blank=True)
    # "Saturday morning" says when a family is at home: encrypted like the rest (issue 18).
    preferred_time_encrypted = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.public_id)


class ChildForum(EditedByStaff):
    """A Forum Anak at kab/kota, kecamatan or desa/kelurahan level; members as counts only."""

    regency = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="child_forums")
    name = models.CharField(_("name"), max_length=200)
    decree = models.CharField(_("establishing decree (SK)"), max_length=200, blank=True)
    boys_6_12 = models.PositiveIntegerField(_("boys aged 6–12"), default=0)
    girls_6_12 = models.PositiveIntegerField(_("girls aged 6–12"), default=0)
    boys_13_15 = models.PositiveIntegerField(_("boys aged 13–15"), default=0)
    girls_13_15 = models.PositiveIntegerField(_("girls aged 13–15"), default=0)
    boys_16_18 = models.PositiveIntegerField(_("boys aged 16–18"), default=0)
    girls_16_18 = models.PositiveIntegerField(_("girls aged 16–18"), default=0)

    MEMBER_FIELDS = (
        "boys_6_12",
        "girls_6_12",
        "boys_13_15",
        "girls_13_15",
        "boys_16_18",
        "girls_16_18",
    )

    class Meta:
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def members(self) -> int:
        return sum(int(getattr(self, name)) for name in self.MEMBER_FIELDS)


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    CONSULTATION = "consultation", _("Consultation (e.g. Musrenbang)")


class ForumActivity(models.Model):
    forum = models.ForeignKey(ChildForum, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class Certification(models.TextChoices):
    NONE = "none", _("Not certified")
    IN_PROCESS = "in_process", _("Certification in process")
    CERTIFIED = "certified", _("Certified")


class Playground(EditedByStaff):
    """A child-friendly playground (RBRA) in a kecamatan."""

    regency = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="playgrounds")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Numbers (1–13) of the RBRA requirements met; see rbra.py.
    requirements_met = models.JSONField(default=list, blank=True)
    certification = models.CharField(
        _("certification"), max_length=12, choices=Certification.choices, default=Certification.NONE
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    class Meta:
        ordering = ["district__code", "name"]

    def __str__(self) -> str:
        return self.name


class PlaygroundPhoto(models.Model):
    """A photo of a playground, re-encoded on upload (no EXIF or GPS metadata survives).

    UU 11/2012 Pasal 19 and UU 27/2022: a photo must not show a child who can be recognised; the
    uploader confirms it on every upload (the confirmation is in the audit event)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    playground = models.ForeignKey(Playground, on_delete=models.CASCADE, related_name="photos")
    # Stored as rbra/<public_id>-photo.jpg: the uploader's file name is never kept (it may name
    # a child).
    image = models.FileField(upload_to="rbra/", max_length=200)
    thumbnail = models.FileField(upload_to="rbra/", max_length=200)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return str(self.public_id)
