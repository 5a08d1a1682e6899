"""The desk's two people: an Éditeur and a Rédacteur (tests/desk/)."""

import pytest

from tests.support.factories import StaffFactory


@pytest.fixture
def editor():
    return StaffFactory(role="Éditeur", first_name="Aminata", last_name="Diallo")


@pytest.fixture
def writer():
    return StaffFactory(role="Rédacteur", first_name="Kofi", last_name="Mensah")
