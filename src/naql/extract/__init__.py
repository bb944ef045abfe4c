"""Article extraction: a page's bytes → ``Article`` or ``Rejected(reason)``.

The pure core: works without a database or settings::

    from naql.extract import extract_article, learn_boilerplate, ExtractOptions
    result = extract_article(html_bytes, url="https://outlet.example/news/1")
    lines = learn_boilerplate(pages_of_one_site)          # an aggregator's intro/outro templates
    result = extract_article(page, options=ExtractOptions(boilerplate_lines=lines))
"""

from naql.extract.model import Article, ExtractOptions, Rejected, RejectReason, SiteRules
from naql.extract.pipeline import extract_article
from naql.extract.quality import token_f1
from naql.extract.unwrap import learn_boilerplate

__all__ = [
    "Article", "ExtractOptions", "RejectReason", "Rejected", "SiteRules", "extract_article",
    "learn_boilerplate", "token_f1",
]
