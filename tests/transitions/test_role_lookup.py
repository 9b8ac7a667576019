"""One role lookup per request: every rule, selector and navigation entry asks it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import CohortFactory, MembershipFactory, UserFactory
from transitions.context_processors import navigation
from transitions.request_scope import RequestScopeMiddleware
from transitions.roles import roles_of


def _membership_lookups(queries) -> int:
    table = '"transitions_membership"'
    return sum(
        1
        for q in queries
        if q["sql"].lstrip().startswith("SELECT")
        and f"FROM {table}" in q["sql"]
        and f'{table}."user_id" = ' in q["sql"]
    )


def test_the_navigation_costs_one_query_whatever_the_number_of_feature_apps(rf, db):
    user = UserFactory()
    MembershipFactory(user=user, role="facilitator")
    request = rf.get("/")
    request.user = user
    in_a_request = RequestScopeMiddleware(lambda request: navigation(request)["nav_items"])
    # No LocaleMiddleware here: the labels are read in French whatever an earlier test
    # left active in this thread (the English referential page does).
    with translation.override("fr"):
        with CaptureQueriesContext(connection) as queries:
            items = in_a_request(request)
        labels = {str(item["label"]) for item in items}
    assert len(queries) == 1
    assert {"Diagnostics", "Agora", "Territoires"} <= labels


def test_a_page_loads_the_persons_memberships_once_however_many_rules_it_asks(client, db):
    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("transitions:cohort-detail", args=[cohort.pk]))
    assert response.status_code == 200
    assert _membership_lookups(queries.captured_queries) == 1


def test_outside_a_request_every_lookup_reads_fresh_memberships(db):
    cohort = CohortFactory()
    user = UserFactory()
    assert roles_of(user).in_cohort(cohort.pk) == set()
    MembershipFactory(user=user, cohort=cohort, role="researcher")
    assert roles_of(user).in_cohort(cohort.pk) == {"researcher"}
