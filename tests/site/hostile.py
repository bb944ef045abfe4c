"""Hostile article bodies: each tries to run script (sets ``window.__pwned``) or restyle
the page."""

from __future__ import annotations

PAYLOADS = {
    "script": "<p>نص</p><script>window.__pwned = 'script'</script>",
    "img-onerror": "<p>صورة</p><img src=x onerror=\"window.__pwned = 'onerror'\">",
    "js-link": "<p><a id=js-link href=\"javascript:window.__pwned = 'link'\">اضغط هنا</a></p>",
    "js-link-entities": '<a href="&#106;avascript:window.__pwned=1">رابط</a>',
    "svg-script": "<svg><script>window.__pwned = 'svg'</script></svg>",
    "svg-onload": "<svg onload=\"window.__pwned = 'svg-onload'\"><circle r=5 /></svg>",
    "css-expression": '<p style="width: expression(alert(1)); background: url(javascript:x)">'
    "css</p>",
    "style-tag": "<style>body { display: none }</style><p>اختفاء</p>",
    "iframe": "<iframe src=\"javascript:window.__pwned = 'iframe'\"></iframe>",
    "object": '<object data="data:text/html,<script>window.__pwned=1</script>"></object>',
    "breakout": "</div></article><script>window.__pwned = 'breakout'</script>",
    "mxss": "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    "form": '<form action="javascript:window.__pwned=1"><button>أرسل</button></form>',
    "base": '<base href="javascript:/"><a href="x">نسبي</a>',
}
FORBIDDEN = (
    "<script>", "onerror", "onload", "javascript:", "<svg", "expression(", "<iframe", "<object",
    "<meta", "<base", "<form", "style=", "<style",
)  # fmt: skip
HOSTILE_TITLE = "</script><script>window.__pwned='title'</script> عنوان"
