"""Requests no page can answer: made harmless before any middleware or view looks them up (a
NUL in the path), answered with a page rather than a blank (a method the address does not
take), or sent on with what they carry (a form posted to an address without its last slash).

A NUL byte (`%00`) names no page, and PostgreSQL refuses it in any text it is asked to compare:
left as it is, such a path reaches every lookup keyed on the address (old addresses, slugs,
the page cache) and each of them would fail with a 500 instead of a 404. It becomes U+FFFD, the
replacement character a decoder puts for what it cannot read: the path still names no page
(no slug or pattern holds one), and the rest of the stack answers it as any unknown address —
the site's 404 in the address's language, with the headers of every page. (Answering here,
above the security and language middleware, gave a 404 without them, in the language the
thread served last.) Query strings and form fields are not touched here: the forms that read
them refuse or strip control characters with a message of their own (search, comments).
"""

from django.http import HttpResponsePermanentRedirect
from django.middleware.common import CommonMiddleware
from django.shortcuts import render
from django.utils.http import escape_leading_slashes

NUL, REPLACEMENT = "\x00", "\N{REPLACEMENT CHARACTER}"


class NulPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            request.path_info = request.path_info.replace(NUL, REPLACEMENT)
            request.path = request.path.replace(NUL, REPLACEMENT)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A method the address does not take (a form sent to the search, which only reads):
    Django answers 405 with no body, a blank page; this says so in the page's language, with
    the same `Allow`. Below the language middleware, so the language is the address's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method != "HEAD":
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


class SlashRedirectMiddleware(CommonMiddleware):
    """Django's CommonMiddleware, but a form posted to an address without its last slash (a
    mail client or a hand-typed action drops it: /contact) is sent on with a 308, which the
    browser follows with the same method and form: Django's 301 made it a GET and lost the
    form, and with DEBUG on (`make run`) it answered a 500 (a reader's trial)."""

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and request.method not in ("GET", "HEAD")
            and self.should_redirect_with_slash(request)
        ):
            path = escape_leading_slashes(request.get_full_path(force_append_slash=True))
            response = HttpResponsePermanentRedirect(path, preserve_request=True)
        return super().process_response(request, response)
