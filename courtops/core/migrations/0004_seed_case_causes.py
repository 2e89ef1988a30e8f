from django.db import migrations


def seed(apps, schema_editor):
    from courtops.core.cases.causes import seed_national_causes

    seed_national_causes(apps.get_model("core", "CaseCause"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_case_register")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
