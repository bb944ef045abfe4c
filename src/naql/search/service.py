"""The functions other parts of naql call, in one place to import them from."""

from naql.search.engine import Hit, SearchPage, search
from naql.search.indexing import index_article, reindex, unindex_article
from naql.search.query import Notice

__all__ = ["Hit", "Notice", "SearchPage", "index_article", "reindex", "search", "unindex_article"]
