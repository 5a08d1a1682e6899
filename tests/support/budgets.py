"""The query budgets of the pages readers load most, with every cache cleared (the worst case):
tests/system/test_query_budgets.py holds the pages to them, other tests reuse the numbers.
"""

# With caches cleared, as measured; each page also reads, once per content version, what every
# page shows: the version's state, site settings, menu, ads, « Dernière minute », « Les plus
# lus ». Search results take their sections from memory (all categories and countries, two
# queries once per version) rather than joining them for every page of results.
# The article's thread: its outline, one page of comments, and the « Choix de la rédaction »
# of its JSON-LD (comments/threads.py), whatever the thread's length.
# The article's tags, other countries and co-authors: one UNION whatever their number
# (articles/relations.py; tests/articles/test_models.py), hence 13, not 12.
# One more on every page once per content version: the next scheduled change's second question,
# which article leaves the Google News sitemap's 48 hours first (articles/caching.py), asked
# apart so that a busy window is one row read, not all of them.
BUDGETS = {"article": 14, "home": 14, "category": 10, "search": 10}
