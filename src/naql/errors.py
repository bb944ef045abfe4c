"""The one tree of naql's errors.

Expected outcomes (a page that is not an article, a feed with no items) are values, not
exceptions; these classes are for failures that stop one unit of work and must be reported::

    NaqlError                      base of everything naql raises on purpose
    ├── ConfigError                a setting or command-line value is unusable
    ├── FetchError                 an HTTP exchange failed (carries url, and status if any)
    │   ├── TransientFetchError    worth retrying later: timeouts, 5xx, 429, connection resets
    │   │   ├── RateLimited        429/503 with Retry-After (carries retry_after seconds)
    │   │   ├── FetchTimeout       connect, read or total time cap exceeded
    │   │   └── Deferred           not tried: its host is backing off (carries retry_after)
    │   ├── PermanentFetchError    not worth retrying soon: 4xx, bad URL, redirect loop
    │   │   ├── TooManyRedirects   more redirects than the policy allows
    │   │   └── RedirectLoop       a redirect chain came back to a URL it had visited
    │   ├── TooLarge               body or decompressed body over the configured cap
    │   └── DisallowedByRobots     robots.txt forbids the URL for our User-Agent
    ├── ParseError                 a feed, sitemap or page could not be parsed at all
    │   ├── UnsafeDocument         XML with entity declarations (billion laughs, XXE)
    │   └── NotAFeed               the document is something else (an HTML page served as RSS)
    ├── InputError                 a user-supplied file or record is unusable (missing, empty, bad JSON)
    └── MailError                  an email could not be built or handed to SMTP
        ├── TransientMailError     retry later (4xx SMTP replies, connection trouble)
        └── PermanentMailError     the address or message is refused for good (5xx replies)

Every message says what went wrong and, where it can, what to do about it.
"""

from __future__ import annotations


class NaqlError(Exception):
    """Base class: catching it catches every failure naql reports on purpose."""


class ConfigError(NaqlError):
    """A setting or a command-line value cannot be used as given."""


class FetchError(NaqlError):
    """An HTTP exchange failed; ``url`` names the resource, ``status`` the HTTP status if any."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status

    @property
    def kind(self) -> str:
        """A short stable name for the failure, shown in source health and counted in metrics."""
        return type(self).__name__


class TransientFetchError(FetchError):
    """Worth retrying after a backoff: timeouts, connection errors, 5xx and 429 replies."""


class RateLimited(TransientFetchError):
    """The server asked us to slow down (429 or 503); ``retry_after`` is in seconds, if given."""

    def __init__(
        self, message: str, *, url: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, url=url, status=status)
        self.retry_after = retry_after


class FetchTimeout(TransientFetchError):
    """The connect, read or total time cap of the policy ran out before the body was complete."""


class Deferred(TransientFetchError):
    """The crawler did not send this request: its host is backing off (after errors or a
    Retry-After) for longer than the crawl may wait. ``retry_after`` says when to try again."""

    def __init__(self, message: str, *, url: str, retry_after: float) -> None:
        super().__init__(message, url=url)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    """Not worth retrying soon: 4xx replies, unsupported schemes, redirect loops."""


class TooManyRedirects(PermanentFetchError):
    """The redirect chain is longer than the policy's ``max_redirects``."""


class RedirectLoop(PermanentFetchError):
    """A redirect pointed back to a URL already visited in the same chain."""


class TooLarge(FetchError):
    """The body, or its decompressed form, is larger than the configured cap."""


class DisallowedByRobots(FetchError):
    """robots.txt of the host forbids this URL for our User-Agent."""


class ParseError(NaqlError):
    """A feed, sitemap or page could not be parsed at all (partial results are not errors)."""


class UnsafeDocument(ParseError):
    """An XML document declares entities or external resources; we refuse to expand them."""


class NotAFeed(ParseError):
    """The document parsed, but it is not a feed or sitemap (typically an HTML page)."""


class InputError(NaqlError):
    """A file or record the user gave us cannot be used: missing, empty, not the expected format."""


class MailError(NaqlError):
    """An email could not be built or handed over to the SMTP server."""


class TransientMailError(MailError):
    """The SMTP server refused for now (4xx) or the connection failed; retry with backoff."""


class PermanentMailError(MailError):
    """The SMTP server refused for good (5xx): the address is marked and not tried again."""
