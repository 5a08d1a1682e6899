"""What an import did: counts per kind and outcome, and every problem with its WordPress ID.

Problems go to a spooled temporary file rather than a list: an export of ten years can carry
tens of thousands of them (one missing image per post), and memory must not grow with the file.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

KINDS = {
    "category": gettext_lazy("rubriques"),
    "country": gettext_lazy("pays"),
    "tag": gettext_lazy("étiquettes"),
    "author": gettext_lazy("auteurs"),
    "post": gettext_lazy("articles"),
    "page": gettext_lazy("pages"),
    "attachment": gettext_lazy("fichiers joints"),
    "file": gettext_lazy("images"),
    "comment": gettext_lazy("commentaires"),
    "redirect": gettext_lazy("anciennes adresses"),
    "other": gettext_lazy("autres éléments"),
}
# The kinds whose noun is feminine: « rubriques : 1 importés » (a newsroom's trial).
FEMININE = {"category", "tag", "page", "file", "redirect"}
OUTCOMES = {
    "created": (
        ngettext_lazy("%(count)s importé", "%(count)s importés", "count"),
        ngettext_lazy("%(count)s importée", "%(count)s importées", "count"),
    ),
    "updated": (
        ngettext_lazy("%(count)s mis à jour", "%(count)s mis à jour", "count"),
        ngettext_lazy("%(count)s mise à jour", "%(count)s mises à jour", "count"),
    ),
    "unchanged": (
        ngettext_lazy("%(count)s inchangé", "%(count)s inchangés", "count"),
        ngettext_lazy("%(count)s inchangée", "%(count)s inchangées", "count"),
    ),
    "skipped": (
        ngettext_lazy("%(count)s ignoré", "%(count)s ignorés", "count"),
        ngettext_lazy("%(count)s ignorée", "%(count)s ignorées", "count"),
    ),
    # Articles only: how many had links to other old articles pointed at their new address.
    "links": (
        ngettext_lazy(
            "%(count)s aux liens internes réécrits",
            "%(count)s aux liens internes réécrits",
            "count",
        ),
    )
    * 2,
}


class Report:
    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.problem_count = 0
        self._problems = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by close()
            max_size=1024 * 1024, mode="w+", encoding="utf-8"
        )

    def count(self, kind: str, outcome: str, amount: int = 1) -> None:
        if amount:
            self.counts[kind][outcome] += amount

    def problem(self, kind: str, wp_id, message: str) -> None:
        self.problem_count += 1
        label = KINDS.get(kind, kind)
        # « articles 11 : … », the colon spaced as French spaces it (it said « articles 11: »).
        where = f"{label} {wp_id}" if wp_id not in (None, "") else str(label)
        line = f"{where}\u00a0: {message}"
        self._problems.write(line.replace("\n", " ") + "\n")

    def problems(self) -> Iterator[str]:
        self._problems.flush()
        self._problems.seek(0)
        for line in self._problems:
            yield line.rstrip("\n")
        self._problems.seek(0, 2)

    def total(self, kind: str, outcome: str) -> int:
        return self.counts.get(kind, Counter())[outcome]

    def summary_lines(self) -> list[str]:
        lines = []
        for kind, label in KINDS.items():
            counts = self.counts.get(kind)
            if not counts:
                continue
            feminine = kind in FEMININE
            parts = [
                OUTCOMES[outcome][feminine] % {"count": counts[outcome]}
                for outcome in OUTCOMES
                if counts[outcome]
            ]
            lines.append(f"{label} : " + ", ".join(parts))
        lines.append(
            ngettext(
                "%(count)s problème signalé", "%(count)s problèmes signalés", self.problem_count
            )
            % {"count": self.problem_count}
        )
        return lines

    def close(self) -> None:
        self._problems.close()
