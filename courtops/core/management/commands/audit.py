"""python manage.py audit verify | seal"""

from django.core.management.base import BaseCommand, CommandError

from courtops.core.services.audit import audit_seal_all, audit_verify


class Command(BaseCommand):
    help = (
        "Audit trail: 'seal' links unsealed events into their chains; 'verify' walks every chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])
        parser.add_argument(
            "--chain", type=int, default=None, help="court id (0 = installation-wide)"
        )

    def handle(self, *args, action, chain=None, **options):
        if action == "seal":
            results = audit_seal_all()
            total = sum(r.sealed for r in results)
            self.stdout.write(
                f"sealed {total} event(s) in {len({r.chain for r in results})} chain(s)"
            )
            return
        checked, problems = audit_verify(chain=chain)
        for p in problems:
            self.stderr.write(
                f"BROKEN chain {p.chain} at link {p.seq} (event {p.event_id}): {p.problem}"
            )
        if problems:
            raise CommandError(f"{len(problems)} chain(s) broken; {checked} link(s) checked")
        self.stdout.write(f"OK: {checked} link(s) checked, every chain intact")
