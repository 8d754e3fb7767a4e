"""A TCP proxy the tests control, put between the application and a shared server (Redis or
PostgreSQL) to make it "go away" without touching that server.

`down()` closes the listening socket (new connections are refused, as by a stopped server) and
every open connection (both ends: the client sees the server vanish mid-conversation; the server
sees its client go, so PostgreSQL rolls back whatever transaction was open). `up()` listens again
on the same port. Threads only, standard library only.
"""

from __future__ import annotations

import select
import socket
import threading
import time


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, name: str = "proxy") -> None:
        self.target = (target_host, target_port)
        self.name = name
        self.port = 0
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._accepting: threading.Thread | None = None
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._closed = False
        self.accepted = 0  # connections accepted (and forwarded) so far
        self.cut = 0  # open connections closed by down()
        self.outages: list[tuple[float, float | None]] = []  # (down at, up at) in time.monotonic()

    # -- control -----------------------------------------------------------------------------------
    def start(self) -> TcpProxy:
        self._listen()
        return self

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def down(self) -> int:
        """Refuse new connections and close every open one; returns how many were cut."""
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = set(self._pairs), set()
        if listener is not None:
            _close(listener)
            self.outages.append((time.monotonic(), None))
        if self._accepting is not None:
            self._accepting.join(5)
            self._accepting = None
        for client, upstream in pairs:
            _close(client)
            _close(upstream)
        self.cut += len(pairs)
        return len(pairs)

    def up(self) -> None:
        if self._listener is not None:
            return
        self._listen()
        if self.outages and self.outages[-1][1] is None:
            self.outages[-1] = (self.outages[-1][0], time.monotonic())

    def close(self) -> None:
        self._closed = True
        self.down()

    # -- plumbing ------------------------------------------------------------------------------------
    def _listen(self) -> None:
        deadline = time.monotonic() + 10
        while True:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", self.port))
                break
            except OSError:  # the port is briefly unavailable: try again, the clients know this one
                sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.listen(256)
        self.port = sock.getsockname()[1]
        with self._lock:
            self._listener = sock
        self._accepting = threading.Thread(target=self._accept_loop, args=(sock,), name=f"{self.name}-accept",
                                           daemon=True)
        self._accepting.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                ready, _, _ = select.select([listener], [], [], 0.05)
                if not ready:
                    continue
                client, _addr = listener.accept()
            except (OSError, ValueError):  # closed by down()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if self._listener is not listener:  # went down meanwhile
                    _close(client)
                    _close(upstream)
                    return
                pair = (client, upstream)
                self._pairs.add(pair)
                self.accepted += 1
            threading.Thread(target=self._pump, args=(pair, client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(pair, upstream, client), daemon=True).start()

    def _pump(self, pair, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._pairs.discard(pair)
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
