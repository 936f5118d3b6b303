"""Background tasks of the results (django-tasks; `layakanak worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_certificates(batch_id: int) -> int:
    """Generate every certificate of a batch's publication and their ZIP; returns the count."""
    from layakanak.results.actions.certificates import run_certificate_batch

    return run_certificate_batch(batch_id).total
