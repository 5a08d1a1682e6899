"""Embedded media (YouTube, X, Facebook…): oEmbed data fetched once at save, shown as
click-to-load facades. Imports no app of ours: `articles` calls into it."""
