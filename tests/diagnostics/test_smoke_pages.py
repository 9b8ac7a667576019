"""Every page of a diagnostic renders for a member of the delegation."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_a_member_of_the_delegation(client, world, diagnostic):
    client.force_login(world.agent_a)
    pk = world.diagnostic.pk
    for url in [
        reverse("diagnostics:diagnostic-list"),
        reverse("diagnostics:diagnostic-detail", args=[pk]),
        reverse("diagnostics:principle-edit", args=[pk, 1]),
        reverse("diagnostics:principle-edit", args=[pk, 4]),
        reverse("diagnostics:section-edit", args=[pk, "profil"]),
        reverse("diagnostics:section-edit", args=[pk, "synthese"]),
        reverse("diagnostics:timeline-list", args=[pk]),
        reverse("diagnostics:history-list", args=[pk]),
        reverse("diagnostics:results-detail", args=[pk]),
        reverse("territories:ess-map", args=[world.delegation_a.territory_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
