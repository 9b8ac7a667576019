"""The récit: written by the delegation, dated, illustrated by a checked image, and
never overwritten unseen."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trajectory.models import StoryEntry
from trajectory.services import story_entry_create

pytestmark = pytest.mark.django_db


def _png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def _entry(world):
    return story_entry_create(
        delegation=world.delegation_a,
        user=world.agent_a,
        kind="key_event",
        happened_on=dt.date(2025, 9, 1),
        title="La gare rouvre",
    )


@pytest.mark.parametrize(
    ("persona", "may_write"),
    [
        ("agent_a", True),
        ("elu", True),
        ("facilitator", True),
        ("agent_b", False),
        ("researcher", False),
        ("outsider", False),
    ],
)
def test_the_recit_is_written_by_the_delegation_and_its_facilitators(world, persona, may_write):
    user = world.persona(persona)
    assert user.has_perm("trajectory.add_storyentry", world.delegation_a) is may_write


def test_a_participant_adds_an_illustrated_entry(client, world):
    client.force_login(world.elu)
    response = client.post(
        reverse("trajectory:story-create", args=[world.delegation_a.pk]),
        {
            "kind": "white_pebble",
            "happened_on": "2026-02-03",
            "title": "Premier dépôt de paniers",
            "text": "Quarante familles.",
            "image": SimpleUploadedFile("paniers.png", _png_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    entry = StoryEntry.objects.get()
    assert entry.image_name == "paniers.png" and "paniers" not in entry.image.name
    image = client.get(reverse("trajectory:story-image", args=[world.delegation_a.pk, entry.pk]))
    assert image.status_code == 200 and "no-store" in image["Cache-Control"]
    client.force_login(world.agent_b)
    assert (
        client.get(
            reverse("trajectory:story-image", args=[world.delegation_a.pk, entry.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html></html>", "formats acceptés"),
        ("faux.png", b"<svg onload=alert(1)>", "pas une image lisible"),
    ],
)
def test_a_file_that_is_not_an_accepted_image_is_refused_and_nothing_is_saved(
    client, world, name, content, message
):
    client.force_login(world.agent_a)
    response = client.post(
        reverse("trajectory:story-create", args=[world.delegation_a.pk]),
        {
            "kind": "key_event",
            "happened_on": "2026-02-03",
            "title": "Avec image",
            "image": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not StoryEntry.objects.exists()


def test_a_stale_edit_is_refused_with_the_differences(client, world):
    entry = _entry(world)
    url = reverse("trajectory:story-update", args=[world.delegation_a.pk, entry.pk])
    client.force_login(world.agent_a)
    form = client.get(url).context["form"]
    fingerprint = form.initial["fingerprint"]
    StoryEntry.objects.filter(pk=entry.pk).update(title="Titre du collègue")
    response = client.post(
        url,
        {
            "kind": "key_event",
            "happened_on": "2025-09-01",
            "title": "Mon titre",
            "fingerprint": fingerprint,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Titre du collègue" in body and "Mon titre" in body
    entry.refresh_from_db()
    assert entry.title == "Titre du collègue"
    # Keep mine: the page now carries the saved row's fingerprint.
    again = response.context["form"].data.copy()
    assert client.post(url, again).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Mon titre"


def test_a_bad_date_is_a_clear_message_not_an_error_page(client, world):
    client.force_login(world.agent_a)
    response = client.post(
        reverse("trajectory:story-create", args=[world.delegation_a.pk]),
        {"kind": "nope", "happened_on": "pas une date", "title": ""},
    )
    assert response.status_code == 422
    assert not StoryEntry.objects.exists()
