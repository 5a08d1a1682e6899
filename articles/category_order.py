"""The rubrique tree in reading order, for admin lists and choices: each top-level rubrique
(by position, then name) followed by its sub-rubriques (by position, then name).

Plain ORDER BY terms, so Django's admin applies them everywhere it orders rubriques: the
rubrique list, the « Par rubrique » filter and every rubrique choice in a form. Exact for two
levels, the depth the newsroom uses; a third level sorts with its parent's siblings.
"""

from django.db.models import F
from django.db.models.functions import Coalesce

TREE_ORDER = [
    Coalesce("parent__position", "position"),  # the top-level rubrique's place…
    Coalesce("parent__name", "name"),
    Coalesce("parent_id", "id"),  # …then namesakes kept apart
    F("parent_id").asc(nulls_first=True),  # the top-level rubrique before its children
    "position",
    "name",
]
