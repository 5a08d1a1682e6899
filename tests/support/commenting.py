"""Posting a comment through the form, the way a reader's browser does."""

TYPED = {
    "body": "Très bonne analyse, mais qu'en est-il du Togo ?\nJe m'interroge.",
    "name": "Kofi Mensah",
    "email": "kofi@example.org",
    "website": "https://kofi.example.org/blog",
    "remember": "on",
}


def post(client, article, token="jeton-valide", **changes):
    data = {**TYPED, "captcha": token, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"/commentaires/{article.slug}/envoyer/", data)
