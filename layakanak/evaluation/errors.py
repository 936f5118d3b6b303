"""Refusals of evaluation actions, each with a message in Bahasa Indonesia and English."""

from __future__ import annotations

from typing import Any


class EvaluationRefused(Exception):
    def __init__(self, message_id: str, message_en: str) -> None:
        self.message_id = message_id
        self.message_en = message_en
        super().__init__(f"{message_id} / {message_en}")

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_id


class StageClosed(EvaluationRefused):
    """The stage window is closed for this region and no extension applies."""


class AnswerConflict(EvaluationRefused):
    """The answer changed since the page that sent this save was loaded."""

    def __init__(self, current_value: Any, current_version: int, changed_by: str) -> None:
        self.current_value = current_value
        self.current_version = current_version
        self.changed_by = changed_by
        super().__init__(
            f"Jawaban ini sudah diubah oleh {changed_by} sejak halaman Anda dimuat. "
            "Periksa jawaban terbaru sebelum menyimpan lagi.",
            f"This answer was changed by {changed_by} since your page was loaded. "
            "Check the latest answer before saving again.",
        )


class IncompleteSubmission(EvaluationRefused):
    def __init__(self, missing: list[dict[str, str]]) -> None:
        self.missing = missing
        super().__init__(
            f"Evaluasi mandiri belum lengkap: {len(missing)} hal belum dipenuhi.",
            f"The self-assessment is not complete: {len(missing)} item(s) missing.",
        )


class CycleSetupRefused(EvaluationRefused, ValueError):
    """A cycle, window, participant or extension change that would leave the cycle inconsistent
    (a ValueError too, as these refusals were before they had messages)."""


class EvidenceRefused(EvaluationRefused):
    """An upload, reuse or removal that cannot be done; `status` is the HTTP status to answer."""

    status = 422

    def __init__(self, message_id: str, message_en: str, *, status: int | None = None) -> None:
        super().__init__(message_id, message_en)
        if status is not None:
            self.status = status


class UploadGap(EvidenceRefused):
    """A chunk that starts after the bytes the server has; `received` tells where to go on."""

    status = 409

    def __init__(self, received: int, offset: int) -> None:
        self.received = received
        super().__init__(
            f"Potongan berkas dimulai pada byte {offset}, padahal server baru menerima "
            f"{received} byte. Lanjutkan dari byte {received}.",
            f"The chunk starts at byte {offset} but the server has only {received} bytes. "
            f"Continue from byte {received}.",
        )


class WorkbookRefused(EvaluationRefused):
    """The uploaded file is not this region's workbook of this cycle, or not a workbook at all."""
