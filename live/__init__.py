"""En direct: live coverage of a night that matters (an election count, a summit, a crisis).

A coverage is an article (its address, section, country, image and comments) with a state and
short timestamped entries; readers' pages poll a tiny update document and fetch new entries
one by one, so the newsroom's busiest night costs the servers little (docs/live.md).
"""
