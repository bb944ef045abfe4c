"""``naql --help`` in Arabic or English, by the locale the command runs under.

Which language: the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides (the
POSIX order); a value starting with ``ar`` (``ar``, ``ar_EG.UTF-8``…) gives Arabic, anything
else English. With none set, English: that is the POSIX "C" locale of cron jobs, containers,
CI and ``ssh`` sessions to fresh servers, where most terminals also cannot shape or reorder
Arabic, and where naql's messages, errors and JSON are English too. An operator who reads
Arabic has an ``ar_*`` locale set (or runs ``LANG=ar naql --help``) and gets it all in Arabic.

Why a table and not gettext catalogs: help texts are a few dozen short strings; a table keeps
the English and the Arabic side by side, needs no compile step, and a test checks that every
help text of every command has its Arabic (so a new command cannot ship untranslated). The
table also supplies help for arguments registered without any (``--json``, ``--port``…).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

ARABIC = "ar"
ENGLISH = "en"

# Help for arguments registered without one: "command path:dest", else "*:dest".
MISSING_HELP: dict[str, str] = {
    "*:json": "print JSON on stdout, for scripts",
    "*:port": "TCP port to listen on",
    "*:host": "address to listen on",
    "*:workers": "number of web worker processes",
    "*:limit": "at most this many results",
    "*:section": "section slug or name",
    "*:email": "email address",
    "*:file": "path of the file to read",
    "*:username": "user name to log in with",
    "*:refs": "article URLs or ids",
    "*:slugs": "source slugs (see `naql sources list`)",
    "*:slug": "source slug (see `naql sources list`)",
    "*:confirmed": "skip double opt-in (addresses the operator vouches for)",
    "sources add:url": "the outlet's homepage or feed URL",
    "sources add:name": "display name (default: the feed's title)",
    "sources add:policy": "how much of each article may be shown (default: excerpt)",
    "sources check:slug": "a source slug, or any homepage or feed URL",
    "sources check:sample": "how many pages to extract (default 3)",
    "extract:inputs": "HTML files or http(s) URLs",
    "search:query": "the search query (words, \"phrase\", -word, OR, source:, section:)",
    "search:limit": "at most this many results (default 20)",
    "articles:limit": "list at most this many articles, newest first",
    "stories merge:target": "the story that keeps the articles",
    "stories merge:other": "the story whose articles move (it is removed)",
    "stories split:story": "the story to split",
    "subscribers add:frequency": "instant, daily or weekly (default daily)",
    "subscribers add:section": "only this section (repeatable; default: all)",
    "users add:role": "editor (moderates articles) or admin (runs the site)",
}

AR: dict[str, str] = {
    # argparse's own words
    "usage: ": "الاستخدام: ",
    "positional arguments": "المعاملات الموضعية",
    "options": "الخيارات",
    "show this help message and exit": "اعرض هذه المساعدة واخرج",
    # naql
    "naql — an Arabic-first engine that aggregates news and republishes it with attribution.":
        "نقل — محرّك عربي لتجميع الأخبار وإعادة نشرها مع ذكر المصدر.",
    "offline demo: local newsroom, ingest, serve the site":
        "عرض تجريبي دون إنترنت: غرفة أخبار محلية، ثم الجلب، ثم تشغيل الموقع",
    "web + workers + scheduler in one process": "الموقع والعمّال والمجدول في عملية واحدة",
    "the web site only (gunicorn)": "الموقع وحده (gunicorn)",
    "the pipeline stages only": "مراحل المعالجة وحدها (عامل)",
    "create or upgrade the database schema": "أنشئ مخطط قاعدة البيانات أو حدّثه",
    "manage sources": "إدارة المصادر",
    "poll sources, fetch, extract and publish due work":
        "استطلع المصادر واجلب واستخرج وانشر ما حان وقته",
    "extract articles from pages (files or URLs) as JSON":
        "استخرج المقالات من صفحات (ملفات أو روابط) بصيغة JSON",
    "load extracted articles from a JSON Lines file":
        "حمّل مقالات مستخرجة من ملف JSON Lines",
    "list stored articles": "اعرض المقالات المخزنة",
    "list stories with their articles": "اعرض القصص ومقالاتها",
    "search published articles": "ابحث في المقالات المنشورة",
    "manage email subscribers": "إدارة المشتركين في البريد",
    "subscriber email": "بريد المشتركين",
    "site and source health (exit 1 if the database is down)":
        "صحة الموقع والمصادر (رمز الخروج 1 إن تعطلت قاعدة البيانات)",
    "admin accounts and their roles (editor, admin)": "حسابات الإدارة وأدوارها (محرر، مدير)",
    "create a superuser in the admin role": "أنشئ مشرفًا عامًا بدور المدير",
    "show the effective configuration (secrets masked)":
        "اعرض الإعدادات النافذة (مع حجب الأسرار)",
    "add a source by its homepage or feed URL": "أضف مصدرًا برابط صفحته الرئيسية أو خلاصته",
    "list sources": "اعرض المصادر",
    "import sources from an OPML file": "استورد مصادر من ملف OPML",
    "print all sources as OPML": "اطبع كل المصادر بصيغة OPML",
    "stop polling a source": "أوقف استطلاع مصدر",
    "poll a paused source again, starting now": "استأنف استطلاع مصدر موقوف بدءًا من الآن",
    "dry run: fetch feeds, extract 3 pages, store nothing":
        "تجربة دون حفظ: اجلب الخلاصات واستخرج 3 صفحات ولا تخزّن شيئًا",
    "fetch a source's older articles from its sitemaps, through the normal stages":
        "اجلب مقالات المصدر الأقدم من خرائط موقعه، عبر المراحل المعتادة",
    "Read the source's sitemaps (sitemap indexes included), queue the pages dated within "
    "--since/--until and run them through extraction and publishing.":
        "يقرأ خرائط موقع المصدر (وفهارسها)، ويضع في الطابور الصفحات المؤرخة بين "
        "--since و--until، ثم يمررها على الاستخراج والنشر.",
    "oldest date to fetch (YYYY-MM-DD or ISO 8601), inclusive":
        "أقدم تاريخ يُجلب (YYYY-MM-DD أو ISO 8601)، شاملًا",
    "newest date to fetch (YYYY-MM-DD or ISO 8601), inclusive":
        "أحدث تاريخ يُجلب (YYYY-MM-DD أو ISO 8601)، شاملًا",
    "read this sitemap instead of the source's own (repeatable)":
        "اقرأ خريطة الموقع هذه بدل خرائط المصدر (يتكرر)",
    "queue at most N pages, newest first": "ضع في الطابور N صفحة على الأكثر، الأحدث أولًا",
    "print a JSON report": "اطبع تقريرًا بصيغة JSON",
    "run until no work is due, then exit": "اعمل حتى لا يبقى عمل مستحق ثم اخرج",
    "print a JSON summary": "اطبع ملخصًا بصيغة JSON",
    "the page's address when the input is a file (one input only)":
        "عنوان الصفحة حين يكون المُدخل ملفًا (مُدخل واحد فقط)",
    "print JSON (the only output format)": "اطبع JSON (صيغة الإخراج الوحيدة)",
    "include each article's text": "أدرج نص كل مقال",
    "only articles taken down (hidden)": "المقالات المسحوبة (المخفية) فقط",
    "only articles not hidden": "المقالات غير المخفية فقط",
    "take an article down from the site, feeds, sitemaps and mail":
        "اسحب مقالًا من الموقع والخلاصات وخرائط الموقع والبريد",
    "publish a hidden article again": "أعد نشر مقال مخفي",
    "move story B's articles into story A": "انقل مقالات القصة B إلى القصة A",
    "move articles out of a story into a new one": "انقل مقالات من قصة إلى قصة جديدة",
    "add a subscriber (a confirmation email is sent)": "أضف مشتركًا (تُرسل إليه رسالة تأكيد)",
    "import subscribers from CSV (email,frequency,sections)":
        "استورد مشتركين من ملف CSV (email,frequency,sections)",
    "list subscribers": "اعرض المشتركين",
    "print all subscribers as CSV (email,frequency,sections)":
        "اطبع كل المشتركين بصيغة CSV (email,frequency,sections)",
    "remove a subscriber and their personal data": "احذف مشتركًا وبياناته الشخصية",
    "skip double opt-in": "تجاوز التأكيد المزدوج",
    "build and send every edition due now (or at --now)":
        "جهّز كل نشرة حان موعدها الآن (أو في --now) وأرسلها",
    "ISO 8601 time to act as the current time": "وقت بصيغة ISO 8601 يُعامل كأنه الوقت الحالي",
    "SMTP connections in parallel (each may repeat one message after a crash)":
        "عدد اتصالات SMTP المتوازية (قد يعيد كل اتصال إرسال رسالة واحدة بعد انهيار)",
    "create a staff account with a role": "أنشئ حساب إدارة بدور محدد",
    "list accounts and their roles": "اعرض الحسابات وأدوارها",
    "create or update the editor and admin groups": "أنشئ مجموعتي المحرر والمدير أو حدّثهما",
    "read the password from stdin (otherwise one is generated and printed)":
        "اقرأ كلمة المرور من المدخل القياسي (وإلا وُلّدت واحدة وطُبعت)",
    "change a source's HTTP settings and extraction rules":
        "غيّر إعدادات HTTP لمصدر وقواعد استخراج صفحاته",
    'User-Agent for this site ("" for the site-wide one)':
        'معرّف الزاحف (User-Agent) لهذا الموقع ("" للمعرّف العام)',
    'Cookie header for this site, "a=1; b=2" ("" for none)':
        'ترويسة Cookie لهذا الموقع، مثل "a=1; b=2" ("" لحذفها)',
    'extraction rules as JSON, or @FILE ("" for none)':
        'قواعد الاستخراج بصيغة JSON، أو @FILE لقراءتها من ملف ("" لحذفها)',
    # MISSING_HELP
    "print JSON on stdout, for scripts": "اطبع JSON على المخرج القياسي، للبرامج",
    "TCP port to listen on": "منفذ TCP للاستماع",
    "address to listen on": "العنوان الذي يُستمع عليه",
    "number of web worker processes": "عدد عمليات خادم الويب",
    "at most this many results": "هذا العدد من النتائج على الأكثر",
    "section slug or name": "معرّف القسم أو اسمه",
    "email address": "عنوان البريد الإلكتروني",
    "path of the file to read": "مسار الملف المقروء",
    "user name to log in with": "اسم المستخدم للدخول",
    "article URLs or ids": "روابط المقالات أو أرقامها",
    "source slugs (see `naql sources list`)": "معرّفات المصادر (انظر `naql sources list`)",
    "source slug (see `naql sources list`)": "معرّف المصدر (انظر `naql sources list`)",
    "skip double opt-in (addresses the operator vouches for)":
        "تجاوز التأكيد المزدوج (لعناوين يضمنها المشغّل)",
    "the outlet's homepage or feed URL": "رابط الصفحة الرئيسية للمنفذ الإخباري أو رابط خلاصته",
    "display name (default: the feed's title)": "الاسم المعروض (افتراضيًا: عنوان الخلاصة)",
    "how much of each article may be shown (default: excerpt)":
        "كم يُعرض من كل مقال (افتراضيًا: مقتطف)",
    "a source slug, or any homepage or feed URL": "معرّف مصدر، أو أي رابط صفحة رئيسية أو خلاصة",
    "how many pages to extract (default 3)": "عدد الصفحات المستخرجة (افتراضيًا 3)",
    "HTML files or http(s) URLs": "ملفات HTML أو روابط http(s)",
    "the search query (words, \"phrase\", -word, OR, source:, section:)":
        "عبارة البحث (كلمات، \"عبارة\"، -كلمة، OR، source:، section:)",
    "at most this many results (default 20)": "هذا العدد من النتائج على الأكثر (افتراضيًا 20)",
    "list at most this many articles, newest first":
        "اعرض هذا العدد من المقالات على الأكثر، الأحدث أولًا",
    "the story that keeps the articles": "القصة التي تبقى فيها المقالات",
    "the story whose articles move (it is removed)": "القصة التي تُنقل مقالاتها (وتُحذف)",
    "the story to split": "القصة المراد تقسيمها",
    "instant, daily or weekly (default daily)": "فوري أو يومي أو أسبوعي (افتراضيًا يومي)",
    "only this section (repeatable; default: all)": "هذا القسم فقط (يتكرر؛ افتراضيًا: الكل)",
    "editor (moderates articles) or admin (runs the site)":
        "محرر (يراجع المقالات) أو مدير (يدير الموقع)",
}


def help_language(env: Mapping[str, str] | None = None) -> str:
    """``ar`` or ``en`` from ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (the first one set)."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return ARABIC if value.lower().startswith("ar") else ENGLISH
    return ENGLISH


def parsers(parser: argparse.ArgumentParser, path: str = "") -> Iterator[
    tuple[str, argparse.ArgumentParser]
]:
    """Every parser of the command tree with its command path (``""``, ``"sources add"``…)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, f"{path} {name}".strip())


def help_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every help text and description shown by ``--help`` anywhere in the tree."""
    for _, p in parsers(parser):
        if p.description:
            yield p.description
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                yield from (a.help for a in action._choices_actions if a.help)
            elif action.help and action.help != argparse.SUPPRESS:
                yield action.help


class _ArabicFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[Any], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, AR["usage: "] if prefix is None else prefix)


def _fill(path: str, action: argparse.Action) -> None:
    if action.help is None:
        action.help = MISSING_HELP.get(f"{path}:{action.dest}") or MISSING_HELP.get(
            f"*:{action.dest}"
        )


def localize(parser: argparse.ArgumentParser, language: str) -> argparse.ArgumentParser:
    """Give every argument a help text, and in Arabic translate them all (in place)."""
    arabic = language == ARABIC

    def tr(text: str | None) -> str | None:
        return AR.get(text, text) if arabic and text else text

    for path, p in parsers(parser):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    choice.help = tr(choice.help)
                continue
            _fill(path, action)
            if action.help != argparse.SUPPRESS:
                action.help = tr(action.help)
        if arabic:
            p.description = tr(p.description)
            p.formatter_class = _ArabicFormatter
            for group in p._action_groups:
                group.title = tr(group.title)
    return parser
