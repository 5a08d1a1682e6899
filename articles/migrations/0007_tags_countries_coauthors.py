from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_workflow_and_seo")]

    operations = []
