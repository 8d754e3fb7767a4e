"""What other apps relate to a service item, shown on its public guide pages (相关政策 …).

The catalog sits below the apps that know about such things (the disclosure catalogue,
backend.directory, publishes the policies an item is affected by), and the guide pages — the
portal's and the disclosure app's — must not import those apps either. So they register a provider
here in their AppConfig.ready, and the guide pages ask `related_for_item`:

    register_related(provider)  # provider(item_code) -> list of sections

A section is {"key": str, "title": str, "entries": [{"title", "path", "note", "children":
[{"title", "path", "note"}]}]}: public, already masked text only (providers read what is published).
"""

from __future__ import annotations

from collections.abc import Callable

Provider = Callable[[str], list[dict]]

_providers: list[Provider] = []


def register_related(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def related_for_item(item_code: str) -> list[dict]:
    """The non-empty sections every registered provider gives for the item, in registration order."""
    sections: list[dict] = []
    for provider in _providers:
        sections.extend(s for s in provider(item_code) or [] if s.get("entries"))
    return sections
