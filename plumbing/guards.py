"""Requests no page can answer, turned away before any middleware or view looks them up.

A NUL byte (`%00`) names no page, and PostgreSQL refuses it in any text it is asked to compare:
left to go through, such a path reaches every lookup keyed on the address (old addresses,
slugs, the page cache) and each of them would fail with a 500 instead of a 404. Query strings
and form fields are not touched here: the forms that read them refuse or strip control
characters with a message of their own (search, comments).
"""

from django.shortcuts import render


class NulPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            # The site's 404 page (sitewide.views.page_not_found renders the same template).
            return render(request, "404.html", status=404)
        return self.get_response(request)
