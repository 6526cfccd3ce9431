"""A Streamlit client at the WebSocket protocol level, for load tests (no browser).

It does what the Streamlit 1.67 frontend does to show a page, as the server side expects it
(streamlit/web/server/starlette/starlette_websocket.py, runtime/app_session.py):

1. ``GET /_stcore/health``: the server answers ``ok`` and sets the ``_streamlit_xsrf``
   cookie (a proxy in front may add its own sticky-session cookie; all cookies are kept).
2. Open ``ws://HOST:PORT/_stcore/stream`` with the ``Origin`` of the page, the cookies, and
   ``Sec-WebSocket-Protocol: streamlit, <xsrf cookie value>``: the server selects the first
   entry and compares the second with the cookie (it only matters for ``st.login``).
3. Send a ``BackMsg.rerun_script`` whose ``ClientState`` carries the query string (the
   partner filter), the page (empty hash and name = the default page) and context info.
4. Read ``ForwardMsg``s until ``script_finished``. ``FINISHED_EARLY_FOR_RERUN`` means a new
   run follows (``st.rerun()``), so we keep reading; an ``exception`` element, a compile
   error or ``page_not_found`` makes the run an error.

Only the standard library, ``websockets`` and Streamlit's protobufs are used.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

XSRF_COOKIE_NAME = "_streamlit_xsrf"
# Plotly figures travel as JSON inside ForwardMsgs; websockets' default 1 MiB cap could cut
# a big page off, and the test must not fail for a client-side limit.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def cookies(self) -> dict[str, str]:
        jar: dict[str, str] = {}
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                parsed = SimpleCookie()
                parsed.load(value)
                jar.update({key: morsel.value for key, morsel in parsed.items()})
        return jar


def run(coroutine):
    """``asyncio.run(coroutine)``, also from a thread whose event loop is already running.

    Playwright's sync API keeps a loop running in the test thread while browser fixtures are
    alive; asyncio.run refuses to start there, so the coroutine gets a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def http_get(url: str, timeout: float = 10.0, cookies: dict[str, str] | None = None) -> HttpResponse:
    """A minimal HTTP/1.1 GET over asyncio streams (no extra dependency), bounded by timeout."""
    return await asyncio.wait_for(_http_get(url, cookies or {}), timeout)


async def _http_get(url: str, cookies: dict[str, str]) -> HttpResponse:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    try:
        lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        raw = await reader.read()  # Connection: close -> read to EOF
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in header_lines if ":" in line]
    if any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers):
        body = _dechunk(body)
    return HttpResponse(int(status_line.split()[1]), headers, body)


def _dechunk(body: bytes) -> bytes:
    out = b""
    for _ in range(10_000):  # bounded; real bodies here are a few chunks
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, body = out + rest[:size], rest[size + 2 :]
    return out


@dataclass
class RunResult:
    """One script run as the client saw it."""

    ok: bool = False
    seconds: float | None = None  # rerun sent -> script_finished received
    first_message_seconds: float | None = None  # rerun sent -> first ForwardMsg (new_session)
    error: str | None = None
    messages: int = 0
    deltas: int = 0
    exceptions: list[str] = field(default_factory=list)
    early_reruns: int = 0


class StreamlitSession:
    """One browser-like session: ``await connect()``, ``await run(query)``, ``await close()``."""

    def __init__(self, base_url: str, open_timeout: float = 30.0, cookies: dict[str, str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.open_timeout = open_timeout
        self.cookies: dict[str, str] = dict(cookies or {})  # e.g. a proxy's sticky cookie
        self.ws: ClientConnection | None = None

    async def connect(self) -> None:
        health = await http_get(f"{self.base_url}/_stcore/health", timeout=self.open_timeout, cookies=self.cookies)
        if health.status != 200:
            raise ConnectionError(f"health returned {health.status}: {health.body[:200]!r}")
        self.cookies.update(health.cookies())
        parts = urlsplit(self.base_url)
        subprotocols = ["streamlit"]
        if XSRF_COOKIE_NAME in self.cookies:
            subprotocols.append(self.cookies[XSRF_COOKIE_NAME])
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await connect(
            f"ws://{parts.netloc}{parts.path}/_stcore/stream",
            origin=f"{parts.scheme}://{parts.netloc}",
            subprotocols=subprotocols,
            additional_headers=headers,
            open_timeout=self.open_timeout,
            close_timeout=5,
            max_size=MAX_MESSAGE_BYTES,
            max_queue=None,
            compression=None,
            # A browser sends no ping frames (the server pings it); the websockets default would
            # ping every 20 s, and that traffic would hide a hung server from a proxy's timeout.
            ping_interval=None,
        )

    def rerun_message(self, query_string: str, page_script_hash: str = "", page_name: str = "") -> bytes:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = query_string
        state.page_script_hash = page_script_hash
        state.page_name = page_name
        info = state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = "en-US"
        info.url = f"{self.base_url}/{page_name}" + (f"?{query_string}" if query_string else "")
        info.is_embedded = False
        info.color_scheme = "light"
        return back.SerializeToString()

    async def run(
        self, query_string: str, timeout: float = 60.0, page_script_hash: str = "", page_name: str = ""
    ) -> RunResult:
        """Send rerun_script and read until the run ends; never raises, never waits > timeout."""
        result = RunResult()
        if self.ws is None:
            result.error = "not connected"
            return result
        payload = self.rerun_message(query_string, page_script_hash, page_name)
        started = time.perf_counter()
        try:
            await asyncio.wait_for(self._send_and_read(payload, result, started), timeout)
        except TimeoutError:
            result.error = f"timeout after {timeout:.0f} s ({result.messages} messages)"
        except Exception as exc:  # connection closed, protocol error: all count as errors
            result.error = f"{type(exc).__name__}: {exc}"[:300]
        if result.error is None and result.exceptions:
            result.error = "exception: " + result.exceptions[0][:300]
        result.ok = result.error is None
        if result.ok:
            result.seconds = time.perf_counter() - started
        return result

    async def _send_and_read(self, payload: bytes, result: RunResult, started: float) -> None:
        await self.ws.send(payload)
        for _ in range(1_000_000):  # bounded in count; run() bounds it in time
            raw = await self.ws.recv()
            if isinstance(raw, str):
                raise ValueError("text frame from server")
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if result.messages == 0:
                result.first_message_seconds = time.perf_counter() - started
            result.messages += 1
            kind = msg.WhichOneof("type")
            if kind == "delta":
                result.deltas += 1
                element = msg.delta.new_element
                if msg.delta.WhichOneof("type") == "new_element" and element.WhichOneof("type") == "exception":
                    result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                exc = msg.session_event.script_compilation_exception
                result.exceptions.append(f"compile: {exc.type}: {exc.message}")
            elif kind == "page_not_found":
                result.exceptions.append(f"page_not_found: {msg.page_not_found.page_name!r}")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    result.early_reruns += 1
                    continue
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return
                if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    continue  # a fragment's own run, not the full page run we wait for
                result.exceptions.append(f"script_finished status {ForwardMsg.ScriptFinishedStatus.Name(status)}")
                return
        raise RuntimeError("too many messages without script_finished")

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # the server may already have gone
                await asyncio.wait_for(self.ws.close(), 10)
            self.ws = None


async def one_run(
    base_url: str, query_string: str, timeout: float = 60.0, cookies: dict[str, str] | None = None
) -> RunResult:
    """Connect, run the default page once with query_string, close. Never raises."""
    session = StreamlitSession(base_url, open_timeout=min(30.0, timeout), cookies=cookies)
    try:
        await session.connect()
    except Exception as exc:
        return RunResult(error=f"connect: {type(exc).__name__}: {exc}"[:300])
    try:
        return await session.run(query_string, timeout=timeout)
    finally:
        await session.close()
