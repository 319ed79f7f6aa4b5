"""A stand-in for DailyMed's web services (v2) on loopback, with faults to switch on.

It serves the three endpoints medinfo uses from a folder of SPL XML files:
``/services/v2/spls.json`` (``drug_name``, ``ndc``, ``setid``, ``page``, ``pagesize``),
``/services/v2/spls/SETID.xml`` and ``/services/v2/spls/SETID/history.json``. A fault
(500, 503, 429 with Retry-After, a body cut short, a reset connection, a server that
never answers or trickles a byte at a time, an HTML error page) answers the next
requests until its count runs out; ``publish`` makes a new version of a label current.

Standalone, to try medinfo on any folder of labels:

    python tests/dailymed_stub.py --labels DIR --port 8765 [--fault 503]
    MEDINFO_DAILYMED_URL=http://127.0.0.1:8765/dailymed medinfo fetch NAME
    curl --data-binary @new-version.xml http://127.0.0.1:8765/_stub/publish
    curl -X POST 'http://127.0.0.1:8765/_stub/fault?kind=429&count=2&retry_after=1'
    curl -X POST 'http://127.0.0.1:8765/_stub/fault?kind=none'
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import socket
import struct
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_NS = "{urn:hl7-org:v3}"
_NDC_SYSTEM = "2.16.840.1.113883.6.69"
PREFIX = "/dailymed/services/v2/"
FAULTS = ("500", "503", "429", "cut", "reset", "hang", "trickle", "html")
_HTML = (
    b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
    b"<body><h1>The service is temporarily unavailable</h1></body></html>"
)


class Version:
    """One version of a label: its bytes and what the list says of it."""

    def __init__(self, data: bytes) -> None:
        root = ET.fromstring(data)
        set_id = root.find(f"{_NS}setId")
        version = root.find(f"{_NS}versionNumber")
        title = root.find(f"{_NS}title")
        if set_id is None or version is None:
            raise ValueError("not an SPL label: no setId or versionNumber")
        self.data = data
        self.set_id = set_id.get("root", "").lower()
        self.version = int(version.get("value", "0"))
        self.title = " ".join("".join(title.itertext()).split()) if title is not None else ""
        names = [
            "".join(name.itertext())
            for holder in (
                *root.iter(f"{_NS}manufacturedProduct"),
                *root.iter(f"{_NS}genericMedicine"),
            )
            for name in holder.findall(f"{_NS}name")
        ]
        self.names = " ".join([self.title, *names]).casefold()
        self.ndcs = {
            e.get("code", "") for e in root.iter(f"{_NS}code") if e.get("codeSystem") == _NDC_SYSTEM
        }


class Fault:
    """A fault answering the next count requests (None: all of them) whose path has match."""

    def __init__(
        self, kind: str, count: int | None = None, retry_after: str | None = None, match: str = ""
    ) -> None:
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {', '.join(FAULTS)}")
        self.kind = kind
        self.count = count
        self.retry_after = retry_after
        self.match = match


class DailyMedStub:
    """The server, its labels (every version of each set id) and the fault it plays."""

    def __init__(self, labels: Path | None = None, port: int = 0) -> None:
        self.versions: dict[str, list[Version]] = {}
        self.order: list[str] = []
        self.fault: Fault | None = None
        self.requests: list[str] = []
        self.busiest = 0  # the most requests answered at once
        self._busy = 0
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.skipped: list[Path] = []  # files of the folder that are no SPL label
        if labels is not None:
            for path in sorted(labels.rglob("*.xml")):
                try:
                    self.publish(path.read_bytes())
                except (ET.ParseError, ValueError):
                    self.skipped.append(path)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        # A short poll: shutdown() waits for the loop to look, half a second by default.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """Return the base address medinfo takes as MEDINFO_DAILYMED_URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/dailymed"

    def publish(self, data: bytes) -> Version:
        """Add a label's version; the highest version of a set id is its current one."""
        version = Version(data)
        with self._lock:
            if version.set_id not in self.versions:
                self.order.append(version.set_id)
            kept = self.versions.setdefault(version.set_id, [])
            kept[:] = [v for v in kept if v.version != version.version] + [version]
            kept.sort(key=lambda v: v.version)
        return version

    def fail(
        self, kind: str, count: int | None = None, retry_after: str | None = None, match: str = ""
    ) -> None:
        """Answer the next count requests (None: every one) whose path has match with a fault."""
        self.fault = Fault(kind, count, retry_after, match)

    def take_fault(self, path: str) -> Fault | None:
        """Return the fault for a request to path, counting it down."""
        with self._lock:
            fault = self.fault
            if fault is None or fault.match not in path:
                return None
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self.fault = None
            return fault

    def current(self, set_id: str) -> Version | None:
        """Return the current version of a set id."""
        kept = self.versions.get(set_id.lower())
        return kept[-1] if kept else None

    def listed(self, query: dict[str, str]) -> list[Version]:
        """Return the current labels the list's query selects, in the server's order."""
        labels = [v for v in (self.current(s) for s in self.order) if v is not None]
        if "setid" in query:
            labels = [v for v in labels if v.set_id == query["setid"].lower()]
        if "ndc" in query:
            ndc = query["ndc"]
            labels = [
                v for v in labels if ndc in v.ndcs or any(c.startswith(ndc + "-") for c in v.ndcs)
            ]
        if "drug_name" in query:
            words = query["drug_name"].casefold().split()
            labels = [v for v in labels if all(w in v.names for w in words)]
        return labels

    def __enter__(self) -> DailyMedStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving; a hung answer is let go."""
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


def _handler(stub: DailyMedStub) -> type[BaseHTTPRequestHandler]:
    """Return the request handler class bound to a stub."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: tests read their own output."""

        def do_GET(self) -> None:
            """Answer one request, or play the fault."""
            with stub._lock:
                stub.requests.append(self.path)
                stub._busy += 1
                stub.busiest = max(stub.busiest, stub._busy)
            try:
                fault = stub.take_fault(self.path)
                if fault is not None:
                    self._fault(fault)
                else:
                    self._answer()
            finally:
                with stub._lock:
                    stub._busy -= 1

        def do_POST(self) -> None:
            """Control the stub: publish a label's new version, or switch a fault on or off."""
            parts = urllib.parse.urlsplit(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                if parts.path == "/_stub/publish":
                    version = stub.publish(body)
                    answer = f"published {version.set_id} version {version.version}\n"
                elif parts.path == "/_stub/fault":
                    kind = query.get("kind", "")
                    count = int(query["count"]) if "count" in query else None
                    if kind in ("", "none"):
                        stub.fault = None
                    else:
                        wait, match = query.get("retry_after"), query.get("match", "")
                        stub.fail(kind, count, wait, match)
                    answer = f"fault {kind or 'none'}\n"
                else:
                    self._send(404, b"Not Found", "text/plain")
                    return
            except (ValueError, ET.ParseError) as exc:
                self._send(400, f"{exc}\n".encode(), "text/plain")
                return
            self._send(200, answer.encode(), "text/plain")

        def _send(
            self,
            status: int,
            body: bytes,
            kind: str,
            headers: dict[str, str] | None = None,
            cut: bool = False,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if cut:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if cut else body)

        def _fault(self, fault: Fault) -> None:
            wait = fault.retry_after
            if fault.kind in ("500", "503"):  # a 503 may say when to come back, or not
                headers = {"Retry-After": wait} if wait is not None else None
                self._send(int(fault.kind), _HTML, "text/html", headers)
            elif fault.kind == "429":
                self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": wait or "1"})
            elif fault.kind == "html":
                self._send(200, _HTML, "text/html; charset=utf-8")
            elif fault.kind == "cut":
                body = self._body()
                self._send(
                    200, body[1] if body else _HTML, body[2] if body else "text/html", cut=True
                )
            elif fault.kind == "reset":
                # SO_LINGER 0: closing sends a TCP reset instead of an orderly end.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.wfile.close()
                self.rfile.close()
                self.connection.close()
                self.wfile = io.BytesIO()  # what the base class flushes afterwards
                self.close_connection = True
            elif fault.kind == "hang":
                stub.stopping.wait()
                self.close_connection = True
            elif fault.kind == "trickle":  # a byte every half second, never the whole body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                self.close_connection = True
                while not stub.stopping.wait(0.5):
                    try:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    except OSError:
                        return

        def _body(self) -> tuple[int, bytes, str] | None:
            """Return the normal answer's status, body and type; None when not found."""
            parts = urllib.parse.urlsplit(self.path)
            if not parts.path.startswith(PREFIX):
                return None
            rest = parts.path[len(PREFIX) :]
            query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
            if rest == "spls.json":
                return 200, _list(stub.listed(query), query), "application/json"
            match = re.fullmatch(r"spls/([0-9a-fA-F-]{36})(\.xml|/history\.json)", rest)
            if match is None:
                return None
            kept = stub.versions.get(match.group(1).lower())
            if not kept:
                return None
            if match.group(2) == ".xml":
                return 200, kept[-1].data, "text/xml"
            # As DailyMed's help page shows it: numbers in the metadata are strings, and
            # the versions, newest first, sit under data.history beside data.spl.
            history = {
                "metadata": {
                    "total_elements": str(len(kept)),
                    "elements_per_page": "100",
                    "total_pages": "1",
                    "current_page": "1",
                    "next_page": "null",
                },
                "data": {
                    "spl": {"setid": kept[-1].set_id, "title": kept[-1].title},
                    "history": [
                        {"spl_version": v.version, "published_date": "Jan 02, 2024"}
                        for v in reversed(kept)
                    ],
                },
            }
            return 200, json.dumps(history).encode(), "application/json"

        def _answer(self) -> None:
            body = self._body()
            if body is None:
                self._send(404, b"Not Found", "text/plain")
            else:
                self._send(*body)

    return Handler


def _list(labels: list[Version], query: dict[str, str]) -> bytes:
    """Return a page of the list as DailyMed writes it."""
    size = max(1, min(100, int(query.get("pagesize", "100"))))
    page = max(1, int(query.get("page", "1")))
    pages = max(1, math.ceil(len(labels) / size))
    shown = labels[(page - 1) * size : page * size]
    return json.dumps(
        {
            "metadata": {
                "total_elements": len(labels),
                "elements_per_page": size,
                "total_pages": pages,
                "current_page": page,
                "next_page": page + 1 if page < pages else "null",
                "previous_page": page - 1 if page > 1 else "null",
            },
            "data": [
                {
                    "setid": v.set_id,
                    "title": v.title,
                    "spl_version": v.version,
                    "published_date": "Jan 02, 2024",
                }
                for v in shown
            ],
        }
    ).encode()


def main() -> None:
    """Serve a folder of labels until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, required=True, help="a folder of SPL XML files")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fault", choices=FAULTS, help="answer every request with this fault")
    args = parser.parse_args()
    stub = DailyMedStub(args.labels, args.port)
    if args.fault:
        stub.fail(args.fault)
    skipped = f" ({len(stub.skipped)} files skipped: no SPL label)" if stub.skipped else ""
    print(f"{len(stub.versions)} labels{skipped}; MEDINFO_DAILYMED_URL={stub.url}", flush=True)
    try:
        stub.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stub.stopping.set()
        stub.server.server_close()


if __name__ == "__main__":
    main()
