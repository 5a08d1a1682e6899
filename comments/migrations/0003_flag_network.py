"""Reports count once per network (IPv4 address or IPv6 /64), not once per address.

Existing reports get their network; a second report from a network already counted for the
same comment keeps its row (and address) but no network, so it no longer counts. Counters are
left as they are: a moderator's earlier decisions reset them, and recounting would undo that.
"""

import ipaddress

from django.db import migrations, models


def network_of(ip):
    """The same rule as plumbing.clientip.network_of, frozen here as migrations must be."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv4Address):
        return str(address)
    return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)


def fill_networks(apps, schema_editor):
    Flag = apps.get_model("comments", "Flag")
    seen = set()
    changed = []
    for flag in Flag.objects.exclude(ip_address=None).order_by("comment_id", "created_at", "pk"):
        network = network_of(flag.ip_address)
        if network is None or (flag.comment_id, network) in seen:
            continue
        seen.add((flag.comment_id, network))
        flag.network = network
        changed.append(flag)
    Flag.objects.bulk_update(changed, ["network"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_roles"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="flag",
            name="one_flag_per_reader",
        ),
        migrations.AddField(
            model_name="comment",
            name="flags_notified_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="signalements notifiés le"
            ),
        ),
        migrations.AddField(
            model_name="flag",
            name="network",
            field=models.GenericIPAddressField(
                blank=True, editable=False, null=True, verbose_name="réseau"
            ),
        ),
        migrations.RunPython(fill_networks, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.UniqueConstraint(
                fields=("comment", "network"), name="one_flag_per_network"
            ),
        ),
    ]
