from django.core.management.base import BaseCommand

from courtops.core import i18n


class Command(BaseCommand):
    help = "Extract translatable strings into every catalogue (needs xgettext) and list the gaps."

    def handle(self, *args, **options):
        i18n.extract()
        for path, ids in i18n.untranslated().items():
            self.stdout.write(f"{path}: {len(ids)} untranslated")
            for msgid in ids:
                self.stdout.write(f"  {msgid!r}")
