"""Reading a WordPress export (wordpress/wxr.py): hostile or broken files stop the import with
a clear message, before anything is written. The files sit beside tests/wordpress/sample.xml."""

import pytest
from django.core.management import CommandError

from tests.support.factories import jpeg_file
from tests.support.text import fr
from tests.support.wordpress import HERE, counts, run_import
from wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", fr("déclare une DTD ou des entités XML : refusé")),
        ("xxe.xml", "(XXE)"),
        ("truncated.xml", "Le fichier est tronqué ou n'est pas du XML bien formé"),
        ("malformed.xml", "n'est pas du XML bien formé (ligne 6"),
        (
            "not_wxr.xml",
            fr("n'est pas une exportation WordPress (WXR) : il manque <wp:wxr_version>"),
        ),
    ],
)
def test_hostile_or_broken_files_stop_with_a_clear_message_and_import_nothing(name, message):
    with pytest.raises(CommandError) as error:
        run_import(HERE / name)
    assert str(error.value).startswith("Rien n'a été importé.")
    assert message in str(error.value)
    assert counts() == {key: 0 for key in counts()}
    assert not WordPressItem.objects.exists()
    assert "root:" not in str(error.value)


def test_a_file_that_is_not_xml_at_all(tmp_path):
    picture = tmp_path / "export.xml"
    picture.write_bytes(jpeg_file(10, 10).read())
    with pytest.raises(CommandError, match="XML bien formé"):
        run_import(picture)
