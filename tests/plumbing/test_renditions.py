"""WebP renditions (plumbing/renditions.py): made once per width, at the picture's upright size,
and made again when one goes missing."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from PIL import Image, ImageFile

from plumbing.renditions import ORIENTATION, make_renditions, rendition_name

TURNED_A_QUARTER = 6  # EXIF: rotate 90° clockwise to display


class StoredPicture:
    """What `make_renditions` reads: a stored file it opens by name (an image field's file)."""

    def __init__(self, storage, name):
        self.storage, self.name, self.file = storage, name, None

    def __bool__(self):
        return True

    def open(self, mode="rb"):
        self.file = self.storage.open(self.name, mode)

    def read(self, *args):
        return self.file.read(*args)

    def seek(self, *args):
        return self.file.seek(*args)

    def tell(self):
        return self.file.tell()

    def close(self):
        self.file.close()


def stored_picture(storage, size, *, orientation=None, name="photos/portrait.jpg"):
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = BytesIO()
    image_format = "PNG" if name.endswith(".png") else "JPEG"
    Image.new("RGB", size, (180, 60, 40)).save(buffer, image_format, exif=exif)
    return StoredPicture(storage, storage.save(name, ContentFile(buffer.getvalue())))


def test_a_photo_taken_sideways_gets_renditions_of_its_upright_width(tmp_path):
    """Stored 1,600 × 1,000 but shown 1,000 wide: no 1,200 px rendition (wider than it is)."""
    storage = FileSystemStorage(location=tmp_path)
    picture = stored_picture(storage, (1600, 1000), orientation=TURNED_A_QUARTER)

    names = make_renditions(picture, storage=storage)

    assert names == [rendition_name(picture.name, width) for width in (1000, 800, 480)]
    with storage.open(names[0]) as widest:
        assert Image.open(widest).size == (1000, 1600)


@pytest.mark.parametrize(
    ("name", "orientation"),
    [("photos/portrait.jpg", TURNED_A_QUARTER), ("infographies/budget.png", None)],
    ids=["jpeg", "png"],
)
def test_a_second_save_reads_the_header_alone_and_writes_nothing(
    tmp_path, monkeypatch, name, orientation
):
    """Every save of an article comes back here: decoding its photo again cost 65 ms. A PNG
    too: Pillow decodes one whole to look for its EXIF."""
    storage = FileSystemStorage(location=tmp_path)
    picture = stored_picture(storage, (1600, 1000), orientation=orientation, name=name)
    names = make_renditions(picture, storage=storage)
    for name in names:  # were any rewritten, the marker would be gone
        with open(storage.path(name), "ab") as rendition:
            rendition.write(b"kept")

    def decode(image):
        raise AssertionError("the picture was decoded")

    with monkeypatch.context() as patch:
        patch.setattr(ImageFile.ImageFile, "load", decode)
        assert make_renditions(picture, storage=storage) == names
    for name in names:
        with storage.open(name) as rendition:
            assert rendition.read().endswith(b"kept")


def test_a_missing_rendition_is_made_again(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    picture = stored_picture(storage, (1600, 900))
    names = make_renditions(picture, storage=storage)
    storage.delete(names[1])

    assert make_renditions(picture, storage=storage) == names
    with storage.open(names[1]) as remade:
        assert Image.open(remade).size == (800, 450)
