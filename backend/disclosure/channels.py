"""Outbound channels (发布渠道): what a subscription's receiver gets for a publication, beyond the
site, feeds and the plain webhook. Each channel renders the delivery body once, when the delivery
row is queued; the rows then carry the outbox guarantees every webhook has (signed POST, retries
with back-off, dead letters, replay, nothing sent of a withdrawn or superseded version).

The interface (docs/disclosure.md, "Channels"): a channel is a function

    render(*, envelope: dict, publication: Publication, event_type: str) -> dict

given the webhook envelope (`id`, `type`, `occurred_at`, `publication` with `url` and, unless
withdrawn, the masked `content`) and returning the JSON object to POST. A county's bridge to a
government new-media platform (政务新媒体: an official account, a short-post account) receives it
and calls the platform's own API: drafts stay drafts until the account's editor sends them, so
nothing reaches followers without a person on the account. The receiver keys on `id` (also the
X-Tongban-Event header) to apply each event once."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.translation import gettext_lazy as _

from .models import Publication

SHORT_POST_MAX = 140  # characters, the usual limit of a 政务微博 post
DIGEST_MAX = 120  # an official-account article's digest (摘要)


def _text_of(content: dict) -> str:
    for key in ("body", "reply", "summary", "search_text"):
        value = content.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _title_of(publication: Publication, content: dict) -> str:
    return str(content.get("title") or publication.title)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def webhook(*, envelope: dict, publication: Publication, event_type: str) -> dict:
    return envelope


def article_draft(*, envelope: dict, publication: Publication, event_type: str) -> dict:
    """An official-account article draft (公众号图文草稿): title, author, digest, HTML content, the
    source link back to the public page."""
    url = envelope["publication"]["url"]
    if event_type == "publication.withdrawn":
        return {"id": envelope["id"], "type": "article.withdrawn", "source_url": url,
                "reason": publication.withdrawn_reason, "occurred_at": envelope["occurred_at"]}
    content = envelope["publication"].get("content") or {}
    text = _text_of(content)
    department = content.get("department") or {}
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return {
        "id": envelope["id"], "type": "article.draft", "occurred_at": envelope["occurred_at"],
        "article": {
            "title": _cut(_title_of(publication, content), 64),
            "author": department.get("name", "") if isinstance(department, dict) else "",
            "digest": _cut(text, DIGEST_MAX),
            "content": paragraphs + f'<p><a href="{escape(url)}">{escape(str(_("查看原文")))}</a></p>',
            "content_source_url": url,
            "version": publication.version,
        },
    }


def short_post(*, envelope: dict, publication: Publication, event_type: str) -> dict:
    """A short post (政务微博): 【title】 a line of text and the link, within SHORT_POST_MAX characters."""
    url = envelope["publication"]["url"]
    content = envelope["publication"].get("content") or {}
    title = _title_of(publication, content)
    if event_type == "publication.withdrawn":
        head, body = str(_("【已撤回】")) + title, publication.withdrawn_reason
    else:
        head, body = f"【{title}】", _text_of(content)
    room = SHORT_POST_MAX - len(url) - 1
    text = _cut(f"{head}{body}", max(room, 10))
    return {"id": envelope["id"], "type": "post.withdrawn" if event_type == "publication.withdrawn" else "post.new",
            "occurred_at": envelope["occurred_at"], "text": f"{text} {url}", "url": url}


CHANNELS: dict[str, Callable[..., dict]] = {
    "webhook": webhook,
    "article": article_draft,
    "short_post": short_post,
}


def render(channel: str, *, envelope: dict, publication: Publication, event_type: str) -> dict:
    return CHANNELS[channel](envelope=envelope, publication=publication, event_type=event_type)
