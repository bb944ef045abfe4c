"""``python -m naql.subscriptions.sender``: a sending worker process, until ``naql mail send-due``
covers every option here. The crash test runs it, SIGKILLs it and runs it again.

``--drain`` waits for leases left by a dead worker to run out and sends those too, so one run
after a crash leaves nothing pending.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timedelta


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m naql.subscriptions.sender")
    p.add_argument("--now", help="ISO 8601 time editions are planned for (default: now)")
    p.add_argument("--lease-seconds", type=float, default=120.0)
    p.add_argument("--batch", type=int, default=100, help="messages leased at a time")
    p.add_argument("--rate", type=float, default=0.0,
                   help="messages per second over all connections, 0 = no limit")
    p.add_argument("--connections", type=int, default=1,
                   help="SMTP connections in parallel (also the most messages a crash can repeat)")
    p.add_argument("--drain", action="store_true", help="wait out other workers' leases")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Plan what is due, deliver, and print the counts as JSON."""
    args = _parse(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    from django.utils import timezone

    from naql.subscriptions.delivery import DeliveryPolicy
    from naql.subscriptions.models import OutboxMessage, OutboxState
    from naql.subscriptions.services import send_due

    now = datetime.fromisoformat(args.now) if args.now else timezone.now()
    policy = DeliveryPolicy(batch=args.batch, lease=timedelta(seconds=args.lease_seconds),
                            max_per_second=args.rate, connections=max(1, args.connections))
    report = send_due(now, policy)
    totals = report.as_dict()
    while args.drain and OutboxMessage.objects.filter(
        state=OutboxState.PENDING, next_attempt_at__lte=timezone.now()
    ).exists():
        time.sleep(min(1.0, args.lease_seconds / 4))
        for key, value in send_due(now, policy).as_dict().items():
            totals[key] += value
    print(json.dumps(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
