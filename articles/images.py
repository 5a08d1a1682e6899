"""Where the newsroom's pictures are stored: featured and in-body images, under a dated folder
and a random name. Their WebP renditions are made by plumbing/renditions.py, which the author
portraits and the live coverage's photos share.
"""

from plumbing.uploads import dated_random_name

# Every upload of the media library lives under this folder (renditions live apart, under
# renditions/), so the page can tell from an <img src> alone that the site made renditions for it.
ARTICLE_IMAGE_FOLDER = "articles"
BODY_IMAGE_FOLDER = f"{ARTICLE_IMAGE_FOLDER}/body"


def article_image_path(instance, filename: str) -> str:
    return dated_random_name(ARTICLE_IMAGE_FOLDER, filename)


def body_image_path(instance, filename: str) -> str:
    """Images uploaded for the text live apart from featured ones (both are library entries)."""
    return dated_random_name(BODY_IMAGE_FOLDER, filename)
