"""Article extraction: a page's bytes → ``Article`` or ``Rejected(reason)``.

The pure core: works without a database or settings::

    from naql.extract import extract_article
    result = extract_article(html_bytes, url="https://outlet.example/news/1")
"""

from naql.extract.model import Article, ExtractOptions, RejectReason, Rejected
from naql.extract.pipeline import extract_article

__all__ = ["Article", "ExtractOptions", "RejectReason", "Rejected", "extract_article"]
