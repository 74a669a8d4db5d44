import django.core.validators
from django.db import migrations, models

import accounts.seals


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_office_legal_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="seal",
            field=models.FileField(
                blank=True,
                help_text="The acting body's seal as a PNG or SVG image of at most 512 KB, printed over its name on the office's written decisions. Blank: they are sealed by hand.",
                storage=accounts.seals.seal_storage,
                upload_to=accounts.seals.seal_upload_to,
                validators=[
                    django.core.validators.FileExtensionValidator(allowed_extensions=["png", "svg"]),
                    accounts.seals.validate_seal_file,
                ],
                verbose_name="seal image",
            ),
        ),
    ]
