"""``python -m tests.subscriptions.crash_setup N``: fill a fresh database with N daily
subscribers and a few published stories, and print the time their edition is due.

A separate process on purpose: the crash test's sender must see this data in a real database
file or server, not in the test process's transaction.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta


def main() -> None:
    import django

    django.setup()
    from django.utils import timezone

    from naql.news.models import Article, StageState, Story
    from naql.sources.models import Policy, Source
    from naql.subscriptions.models import Status, Subscriber
    from naql.subscriptions.schedule import next_daily

    count = int(sys.argv[1])
    now = timezone.now()
    due = next_daily(now + timedelta(hours=1), 7, "Asia/Riyadh")
    source = Source.objects.create(slug="wire", name="وكالة الأنباء", policy=Policy.EXCERPT,
                                   homepage="https://wire.example/")
    for n in range(5):
        story = Story.objects.create(title=f"قصة رقم {n} عن الاجتماع الوزاري")
        article = Article.objects.create(
            source=source, url=f"https://wire.example/{n}", title=story.title,
            body_text="فقرة أولى من الخبر.\n\nفقرة ثانية.", body_html="", story=story,
            published_at=now, state=StageState.DONE,
        )
        story.representative = article
        story.save()
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{i:05d}@example.com", status=Status.ACTIVE, frequency="daily",
                    confirmed_at=now - timedelta(days=1), covered_until=now - timedelta(hours=1),
                    next_due_at=due)
         for i in range(count)],
        batch_size=1000,
    )
    print(json.dumps({"due": due.isoformat()}))


if __name__ == "__main__":
    main()
