"""DailyMed's web services (v2): the list of labels, one label's XML, and its versions."""

from __future__ import annotations

import json
import os
import urllib.parse

from medinfo.fetch.client import Client, Missing, Response, Unreachable
from medinfo.labelstore import is_set_id

DEFAULT_BASE = "https://dailymed.nlm.nih.gov/dailymed"
# The largest page DailyMed serves.
PAGE_SIZE = 100


def base_url() -> str:
    """Return the service's address: MEDINFO_DAILYMED_URL (a mirror, a test), else DailyMed's."""
    return (os.environ.get("MEDINFO_DAILYMED_URL") or DEFAULT_BASE).rstrip("/")


class Listed:
    """A label as the list names it: set id, title and version."""

    __slots__ = ("set_id", "title", "version")

    def __init__(self, set_id: str, title: str, version: str) -> None:
        self.set_id = set_id
        self.title = title
        self.version = version


class Page:
    """One page of the list: its labels, and how many there are in all."""

    def __init__(self, labels: list[Listed], total: int, more: bool) -> None:
        self.labels = labels
        self.total = total
        self.more = more


class DailyMed:
    """The three endpoints medinfo uses, over one client."""

    def __init__(self, client: Client, base: str | None = None) -> None:
        self.client = client
        self.base = base if base is not None else base_url()

    def _url(self, path: str, query: dict[str, str | int] | None = None) -> str:
        """Return the address of an endpoint."""
        url = f"{self.base}/services/v2/{path}"
        return f"{url}?{urllib.parse.urlencode(query)}" if query else url

    def labels(self, field: str, value: str, page: int = 1, size: int = PAGE_SIZE) -> Page:
        """Return a page of the labels whose drug_name, ndc or setid is value."""
        answer = _json(
            self.client.get(self._url("spls.json", {field: value, "page": page, "pagesize": size}))
        )
        metadata = answer.get("metadata") if isinstance(answer, dict) else None
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, list):
            raise Unreachable("DailyMed's list of labels lacks its data")
        if not isinstance(metadata, dict):  # no paging said: this page is the whole list
            metadata = {"total_elements": len(data), "current_page": page, "total_pages": page}
        labels = [
            Listed(item["setid"].lower(), str(item.get("title", "")), str(item.get("spl_version")))
            for item in data
            # A set id becomes a file name: anything else is no label of ours to fetch.
            if isinstance(item, dict) and is_set_id(str(item.get("setid", "")))
        ]
        total = _number(metadata.get("total_elements"), len(labels))
        current = _number(metadata.get("current_page"), page)
        pages = _number(metadata.get("total_pages"), current)
        more = current < pages and bool(labels)
        return Page(labels, total, more)

    def label(self, set_id: str) -> bytes:
        """Return the XML of a label's current version; Missing when DailyMed has no such label."""
        try:
            answer = self.client.get(self._url(f"spls/{set_id}.xml"))
        except Missing:
            raise Missing(f"DailyMed has no label with set id {set_id}") from None
        if _web_page(answer):  # an error page served as 200: say so, not what XML it breaks
            raise Unreachable(
                f"DailyMed answered with a web page instead of the label of set id {set_id}"
                " (an error page?)"
            )
        return answer.body

    def newest_version(self, set_id: str) -> int | None:
        """Return the newest version number in a label's history, None when it has none."""
        try:
            answer = _json(self.client.get(self._url(f"spls/{set_id}/history.json")))
        except Missing:
            return None  # withdrawn, or never listed: nothing newer to take
        data = answer.get("data") if isinstance(answer, dict) else None
        if isinstance(data, dict):  # {"spl": {...}, "history": [...]} as some answers nest it
            data = data.get("history")
        if not isinstance(data, list):
            raise Unreachable("DailyMed's history of a label lacks its data")
        versions = [_number(item.get("spl_version"), -1) for item in data if isinstance(item, dict)]
        versions = [v for v in versions if v >= 0]
        return max(versions) if versions else None


def _number(value: object, default: int) -> int:
    """Return value as a whole number (DailyMed writes some as strings), else default."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return default


def _json(response: Response) -> object:
    """Return the JSON of an answer; an HTML error page or other text is a failure."""
    try:
        return json.loads(response.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        pass
    if _web_page(response):
        raise Unreachable("DailyMed answered with a web page instead of JSON (an error page?)")
    raise Unreachable("DailyMed answered with something that is not JSON")


def _web_page(response: Response) -> bool:
    """Tell whether an answer is an HTML page (an error page, a proxy's login page)."""
    start = response.body[:200].lstrip().lower()
    return "html" in response.content_type.lower() or start.startswith((b"<!doctype", b"<html"))
