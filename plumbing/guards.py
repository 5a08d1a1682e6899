"""Requests no page can answer, made harmless before any middleware or view looks them up.

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

NUL, REPLACEMENT = "\x00", "\N{REPLACEMENT CHARACTER}"


class NulPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            request.path_info = request.path_info.replace(NUL, REPLACEMENT)
            request.path = request.path.replace(NUL, REPLACEMENT)
        return self.get_response(request)
