"""The evaluation gate: body F1 and title accuracy on the pinned Arabic pages must not fall below
the floors in baseline.json; date accuracy likewise on the pages with a gold date.

Raise a floor when a change lifts the score for good; never lower one to make a change pass.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from statistics import fmean

from naql.extract import Article, extract_article, token_f1

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
BASELINE = json.loads((Path(__file__).with_name("baseline.json")).read_text(encoding="utf-8"))


def _gold_pages() -> list[tuple[Path, dict[str, object]]]:
    out = []
    for gold_path in sorted(PAGES.glob("*/*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out.append((gold_path.with_name(gold_path.name.replace(".gold.json", ".html")), gold))
    return out


def _scores() -> dict[str, float]:
    f1s: list[float] = []
    titles: list[bool] = []
    dates: list[bool] = []
    for page, gold in _gold_pages():
        if gold.get("lang", "ar") != "ar":
            continue
        result = extract_article(page.read_bytes(), url=str(gold["url"]))
        article = result if isinstance(result, Article) else None
        if "body" in gold:
            f1s.append(token_f1(article.text if article else "", str(gold["body"])))
            titles.append(article is not None and article.title.strip() == str(gold["title"]).strip())
        want = gold.get("published_date") or (str(gold["published"])[:10] if gold.get("published") else None)
        if want:
            got = article.published.date().isoformat() if article and article.published else None
            dates.append(got == want)
    return {
        "body_f1": fmean(f1s), "title_accuracy": fmean(titles), "date_accuracy": fmean(dates),
        "pages_with_body": len(f1s), "pages_with_date": len(dates),
    }


def test_scores_stay_above_the_baseline_floors() -> None:
    scores = _scores()
    assert scores["pages_with_body"] >= BASELINE["min_pages_with_body"]
    assert scores["pages_with_date"] >= BASELINE["min_pages_with_date"]
    for key in ("body_f1", "title_accuracy", "date_accuracy"):
        assert scores[key] >= BASELINE[key], f"{key} fell to {scores[key]:.4f} (floor {BASELINE[key]})"


def test_the_gate_can_fail() -> None:
    """The measure is not vacuous: a wrong body scores far below the floor."""
    _page, gold = next((p, g) for p, g in _gold_pages() if "body" in g)
    assert token_f1("نص لا علاقة له بالمقال", str(gold["body"])) < BASELINE["body_f1"] / 2
    assert token_f1(str(gold["body"]), str(gold["body"])) == 1.0
    assert isinstance(datetime.now().year, int)
