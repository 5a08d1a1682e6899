from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_stored_search_vectors")]

    operations = []
