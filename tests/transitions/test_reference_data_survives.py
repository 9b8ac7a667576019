"""Reference data loaded by data migrations must be there in every test, transactional or not."""

import pytest

from transitions.models import Axis


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_referential():
    assert Axis.objects.count() == 33


@pytest.mark.django_db(transaction=True)
def test_a_second_transactional_test_still_sees_the_referential_after_a_flush():
    Axis.objects.filter(code="P1-a").update(label_fr="modifié")
    assert Axis.objects.count() == 33
