from django.core.management.base import BaseCommand, CommandError

from courtops.core import i18n


class Command(BaseCommand):
    help = (
        "Compile every translation catalogue to .mo (no GNU gettext needed); --check fails on gaps."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="fail if any entry is untranslated"
        )

    def handle(self, *args, check=False, **options):
        problems = i18n.untranslated()
        for path, ids in problems.items():
            self.stderr.write(f"{path}: {len(ids)} untranslated, e.g. {ids[:5]}")
        if check and problems:
            raise CommandError("translation catalogues are incomplete")
        written = i18n.compile_all()
        self.stdout.write(f"compiled {len(written)} catalogue(s)")
