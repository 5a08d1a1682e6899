"""URL converters that refuse what the database cannot hold, so bad ids are 404s, not 500s."""


class DatabaseIdConverter:
    """A positive id that fits a 64-bit integer (18 digits at most)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
