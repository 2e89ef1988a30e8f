"""python manage.py audit verify [--chain N] [--anchors FILE] | seal | checkpoint"""

from django.core.management.base import BaseCommand, CommandError

from courtops.core.services.audit import (
    audit_checkpoint,
    audit_seal_all,
    audit_verify,
    read_anchor_file,
)


class Command(BaseCommand):
    help = (
        "Audit trail: 'seal' links unsealed events into their chains; 'checkpoint' records each "
        "chain's length and head hash; 'verify' walks every chain and holds it against its "
        "head and every checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal", "checkpoint"])
        parser.add_argument(
            "--chain", type=int, default=None, help="court id (0 = installation-wide)"
        )
        parser.add_argument(
            "--anchors",
            default=None,
            help="a copy of the anchor file (JSON lines) kept outside the database",
        )

    def handle(self, *args, action, chain=None, anchors=None, **options):
        if action == "seal":
            results = audit_seal_all()
            total = sum(r.sealed for r in results)
            self.stdout.write(
                f"sealed {total} event(s) in {len({r.chain for r in results})} chain(s)"
            )
            return
        if action == "checkpoint":
            audit_seal_all()
            written = audit_checkpoint()
            for c in written:
                self.stdout.write(f"checkpoint chain {c.chain}: {c.seq} link(s), head {c.hash}")
            self.stdout.write(f"{len(written)} checkpoint(s) written")
            return
        extra = read_anchor_file(anchors) if anchors else []
        checked, problems = audit_verify(chain=chain, anchors=extra)
        for p in problems:
            where = f"at link {p.seq}" if p.seq is not None else ""
            event = f" (event {p.event_id})" if p.event_id is not None else ""
            self.stderr.write(f"BROKEN chain {p.chain} {where}{event}: {p.problem}")
        if problems:
            raise CommandError(f"{len(problems)} chain(s) broken; {checked} link(s) checked")
        self.stdout.write(f"OK: {checked} link(s) checked, every chain intact")
