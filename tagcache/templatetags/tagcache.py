"""{% cached "name" part… %}…{% endcached %}: a fragment kept until what it shows changes."""

from django import template

from tagcache.store import cached_fragment

register = template.Library()


class CachedNode(template.Node):
    def __init__(self, nodelist, name, parts, tags):
        self.nodelist, self.name, self.parts, self.tags = nodelist, name, parts, tags

    def render(self, context):
        parts = []
        tags = str(self.tags.resolve(context)).split() if self.tags is not None else []
        for value in (part.resolve(context) for part in self.parts):
            # A model instance stands for its row in the key, and brings the tags it shows.
            if hasattr(value, "cache_tags"):
                tags.extend(value.cache_tags)
                parts.append((value._meta.label, value.pk))
            else:
                parts.append(value)
        if (request := context.get("request")) is not None:
            # Fragments may hold absolute URLs (canonical, share links): one per site address.
            parts = [request.scheme, request.get_host(), *parts]
        return cached_fragment(
            self.name.resolve(context), parts, lambda: self.nodelist.render(context), tags=tags
        )


@register.tag
def cached(parser, token):
    """Only for markup that is the same for every reader: no CSRF token, nothing personal.
    Model instances among the parts bring their `cache_tags`; `tags="site taxonomy"` names
    more. What the enclosed template reads through selectors declares itself, but an object
    loaded before the fragment began (a context processor's) must be named here."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached needs a name")
    tags = None
    if bits[-1].startswith("tags="):
        tags = parser.compile_filter(bits.pop()[len("tags=") :])
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return CachedNode(nodelist, parser.compile_filter(bits[1]), parts, tags)
