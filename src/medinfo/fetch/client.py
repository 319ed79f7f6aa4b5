"""HTTP GET over the standard library: verified TLS, proxies, a deadline, polite retries.

http.client rather than a third-party client: four requests a label need no pooling
or HTTP/2, urllib's proxy rules (HTTPS_PROXY, NO_PROXY) and the system's certificate
store come with Python, and owning the connection gives what urllib cannot, an overall
deadline per request: a watchdog shuts the socket when it passes, so a server that
trickles a byte a second, or never answers, ends the request on time.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from typing import Any

from medinfo.errors import NETWORK, NOT_FOUND, MedinfoError

# Attempts of one request before giving up (the first and two retries).
ATTEMPTS = 3
# Seconds before the first retry; doubled each time.
BACKOFF = 0.5
# The longest Retry-After honoured; a longer wait is reported instead of slept.
MAX_WAIT = 60.0
# The largest body accepted: the biggest real labels are a few megabytes.
MAX_BODY = 64 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
# Redirects followed for one request, as browsers and curl -L allow.
MAX_REDIRECTS = 5
_AGENT = "medinfo (offline drug-monograph lookup; fetches labels when asked)"
_COUNTS = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}


class Unreachable(MedinfoError):
    """DailyMed could not be reached or kept failing: exit 3."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, NETWORK, hint)


class Missing(MedinfoError):
    """The service has nothing at that address (404): exit 1, as anything not found."""

    def __init__(self, message: str) -> None:
        super().__init__(message, NOT_FOUND)


class _Retry(Exception):
    """A failure worth another attempt, and the seconds the server asked to wait."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = wait


class _Redirect(Exception):
    """An answer that the resource is at another address."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class Response:
    """The status, headers and whole body of a successful request."""

    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        self.status = status
        self.content_type = content_type
        self.body = body


class Client:
    """A GET client for one service: a deadline per request, retries, and its failures named."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        service: str = "DailyMed",
        sleep: float = BACKOFF,
    ) -> None:
        self.timeout = timeout
        self.service = service
        self.backoff = sleep
        self._context = ssl.create_default_context()  # certificates and host names verified

    def get(self, url: str) -> Response:
        """Return the answer to GET url, following redirects, retrying 429, 5xx and drops."""
        failures: list[str] = []
        hops = 0
        attempt = 0
        while attempt < ATTEMPTS:
            try:
                return self._once(url)
            except _Redirect as redirect:  # a mirror moved, http to https: no attempt spent
                hops += 1
                url = self._redirected(url, redirect, hops)
                continue
            except _Retry as retry:
                failures.append(retry.message)
                if attempt + 1 == ATTEMPTS:
                    break
                wait = retry.wait if retry.wait is not None else self.backoff * 2**attempt
                if wait > MAX_WAIT:
                    raise Unreachable(
                        f"{self.service} asked to wait {wait:.0f} seconds before asking again",
                        "try again later",
                    ) from None
                time.sleep(wait)
                attempt += 1
        raise Unreachable(_kept_failing(self.service, failures), "try again later")

    def _redirected(self, url: str, redirect: _Redirect, hops: int) -> str:
        """Return where a redirect leads; refuse a loop, or a step down from https to http."""
        target = urllib.parse.urljoin(url, redirect.location)
        if hops > MAX_REDIRECTS:
            raise Unreachable(f"{self.service} redirected more than {MAX_REDIRECTS} times")
        if url.startswith("https:") and not target.startswith("https:"):
            raise Unreachable(f"{self.service} redirected from https to an insecure address")
        return target

    def _once(self, url: str) -> Response:
        """Make one request within the deadline; raise _Retry or Unreachable on failure."""
        deadline = time.monotonic() + self.timeout
        connection, target = self._connection(url)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            sock = connection.sock
            if sock is not None:
                with contextlib.suppress(OSError):  # wakes a read blocked in another thread
                    sock.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(self.timeout, expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._exchange(connection, target, deadline)
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            if expired.is_set() or isinstance(exc, TimeoutError):
                raise Unreachable(
                    f"{self.service} did not answer within {self.timeout:g} second"
                    + ("" if self.timeout == 1 else "s"),
                    "a slower network may need a longer --timeout",
                ) from None
            raise _failure(self.service, exc) from None
        finally:
            watchdog.cancel()
            connection.close()

    def _exchange(
        self, connection: http.client.HTTPConnection, target: str, deadline: float
    ) -> Response:
        """Send the request and read the whole answer."""
        connection.request(
            "GET", target, headers={"User-Agent": _AGENT, "Accept-Encoding": "identity"}
        )
        answer = connection.getresponse()
        status = answer.status
        if status == 429 or status >= 500:
            raise _Retry(f"answered {status}", _retry_after(answer.getheader("Retry-After")))
        location = answer.getheader("Location")
        if status in (301, 302, 303, 307, 308) and location:
            raise _Redirect(location)
        body = _read_body(answer, deadline)
        if status != 200:
            raise _Refused(status)
        return Response(status, answer.getheader("Content-Type", ""), body)

    def _connection(self, url: str) -> tuple[http.client.HTTPConnection, str]:
        """Return a connection for url, through the proxy the environment names, and its target."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Unreachable(f"not a web address: {url}", "check MEDINFO_DAILYMED_URL")
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        secure = parts.scheme == "https"
        port = parts.port or (443 if secure else 80)
        proxy = _proxy_for(parts.scheme, parts.hostname)
        connection: http.client.HTTPConnection
        if proxy is None:
            if secure:
                connection = http.client.HTTPSConnection(
                    parts.hostname, port, timeout=self.timeout, context=self._context
                )
            else:
                connection = http.client.HTTPConnection(parts.hostname, port, timeout=self.timeout)
            return connection, path
        proxy_parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        proxy_host = proxy_parts.hostname or ""
        proxy_port = proxy_parts.port or 8080
        headers = _proxy_login(proxy_parts)
        if secure:  # a tunnel through the proxy: TLS is still end to end, and verified
            connection = http.client.HTTPSConnection(
                proxy_host, proxy_port, timeout=self.timeout, context=self._context
            )
            connection.set_tunnel(parts.hostname, port, headers=headers)
            return connection, path
        connection = _ProxiedHTTP(proxy_host, proxy_port, self.timeout, headers)
        return connection, url


class _ProxiedHTTP(http.client.HTTPConnection):
    """A plain-HTTP request through a proxy, with the proxy's login when it has one."""

    def __init__(self, host: str, port: int, timeout: float, headers: dict[str, str]) -> None:
        super().__init__(host, port, timeout=timeout)
        self.proxy_headers = headers

    def putrequest(self, method: str, url: str, *args: Any, **kwargs: Any) -> None:
        """Start the request, then name the proxy login."""
        super().putrequest(method, url, *args, **kwargs)
        for name, value in self.proxy_headers.items():
            self.putheader(name, value)


def _proxy_login(proxy: urllib.parse.SplitResult) -> dict[str, str]:
    """Return the Proxy-Authorization header of a proxy address with user:password@."""
    if not proxy.username:
        return {}
    import base64

    user = urllib.parse.unquote(proxy.username)
    password = urllib.parse.unquote(proxy.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Proxy-Authorization": f"Basic {token}"}


class _Oversized(http.client.HTTPException):
    """A body larger than any label: asking again would only fetch it again."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Refused(http.client.HTTPException):
    """A status that retrying will not change (404, 403...)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _proxy_for(scheme: str, host: str) -> str | None:
    """Return the proxy the environment names for a scheme and host, None for none."""
    proxies = urllib.request.getproxies()  # HTTPS_PROXY, HTTP_PROXY, in either case
    proxy = proxies.get(scheme)
    if not proxy or urllib.request.proxy_bypass(host):  # NO_PROXY
        return None
    return proxy


def _retry_after(value: str | None) -> float | None:
    """Return the seconds of a Retry-After header (a number or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _read_body(answer: http.client.HTTPResponse, deadline: float) -> bytes:
    """Read the whole body, refusing one cut short or larger than MAX_BODY."""
    length = answer.getheader("Content-Length")
    expected = int(length) if length and length.isdigit() else None
    if expected is not None and expected > MAX_BODY:
        raise _Oversized(f"sent a body of {expected:,} bytes, more than a label can be")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = answer.read1(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            raise _Oversized(f"sent more than {MAX_BODY:,} bytes, more than a label can be")
    if expected is not None and size < expected:
        raise http.client.IncompleteRead(b"".join(chunks), expected - size)
    return b"".join(chunks)


def _failure(service: str, exc: BaseException) -> Exception:
    """Return what a failed connection becomes: a retry when it dropped, else Unreachable."""
    if isinstance(exc, _Refused):
        if exc.status in (404, 410):
            return Missing(f"{service} has nothing at that address (it answered {exc.status})")
        return Unreachable(f"{service} answered {exc.status}")
    if isinstance(exc, _Retry):
        return exc
    if isinstance(exc, _Oversized):
        return Unreachable(f"{service} {exc.message}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Unreachable(
            f"cannot reach {service}: its certificate could not be verified ({exc.verify_message})",
            "a proxy that inspects TLS needs its certificate in the system's store (SSL_CERT_FILE)",
        )
    if isinstance(exc, http.client.IncompleteRead):
        return _Retry("sent a body cut short")
    if isinstance(exc, ConnectionRefusedError):
        return Unreachable(
            f"cannot reach {service}: connection refused", "check MEDINFO_DAILYMED_URL or the proxy"
        )
    if isinstance(exc, socket.gaierror):
        return Unreachable(f"cannot reach {service}: its host name is not known ({exc.strerror})")
    if isinstance(exc, (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)):
        return _Retry("dropped the connection")
    if isinstance(exc, http.client.HTTPException):
        return _Retry(f"sent a malformed answer ({type(exc).__name__})")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Unreachable(f"cannot reach {service}: {reason}")


def _kept_failing(service: str, failures: list[str]) -> str:
    """Return the message of a request that failed every attempt."""
    if len(set(failures)) == 1:
        times = _COUNTS.get(len(failures), f"{len(failures)} times")
        return f"{service} {failures[0]} {times}"
    return f"{service} kept failing: {'; '.join(failures)}"
