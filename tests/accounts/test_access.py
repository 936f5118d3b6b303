"""The permission functions of `layakanak.accounts.access`, person by person."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from layakanak.accounts import access, actions
from layakanak.accounts.models import Role
from layakanak.accounts.roles import AssignmentSpec
from tests.accounts.conftest import make_person, region

pytestmark = pytest.mark.django_db


def test_the_operator_of_balikpapan_operates_balikpapan_only(balikpapan_operator):
    balikpapan, samarinda = region("64.71"), region("64.72")
    assert access.roles_of(balikpapan_operator) == {"operator_daerah"}
    assert access.has_role(balikpapan_operator, "operator_daerah", region=balikpapan)
    assert not access.has_role(balikpapan_operator, "operator_daerah", region=samarinda)
    assert access.operator_region_ids(balikpapan_operator) == {balikpapan.pk}
    assert not access.requires_two_factor(balikpapan_operator)


def test_the_kaltim_verifier_reaches_every_kab_kota_of_kalimantan_timur(kaltim_verifier):
    assert access.has_role(kaltim_verifier, "verifikator_provinsi", region=region("64"))
    assert access.has_role(kaltim_verifier, "verifikator_provinsi", region=region("64.71"))
    assert access.has_role(kaltim_verifier, "verifikator_provinsi", region=region("64.72"))
    assert not access.has_role(kaltim_verifier, "verifikator_provinsi", region=region("31.71"))
    assert access.verifier_province_ids(kaltim_verifier) == {region("64").pk}
    assert access.requires_two_factor(kaltim_verifier)


def test_a_verifier_of_another_province_does_not_reach_balikpapan(jakarta_verifier):
    assert not access.has_role(jakarta_verifier, "verifikator_provinsi", region=region("64.71"))
    assert access.verifier_province_ids(jakarta_verifier) == {region("31").pk}


def test_the_field_team_reaches_its_assigned_regions_only(balikpapan_field_team):
    assert access.has_role(balikpapan_field_team, "tim_lapangan", region=region("64.71"))
    assert not access.has_role(balikpapan_field_team, "tim_lapangan", region=region("64.72"))
    assert access.field_team_region_ids(balikpapan_field_team) == {region("64.71").pk}


def test_the_health_office_contributes_for_its_office_in_balikpapan(balikpapan_health_office):
    assert access.opd_scopes(balikpapan_health_office) == [(region("64.71").pk, "Dinas Kesehatan")]
    assert access.operator_region_ids(balikpapan_health_office) == set()
    assert not access.requires_two_factor(balikpapan_health_office)


def test_the_health_ministry_verifier_holds_indicators_12_to_17(health_ministry_verifier):
    assert access.kl_indicator_numbers(health_ministry_verifier) == {
        "12", "13", "14", "15", "16", "17"
    }  # fmt: skip
    assert access.has_role(health_ministry_verifier, "verifikator_kl", region=region("64.71"))
    assert access.requires_two_factor(health_ministry_verifier)


def test_the_service_officer_serves_balikpapan(balikpapan_service_officer):
    assert access.service_region_ids(balikpapan_service_officer) == {region("64.71").pk}
    assert access.requires_two_factor(balikpapan_service_officer)


def test_central_roles_are_national(central_admin, central_verifier):
    assert access.is_central_admin(central_admin)
    assert not access.is_central_admin(central_verifier)
    assert access.is_central_verifier(central_verifier)
    assert access.has_role(central_verifier, "verifikator_pusat", region=region("31.71"))


def test_an_anonymous_visitor_has_no_role():
    visitor = AnonymousUser()
    assert access.roles_of(visitor) == set()
    assert not access.has_role(visitor, "operator_daerah")
    assert not access.requires_two_factor(visitor)


def test_a_person_can_hold_several_roles(balikpapan_operator):
    actions.do_assign_role(
        balikpapan_operator,
        AssignmentSpec(role=Role.KONTRIBUTOR_OPD, region=region("64.72"), opd_name="Bappeda"),
        actor="test",
    )
    assert access.roles_of(balikpapan_operator) == {"operator_daerah", "kontributor_opd"}
    assert access.opd_scopes(balikpapan_operator) == [(region("64.72").pk, "Bappeda")]


def test_a_revoked_role_and_a_deactivated_account_grant_nothing(balikpapan_operator, central_admin):
    assignment = balikpapan_operator.role_assignments.get()
    actions.do_revoke_role(assignment, actor=central_admin)
    assert access.roles_of(balikpapan_operator) == set()
    other = make_person("operator2@balikpapan.go.id", Role.OPERATOR_DAERAH, "64.71")
    actions.do_deactivate_user(other, actor=central_admin)
    other.refresh_from_db()
    assert access.roles_of(other) == set()


def test_the_region_level_must_fit_the_role(central_admin, balikpapan_operator):
    with pytest.raises(actions.AccountError, match=r"Regency/city|Kabupaten/kota"):
        actions.do_assign_role(
            balikpapan_operator,
            AssignmentSpec(role=Role.OPERATOR_DAERAH, region=region("64")),
            actor=central_admin,
        )
    with pytest.raises(actions.AccountError):
        actions.do_assign_role(
            balikpapan_operator,
            AssignmentSpec(role=Role.VERIFIKATOR_PROVINSI, region=region("64.71")),
            actor=central_admin,
        )


def test_only_the_central_admin_may_open_another_account(
    central_admin, balikpapan_operator, kaltim_verifier
):
    assert access.access_user_for_admin(central_admin, balikpapan_operator.pk) == (
        balikpapan_operator
    )
    with pytest.raises(Http404) as forbidden:
        access.access_user_for_admin(kaltim_verifier, balikpapan_operator.pk)
    with pytest.raises(Http404) as missing:
        access.access_user_for_admin(central_admin, 999_999)
    assert str(forbidden.value) == str(missing.value)
    with pytest.raises(Http404):
        access.access_audit_log(kaltim_verifier)
    assert access.access_audit_log(central_admin).exists()
