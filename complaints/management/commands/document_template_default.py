"""`manage.py document_template_default --out PATH`: build the shipped Word template.

The output is committed as complaints/documents/default.docx (the rendering reads that file
and never builds it). Run it again after changing complaints/documents/default_template.py,
and commit the new file.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from complaints.documents.default_template import build_default_template
from complaints.documents.docx import DEFAULT_TEMPLATE


class Command(BaseCommand):
    help = "Build the default Word template of the issued documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            default=str(DEFAULT_TEMPLATE),
            help="Where to write the .docx (default: complaints/documents/default.docx).",
        )

    def handle(self, *args, out, **options):
        path = Path(out)
        path.write_bytes(build_default_template())
        self.stdout.write(f"Default Word template written to {path}.")
