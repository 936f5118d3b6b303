"""Account texts have length limits, checked by the actions and the CSV import's dry run with a
clear message (issue 18, item 6): on PostgreSQL a name longer than its column would otherwise be
a server error."""

from __future__ import annotations

import pytest
from django.utils import translation

from layakanak.accounts import actions
from layakanak.accounts.bulk import plan_bulk_creation
from layakanak.accounts.models import User
from layakanak.accounts.roles import AssignmentSpec, assignment_errors
from layakanak.lib import limits

pytestmark = pytest.mark.django_db


def test_a_full_name_longer_than_its_column_is_refused(regions: None) -> None:
    with pytest.raises(actions.AccountError) as refused:
        actions.do_create_user(
            email="panjang@example.go.id",
            full_name="N" * (limits.FULL_NAME + 1),
            actor="test",
            send_invitation=False,
        )
    with translation.override("en"):
        assert str(refused.value) == (
            "The full name is too long (151 characters); at most 150 characters are allowed."
        )
    assert not User.objects.exists()


def test_the_csv_dry_run_lists_a_long_name_and_a_long_office(regions: None) -> None:
    long_name = "N" * (limits.FULL_NAME + 1)
    long_office = "Dinas " + "K" * limits.NAME
    with translation.override("en"):
        plan = plan_bulk_creation(
            "email,full_name,role,region_code,opd_name\n"
            f"a@balikpapan.go.id,{long_name},operator_daerah,64.71,\n"
            f"b@balikpapan.go.id,Budi,kontributor_opd,64.71,{long_office}\n"
        )
    errors = [" ".join(str(e) for e in row.errors) for row in plan.rows]
    assert not plan.ok
    assert "The full name is too long (151 characters)" in errors[0]
    assert "is too long (206 characters); at most 200" in errors[1]
    spec = AssignmentSpec(role="kontributor_opd", opd_name=long_office)
    assert any("too long" in e or "terlalu panjang" in e for e in assignment_errors(spec))
