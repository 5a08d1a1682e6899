"""Talking to the desk's addresses the way the article form's script does, and reading the
article form's fields the way a browser would send them (tests/desk/)."""

import json
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def autosave_url(article=None) -> str:
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def autosave(client, article=None, **fields):
    return client.post(
        autosave_url(article), json.dumps({"fields": fields}), content_type="application/json"
    )


class FormReader(HTMLParser):
    """The fields a browser would send from the page's article form, as they are shown."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.setdefault(self.select, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea][-1] += data.removeprefix("\n")


def form_of(response) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.fields
