"""Serve an EDGAR-shaped folder as a fake EDGAR on 127.0.0.1 until interrupted (for the demo and manual runs)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools.fake_edgar.server import FakeEdgar


class Command(BaseCommand):
    help = "Run the project's fake EDGAR over a folder laid out as <root>/www.sec.gov/... and <root>/data.sec.gov/..."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--root", required=True, type=Path, help="EDGAR-shaped folder to serve (read only)")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001, help="0 picks a free port")
        parser.add_argument(
            "--rate-limit", type=float, default=10.0, help="requests per second per client; 0 turns the limit off"
        )
        parser.add_argument(
            "--rate-block-seconds", type=float, default=600.0, help="how long a client over the limit stays blocked"
        )
        parser.add_argument("--verbose-requests", action="store_true", help="log every request")

    def handle(self, *args, **options) -> None:
        root: Path = options["root"]
        if not (root / "www.sec.gov").is_dir() and not (root / "data.sec.gov").is_dir():
            raise CommandError(f"{root} has neither www.sec.gov/ nor data.sec.gov/: not an EDGAR-shaped folder")
        fake = FakeEdgar(
            root,
            host=options["host"],
            port=options["port"],
            rate_limit=options["rate_limit"] or None,
            rate_block_seconds=options["rate_block_seconds"],
            quiet=not options["verbose_requests"],
        )
        try:
            fake.start()
        except OSError as exc:
            raise CommandError(f"cannot listen on {options['host']}:{options['port']}: {exc}") from exc
        # Printed as shell assignments so a parent process (the demo) can read them back.
        self.stdout.write(f"EDGAR_ARCHIVES_URL={fake.archives_url}")
        self.stdout.write(f"EDGAR_DATA_URL={fake.data_url}")
        self.stdout.flush()
        try:
            fake.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()
            s = fake.stats()
            self.stderr.write(
                f"fake EDGAR stopped after {s['requests']} requests "
                f"(max {s['max_in_any_second']} in one second, {s['rate_limited']} rate limited)"
            )
