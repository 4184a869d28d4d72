"""Organisation names become unique whatever their case.

A database may already hold two organisations whose names differ only in case (nothing refused
them before): the later ones are renamed "Name (2)", "Name (3)"... first, so the constraint can
be added and no upgrade fails. Nothing else about them changes.
"""

import django.db.models.functions.text
from django.db import migrations, models


def rename_duplicates(apps, schema_editor):
    Organisation = apps.get_model("assessments", "Organisation")
    taken = set()
    for organisation in Organisation.objects.order_by("pk"):
        name, number = organisation.name, 1
        while name.lower() in taken:
            number += 1
            name = f"{organisation.name} ({number})"
        if name != organisation.name:
            organisation.name = name
            organisation.save(update_fields=["name"])
        taken.add(name.lower())


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_results"),
    ]

    operations = [
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message="An organisation of this name already exists.",
            ),
        ),
    ]
