"""`data_saver` in every template: the reader's browser asked for light pages (`Save-Data: on`).
Both page caches key on the same normalised reading (tagcache.pages.saves_data, nginx's
$le_portail_saver), so the light page is never served for the full one, nor the reverse."""

from tagcache.pages import saves_data


def data_saver(request) -> dict:
    return {"data_saver": saves_data(request)}
