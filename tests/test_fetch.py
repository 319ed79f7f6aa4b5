"""fetch and update against a stand-in DailyMed on loopback: labels arrive whole or not at all."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from medinfo.errors import MedinfoError
from medinfo.fetch.client import Unreachable, _retry_after
from medinfo.fetch.collection import install
from medinfo.labelstore import label_path, previous_versions
from medinfo.library import bundled_dir, resolve_dirs
from tests.conftest import FIXTURES
from tests.dailymed_stub import DailyMedStub

TEVA = "c1a0c1a0-1111-4111-8111-000000000001"
ACME = "c1a0c1a0-2222-4222-8222-000000000002"
V4 = (FIXTURES / "fetch" / "veltorin-teva.xml").read_bytes()
V5 = (FIXTURES / "fetch-new" / "veltorin-teva.xml").read_bytes()
ROOT = Path(__file__).parent.parent


@pytest.fixture
def stub() -> Iterator[DailyMedStub]:
    """Serve the fetch fixtures on loopback."""
    with DailyMedStub(FIXTURES / "fetch") as server:
        yield server


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the label collection, the default one of the user (MEDINFO_DATA_DIR)."""
    folder = tmp_path / "labels"
    monkeypatch.setenv("MEDINFO_DATA_DIR", str(folder))
    return folder


def medinfo(*args: str, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run medinfo as a user does, against the service at url."""
    environment = {**os.environ, "MEDINFO_DAILYMED_URL": url, **env}
    return subprocess.run(
        [sys.executable, "-m", "medinfo", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under folder, hidden ones too, with its bytes."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_fetch_by_name_writes_each_label_and_names_it(stub: DailyMedStub, data: Path) -> None:
    result = medinfo("fetch", "veltorin", url=stub.url)
    assert result.returncode == 0, result.stderr
    assert (data / f"{TEVA}.xml").read_bytes() == V4
    assert (data / f"{ACME}.xml").exists()
    assert f"fetched veltorin (Teva Fixture Labs): version 4, set id {TEVA}" in result.stdout
    assert f"fetched veltorin (Acme Fixture Pharma): version 2, set id {ACME}" in result.stdout
    assert sorted(os.listdir(data)) == sorted([f"{TEVA}.xml", f"{ACME}.xml"])  # nothing left over


def test_fetched_labels_answer_offline_on_the_default_path(stub: DailyMedStub, data: Path) -> None:
    assert medinfo("fetch", "veltorin", url=stub.url).returncode == 0
    stub.fail("500")  # from now on the service only fails: lookups never ask it
    shown = medinfo("show", "veltorin", "contraindications", "--labeler", "teva", url=stub.url)
    assert shown.returncode == 0, shown.stderr
    assert "Do not use veltorin with fixturamide." in shown.stdout
    asked = len(stub.requests)
    medinfo("list", "veltorin", url=stub.url)
    assert len(stub.requests) == asked


def test_limit_says_how_many_more_and_how_to_get_them(stub: DailyMedStub, data: Path) -> None:
    result = medinfo("fetch", "veltorin", "--limit", "1", url=stub.url)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert "1 more label of 'veltorin' on DailyMed" in result.stderr
    assert "--all" in result.stderr


@pytest.mark.parametrize("term", ["50090092700", "350090092707", "50090-0927-0", TEVA.upper()])
def test_fetch_by_ndc_barcode_or_set_id(stub: DailyMedStub, data: Path, term: str) -> None:
    result = medinfo("fetch", term, url=stub.url)
    assert result.returncode == 0, result.stderr
    assert os.listdir(data) == [f"{TEVA}.xml"]


def test_a_temporary_file_a_killed_fetch_left_is_swept_and_a_fresh_one_kept(
    stub: DailyMedStub, data: Path
) -> None:
    data.mkdir(parents=True)
    left = data / f".{TEVA}.abc123.part"  # what a fetch killed mid-write leaves
    left.write_bytes(V4[:100])
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    running = data / f".{ACME}.def456.part"  # another fetch, writing now
    running.write_bytes(b"<document")
    result = medinfo("fetch", TEVA, url=stub.url)
    assert result.returncode == 0, result.stderr
    assert not left.exists()
    assert running.exists()
    assert (data / f"{TEVA}.xml").read_bytes() == V4


def test_a_misread_barcode_is_named_and_never_asked_for(stub: DailyMedStub, data: Path) -> None:
    # 3 + 5009009270 ends in 7: with an 8 it is a misread, neither a code nor a drug name.
    result = medinfo("fetch", "350090092708", url=stub.url)
    assert result.returncode == 1
    assert "check digit should be 7, not 8" in result.stderr
    assert stub.requests == []
    assert not data.exists()


def test_a_name_dailymed_does_not_know_is_not_found(stub: DailyMedStub, data: Path) -> None:
    # Ten letters, as many as an NDC has digits: a name all the same ("fluoxetine").
    result = medinfo("fetch", "nosuchdrug", url=stub.url)
    assert result.returncode == 1
    assert "DailyMed has no label for 'nosuchdrug'" in result.stderr
    assert any("drug_name=nosuchdrug" in path for path in stub.requests)
    assert not data.exists()


def test_a_ten_letter_name_is_no_ndc() -> None:
    from medinfo.ndc import asked_forms

    assert asked_forms("fluoxetine") == []
    assert asked_forms("5009009270") == ["5009-0092-70", "50090-092-70", "50090-0927-0"]


def test_update_takes_a_new_version_keeps_the_old_and_names_it(
    stub: DailyMedStub, data: Path
) -> None:
    assert medinfo("fetch", TEVA, url=stub.url).returncode == 0
    quiet = medinfo("update", url=stub.url)
    assert (quiet.returncode, quiet.stdout) == (0, "")
    assert "the fetched label is current" in quiet.stderr
    stub.publish(V5)
    dry = medinfo("update", "--dry-run", url=stub.url)
    assert "veltorin (Teva Fixture Labs): version 4 -> 5" in dry.stdout
    assert (data / f"{TEVA}.xml").read_bytes() == V4
    result = medinfo("update", url=stub.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "veltorin (Teva Fixture Labs): version 4 -> 5\n"
    assert (data / f"{TEVA}.xml").read_bytes() == V5
    kept = previous_versions(str(data), TEVA)
    assert [version for version, _ in kept] == [4]
    assert Path(kept[0][1]).read_bytes() == V4
    shown = medinfo("show", TEVA, "ci", url=stub.url)
    assert "fixture hepatitis" in shown.stdout


def test_fetching_a_label_already_current_says_so(stub: DailyMedStub, data: Path) -> None:
    assert medinfo("fetch", TEVA, url=stub.url).returncode == 0
    before = snapshot(data)
    again = medinfo("fetch", TEVA, url=stub.url)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"already current veltorin (Teva Fixture Labs): version 4, set id {TEVA}\n"
    )
    as_json = medinfo("fetch", TEVA, "--json", url=stub.url)
    assert '"unchanged": true' in as_json.stdout
    assert snapshot(data) == before


def test_update_when_the_history_is_ahead_of_the_label_served(
    stub: DailyMedStub, data: Path
) -> None:
    from tests.dailymed_stub import Version

    assert medinfo("fetch", TEVA, url=stub.url).returncode == 0
    before = snapshot(data)
    listed = Version(V4)  # the history names version 5; the label served is still 4
    listed.version = 5
    stub.versions[TEVA].append(listed)
    result = medinfo("update", url=stub.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "DailyMed lists version 5, but its label is still version 4" in result.stderr
    assert "?" not in result.stderr
    assert snapshot(data) == before


FAULTS = [
    # Retry-After: 0, the waits being no part of these (test_two_429s... waits one out).
    (("500", None, "0"), "DailyMed answered 500 three times"),
    (("503", None, "0"), "DailyMed answered 503 three times"),
    (("cut",), "DailyMed sent a body cut short three times"),
    (("reset",), "DailyMed dropped the connection three times"),
    (("html",), "DailyMed answered with a web page instead of JSON"),
    (("hang",), "DailyMed did not answer within 1 second\n"),
    (("trickle",), "DailyMed did not answer within 1 second\n"),
    (("429", None, "3600"), "DailyMed asked to wait 3600 seconds"),
]


@pytest.fixture
def fetched(stub: DailyMedStub, data: Path) -> dict[str, bytes]:
    """Fetch the Teva label, publish a newer one, and return the collection's bytes."""
    assert medinfo("fetch", TEVA, url=stub.url).returncode == 0
    stub.publish(V5)
    return snapshot(data)


CASES = [
    pytest.param(command, fault, message, id=f"{command}-{fault[0]}")
    for command in ("fetch", "update")
    for fault, message in FAULTS
    if command == "fetch" or fault[0] in ("500", "reset", "hang", "html")
]


@pytest.mark.parametrize(("command", "fault", "message"), CASES)
def test_a_failing_service_exits_3_and_changes_nothing(
    stub: DailyMedStub,
    data: Path,
    fetched: dict[str, bytes],
    fault: tuple[str, ...],
    message: str,
    command: str,
) -> None:
    stub.fail(fault[0], None, *fault[2:])
    args = ["fetch", "veltorin"] if command == "fetch" else ["update"]
    result = medinfo(*args, "--timeout", "1", url=stub.url)
    if command == "update" and fault[0] == "html":
        message = "DailyMed answered with a web page instead of JSON"
    assert result.returncode == 3
    assert f"Error: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(data) == fetched


def test_json_still_names_the_labels_fetched_before_a_failure(
    stub: DailyMedStub, data: Path
) -> None:
    # The first label is installed; the second keeps failing: a script must learn of both.
    stub.fail("500", None, "0", match=f"{ACME}.xml")
    result = medinfo("fetch", TEVA, ACME, "--json", url=stub.url)
    assert result.returncode == 3
    document = json.loads(result.stdout)
    assert [label["set_id"] for label in document["fetched"]] == [TEVA]
    assert document["error"] == "DailyMed answered 500 three times"
    assert "Error: DailyMed answered 500 three times" in result.stderr
    assert os.listdir(data) == [f"{TEVA}.xml"]


@pytest.mark.parametrize("fault", ["cut", "reset", "html"])
def test_a_failed_download_of_the_label_itself_changes_nothing(
    stub: DailyMedStub, data: Path, fetched: dict[str, bytes], fault: str
) -> None:
    stub.fail(fault, match=".xml")  # the list and the history answer; the label does not
    message = {
        "cut": "DailyMed sent a body cut short three times",
        "reset": "DailyMed dropped the connection three times",
        "html": "DailyMed answered with a web page instead of the label of set id",
    }[fault]
    for args in (["update"], ["fetch", "veltorin"]):
        result = medinfo(*args, url=stub.url)
        assert result.returncode == 3, args
        assert f"Error: {message}" in result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(data) == fetched


def test_no_server_at_all(data: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = medinfo("fetch", "veltorin", url=f"http://127.0.0.1:{port}/dailymed")
    assert result.returncode == 3
    assert "Error: cannot reach DailyMed: connection refused" in result.stderr
    assert "Traceback" not in result.stderr
    assert not data.exists()


def test_two_429s_with_retry_after_are_waited_out(stub: DailyMedStub, data: Path) -> None:
    stub.fail("429", 2, "1")
    result = medinfo("fetch", TEVA, url=stub.url)
    assert result.returncode == 0, result.stderr
    assert (data / f"{TEVA}.xml").read_bytes() == V4
    assert len(stub.requests) == 3


def test_a_few_requests_at_a_time(tmp_path: Path, data: Path) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for number in range(12):
        set_id = f"c1a0c1a0-3333-4333-8333-{number:012d}"
        (many / f"{number}.xml").write_bytes(V4.replace(TEVA.encode(), set_id.encode()))
    with DailyMedStub(many) as server:
        result = medinfo("fetch", "veltorin", url=server.url)
    assert result.returncode == 0, result.stderr
    assert len(os.listdir(data)) == 12
    assert 1 <= server.busiest <= 3


def test_proxy_from_the_environment_and_no_proxy(stub: DailyMedStub, data: Path) -> None:
    # The stub answers an absolute-URL request as a proxy would pass it on.
    through = medinfo("fetch", TEVA, url="http://dailymed.example/dailymed", HTTP_PROXY=stub.url)
    assert through.returncode == 0, through.stderr
    assert any(path.startswith("http://dailymed.example/") for path in stub.requests)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    refused = medinfo("fetch", TEVA, url=stub.url, HTTP_PROXY=dead, NO_PROXY="")
    assert refused.returncode == 3
    bypassed = medinfo("fetch", TEVA, url=stub.url, HTTP_PROXY=dead, NO_PROXY="127.0.0.1")
    assert bypassed.returncode == 0, bypassed.stderr


def test_a_download_that_is_not_the_label_asked_for_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "labels"
    for data, words in (
        (V4, f"the label of set id {TEVA} when asked for {ACME}"),
        (V4[: len(V4) // 2], "no usable label"),
        (b"<!DOCTYPE html><html><body>Error</body></html>", "no usable label"),
    ):
        with pytest.raises(Unreachable, match=words) as caught:
            install(str(root), ACME, data)
        assert caught.value.code == 3
    assert snapshot(root) == {}


def test_install_keeps_the_replaced_version_and_leaves_nothing_behind(tmp_path: Path) -> None:
    root = str(tmp_path)
    label, old, unchanged = install(root, TEVA, V4)
    assert (label.version, old, unchanged) == ("4", None, False)
    label, old, unchanged = install(root, TEVA, V4)
    assert (old, unchanged) == (None, True)
    label, old, unchanged = install(root, TEVA, V5)
    assert (label.version, old.version if old else None, unchanged) == ("5", "4", False)
    assert sorted(os.listdir(root)) == [".previous", f"{TEVA}.xml"]
    assert Path(label_path(root, TEVA)).read_bytes() == V5
    assert oct(os.stat(label_path(root, TEVA)).st_mode & 0o777) != "0o600"


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_while_replacing_puts_the_old_version_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    import medinfo.fetch.collection as collection

    root = tmp_path / "labels"
    install(str(root), TEVA, V4)
    before = snapshot(root)
    moves: list[str] = []
    real_replace = os.replace

    def replace(source: str, destination: str) -> None:
        moves.append(source)
        if source.endswith(".part"):  # the old version has moved to .previous by now
            raise failure
        real_replace(source, destination)

    monkeypatch.setattr(collection.os, "replace", replace)
    with pytest.raises(type(failure)):
        install(str(root), TEVA, V5)
    assert len(moves) == 3  # away, the new one (failed), and back
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("where", "failure"),
    [
        ("mkstemp", PermissionError(13, "Permission denied", "/x/.c1a0.part")),
        ("fsync", OSError(28, "No space left on device")),
        ("fsync", KeyboardInterrupt()),
    ],
)
def test_a_collection_that_cannot_be_written_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, failure: BaseException
) -> None:
    import medinfo.fetch.collection as collection

    root = tmp_path / "labels"
    install(str(root), TEVA, V4)
    before = snapshot(root)

    def fail(*args: object, **kwargs: object) -> None:
        raise failure

    owner = collection.tempfile if where == "mkstemp" else collection.os
    monkeypatch.setattr(owner, where, fail)
    with pytest.raises(
        MedinfoError if isinstance(failure, OSError) else KeyboardInterrupt
    ) as caught:
        install(str(root), TEVA, V5)
    if isinstance(caught.value, MedinfoError) and isinstance(failure, OSError):
        assert caught.value.code == 2
        assert caught.value.message == (
            f"cannot write to the label collection {root}: {failure.strerror}"
        )
    assert snapshot(root) == before
    assert sorted(os.listdir(root)) == [f"{TEVA}.xml"]  # no temporary file left behind


@pytest.mark.parametrize(
    "answer",
    [
        {"data": {"spl": {"setid": TEVA}, "history": [{"spl_version": 5}, {"spl_version": 4}]}},
        {"data": [{"spl_version": "4"}, {"spl_version": "5"}]},
    ],
    ids=["as-documented", "a-flat-list"],
)
def test_the_newest_version_in_a_history(answer: dict[str, object]) -> None:
    import json

    from medinfo.fetch.client import Client, Response
    from medinfo.fetch.dailymed import DailyMed

    class Answering(Client):
        def get(self, url: str) -> Response:
            assert url == f"http://mirror.invalid/dailymed/services/v2/spls/{TEVA}/history.json"
            return Response(200, "application/json", json.dumps(answer).encode())

    assert DailyMed(Answering(), "http://mirror.invalid/dailymed").newest_version(TEVA) == 5


@pytest.fixture
def redirector(stub: DailyMedStub) -> Iterator[str]:
    """Serve a mirror that moved on loopback: /moved/... goes to the stub, /loop/... to itself."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Moved(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet."""

        def do_GET(self) -> None:
            """Answer 301 with where the resource is now."""
            rest = self.path.split("/dailymed/", 1)[1]
            if self.path.startswith("/moved/"):
                where = f"{stub.url}/{rest}"
            else:
                where = f"/loop/dailymed/{rest}"  # relative, as Location may be
            self.send_response(301)
            self.send_header("Location", where)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Moved)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_is_followed_and_a_loop_refused(
    stub: DailyMedStub, data: Path, redirector: str
) -> None:
    moved = medinfo("fetch", "veltorin", url=f"{redirector}/moved/dailymed")
    assert moved.returncode == 0, moved.stderr
    assert sorted(os.listdir(data)) == sorted([f"{TEVA}.xml", f"{ACME}.xml"])
    before = snapshot(data)
    looped = medinfo("update", url=f"{redirector}/loop/dailymed")
    assert looped.returncode == 3
    assert "Error: DailyMed redirected more than 5 times" in looped.stderr
    assert "Traceback" not in looped.stderr
    assert snapshot(data) == before


@pytest.fixture
def oversized() -> Iterator[tuple[str, list[str]]]:
    """Serve bodies larger than any label on loopback; return the address and the paths asked."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []

    class Huge(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet."""

        def do_GET(self) -> None:
            """Announce 100 MB (/declared/), or send 5,000 bytes with no length (/streamed/)."""
            asked.append(self.path)
            self.send_response(200)
            if self.path.startswith("/declared/"):
                self.send_header("Content-Length", "100000000")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"x" * 5000)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Huge)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_body_larger_than_any_label_is_refused_at_once(
    data: Path, oversized: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, asked = oversized
    result = medinfo("fetch", TEVA, url=f"{url}/declared/dailymed")
    assert result.returncode == 3
    assert "Error: DailyMed sent a body of 100,000,000 bytes, more than a label can be" in (
        result.stderr
    )
    assert len(asked) == 1  # asking again would only bring the same body again
    assert not data.exists()
    # A body of no stated length is cut off once it passes the limit.
    from medinfo.fetch import client

    monkeypatch.setattr(client, "MAX_BODY", 1000)
    with pytest.raises(Unreachable, match="sent more than 1,000 bytes"):
        client.Client(timeout=5).get(f"{url}/streamed/x")
    assert len(asked) == 2


def test_a_redirect_from_https_to_http_is_refused() -> None:
    from medinfo.fetch.client import Client, _Redirect

    client = Client()
    assert client._redirected("http://a.invalid/x", _Redirect("https://b.invalid/y"), 1) == (
        "https://b.invalid/y"
    )
    with pytest.raises(Unreachable, match="from https to an insecure address"):
        client._redirected("https://a.invalid/x", _Redirect("http://b.invalid/y"), 1)


def test_retry_after_as_seconds_or_date() -> None:
    assert _retry_after("2") == 2.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert _retry_after("soon") is None


def test_fetched_labels_come_first_on_the_default_path(data: Path) -> None:
    assert resolve_dirs(None) == [bundled_dir()]  # no collection yet: the bundled one only
    data.mkdir()
    assert resolve_dirs(None) == [os.path.realpath(data), bundled_dir()]


def test_a_fetched_label_of_a_bundled_drug_is_reachable(data: Path, run) -> None:
    data.mkdir()
    label = V4.replace(b"VELTORIN", b"WARFARIN").replace(b"Veltorin", b"Warfarin")
    (data / f"{TEVA}.xml").write_bytes(label.replace(b"veltorin", b"warfarin"))
    result = run("show", "warfarin", "contraindications", "--json")
    assert result.exit_code == 0, result.stderr
    assert '"source": "spl"' in result.stdout
    assert "Do not use warfarin with fixturamide." in result.stdout


def test_medinfo_path_replaces_the_defaults(data: Path, tmp_path: Path, monkeypatch) -> None:
    data.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("MEDINFO_PATH", str(other))
    assert resolve_dirs(None) == [os.path.realpath(other)]


def test_a_set_id_dailymed_does_not_have_is_not_found(stub: DailyMedStub, data: Path) -> None:
    unknown = "c1a0c1a0-9999-4999-8999-000000000009"
    result = medinfo("fetch", unknown, url=stub.url)
    assert result.returncode == 1
    assert f"Error: DailyMed has no label with set id {unknown}" in result.stderr
    assert not data.exists()


def test_update_passes_over_a_label_dailymed_no_longer_has(stub: DailyMedStub, data: Path) -> None:
    assert medinfo("fetch", "veltorin", url=stub.url).returncode == 0
    del stub.versions[ACME]  # withdrawn: its history answers 404
    stub.publish(V5)
    result = medinfo("update", url=stub.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "veltorin (Teva Fixture Labs): version 4 -> 5\n"
    assert (data / f"{ACME}.xml").exists()


def test_a_list_that_never_ends_is_read_to_its_last_new_label() -> None:
    from medinfo.fetch.dailymed import Listed, Page
    from medinfo.fetching import _listed

    class Endless:
        """A service whose every page is the first, and says there is more."""

        def labels(self, field: str, value: str, page: int = 1, size: int = 100) -> Page:
            return Page([Listed(TEVA, "VELTORIN", "4"), Listed(ACME, "VELTORIN", "2")], 2, True)

    assert _listed(Endless(), "drug_name", "veltorin", None) == ([TEVA, ACME], 2)  # type: ignore[arg-type]


def test_a_proxy_login_is_sent_to_the_proxy(stub: DailyMedStub, data: Path) -> None:
    login = stub.url.replace("http://", "http://ana:s%40cret@")
    seen: list[str | None] = []
    original = stub.server.RequestHandlerClass.do_GET

    def spy(handler) -> None:
        seen.append(handler.headers.get("Proxy-Authorization"))
        original(handler)

    stub.server.RequestHandlerClass.do_GET = spy  # type: ignore[method-assign]
    result = medinfo("fetch", TEVA, url="http://dailymed.example/dailymed", HTTP_PROXY=login)
    assert result.returncode == 0, result.stderr
    assert seen and seen[0] == "Basic YW5hOnNAY3JldA=="  # ana:s@cret


def test_an_ndc_dailymed_does_not_list_is_not_found(stub: DailyMedStub, data: Path) -> None:
    result = medinfo("fetch", "99999-999-99", url=stub.url)
    assert result.returncode == 1
    assert "DailyMed has no label with NDC '99999-999-99'" in result.stderr


def _https(stub: DailyMedStub, tmp_path: Path) -> Path:
    """Serve the stub over TLS with a certificate of its own; return the certificate."""
    import shutil
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    stub.server.socket = context.wrap_socket(stub.server.socket, server_side=True)
    return cert


def test_tls_certificates_are_verified(tmp_path: Path, data: Path) -> None:
    stub = DailyMedStub(FIXTURES / "fetch")
    cert = _https(stub, tmp_path)
    with stub:
        url = stub.url.replace("http://", "https://")
        refused = medinfo("fetch", TEVA, url=url)
        assert refused.returncode == 3
        assert "certificate could not be verified" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert not data.exists()
        trusted = medinfo("fetch", TEVA, url=url, SSL_CERT_FILE=str(cert))
        assert trusted.returncode == 0, trusted.stderr
        assert (data / f"{TEVA}.xml").read_bytes() == V4


def test_the_stub_is_controlled_over_http_when_run_standalone(
    stub: DailyMedStub, data: Path
) -> None:
    import urllib.request

    def post(path: str, body: bytes = b"") -> str:
        with urllib.request.urlopen(f"{stub.url.rsplit('/', 1)[0]}{path}", body) as answer:
            return answer.read().decode()

    assert post("/_stub/publish", V5) == f"published {TEVA} version 5\n"
    assert post("/_stub/fault?kind=503&count=1") == "fault 503\n"
    result = medinfo("fetch", TEVA, url=stub.url)
    assert result.returncode == 0, result.stderr
    assert (data / f"{TEVA}.xml").read_bytes() == V5


@pytest.mark.parametrize("term", ["veltorin", TEVA])  # the list asked, or the label itself
def test_ctrl_c_while_waiting_for_dailymed_ends_at_once(
    stub: DailyMedStub, data: Path, fetched: dict[str, bytes], term: str
) -> None:
    import signal
    import time

    stub.fail("hang")
    asked = len(stub.requests)
    process = subprocess.Popen(
        [sys.executable, "-m", "medinfo", "fetch", term, "--timeout", "3600"],
        env={**os.environ, "MEDINFO_DAILYMED_URL": stub.url},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(400):  # until the request hangs
        if len(stub.requests) > asked:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)  # not the hour of --timeout
    assert process.returncode == 130
    assert "Traceback" not in err
    assert snapshot(data) == fetched
