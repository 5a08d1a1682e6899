"""Keep the old WordPress site's links alive: its addresses answer 301 to the portal's pages.

It acts in two cases only, so ordinary pages pay nothing:

* a GET for the home page with a WordPress query (`/?p=123`, `/?cat=7`, `/?s=…`): the home
  page would answer 200 to it, so this is decided before the view;
* any other GET that ended in a 404: one indexed query on `LegacyRedirect` (see
  `wordpress/redirects.py`).

It sits just outside the page cache (`tagcache.pages`), which keys the home page on a few
query parameters only: placed inside, a cached home page would answer `/?cat=7`, and a 301
for `/?cat=7` could be stored as the home page.
"""

from django.http import HttpResponsePermanentRedirect

from wordpress.redirects import find_query_redirect, find_redirect


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        if reading and request.path_info == "/" and request.GET:
            url = find_query_redirect(request.GET)
            if url:
                return HttpResponsePermanentRedirect(url)
        response = self.get_response(request)
        if reading and response.status_code == 404:
            url = find_redirect(request.path_info)
            if url:
                if (query := request.META.get("QUERY_STRING")) and "?" not in url:
                    url = f"{url}?{query}"
                return HttpResponsePermanentRedirect(url)
        return response
