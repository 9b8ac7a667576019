"""Every model of the core and of territories is in the admin, with working lists."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

ESS_MODELS = {"organisation", "relationship"}  # owned by the ESS-map feature


def core_models():
    for label in ("transitions", "territories"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name not in ESS_MODELS:
                yield model


@pytest.mark.parametrize("model", list(core_models()), ids=lambda m: m._meta.label)
def test_each_model_has_an_admin_list_with_filters_and_search(admin_client, model, world):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, model
    assert model_admin.search_fields and (model_admin.list_filter or model_admin.list_display)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url, {"q": "a"}).status_code == 200


def test_a_stage_status_is_read_only_and_changes_through_the_service(admin_client, monkeypatch):
    from tests.factories import CohortFactory
    from transitions import hooks
    from transitions.models import Stage, StageStatus

    opened = []
    monkeypatch.setitem(hooks._on_open, "agora", [opened.append])
    stage = CohortFactory().stages.get(kind="agora")
    change = reverse("admin:transitions_stage_change", args=[stage.pk])
    assert 'name="status"' not in admin_client.get(change).content.decode()

    changelist = reverse("admin:transitions_stage_changelist")
    admin_client.post(changelist, {"action": "open_stages", "_selected_action": [stage.pk]})
    assert Stage.objects.get(pk=stage.pk).status == StageStatus.OPEN
    assert [s.pk for s in opened] == [stage.pk]  # the stage-opened hooks ran
    admin_client.post(changelist, {"action": "close_stages", "_selected_action": [stage.pk]})
    assert Stage.objects.get(pk=stage.pk).status == StageStatus.CLOSED
