#!/usr/bin/env python3
"""Times `minhbach serve` taking in one province's next month, for bench/run.sh.

    python3 bench/serve_update.py MINHBACH CONTENT CACHE RUNS     rows of runs.tsv on stdout

Starts `minhbach serve --port 0` on CONTENT with CACHE as the user's cache folder (where the
preview is built), waits until it serves, listens to its live-reload events, then RUNS times:
adds the next month of the first province (bench/add_month.py), measures the time from the
first file written to the `reload` event (the pages are online), waits for the rebuild to end
(bulk downloads included), removes the files again and waits for that rebuild too (untimed).
The server's peak memory (VmHWM) is read before it is stopped. Standard library only.
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ADD_MONTH = Path(__file__).with_name("add_month.py")


def main() -> int:
    minhbach, content, cache, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    env = dict(os.environ, XDG_CACHE_HOME=cache, NO_COLOR="1")
    server = subprocess.Popen(
        [minhbach, "serve", "--content", content, "--port", "0", "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        return measure(server, content, runs)
    finally:
        server.terminate()
        server.wait()


def measure(server: subprocess.Popen, content: str, runs: int) -> int:
    port = None
    for line in server.stdout:
        found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if found:
            port = int(found.group(1))
            break
    if port is None:
        print("minhbach serve stopped before serving", file=sys.stderr)
        return 1
    reloads: list[float] = []
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"GET /__minhbach/events HTTP/1.1\r\nHost: bench\r\n\r\n")
    threading.Thread(target=listen, args=(conn, reloads), daemon=True).start()
    rebuilt: list[float] = []
    threading.Thread(target=follow, args=(server, rebuilt), daemon=True).start()
    time.sleep(1)
    for run in range(1, runs + 1):
        seen, done = len(reloads), len(rebuilt)
        started = time.time()
        added = subprocess.run(
            [sys.executable, "-B", str(ADD_MONTH), content],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        online = wait_for(reloads, seen) - started
        wall = wait_for(rebuilt, done) - started
        load1 = os.getloadavg()[0]
        print(
            f"{run}\tminhbach-serve-new-month\t{wall:.2f}\t\t\t{peak_kb(server.pid)}\t\t\t\t\t"
            f"{load1:.2f}\t{len(added)} new period files\t\t{online:.2f}",
            flush=True,
        )
        done = len(rebuilt)
        for path in added:
            os.remove(path)
        wait_for(rebuilt, done)
        # Let the removal's own events settle before the next run.
        time.sleep(2)
    return 0


def listen(conn: socket.socket, reloads: list) -> None:
    """Appends the time of each `reload` event."""
    buffer = b""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buffer += data
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            if b"event: reload" in event:
                reloads.append(time.time())


def follow(server: subprocess.Popen, rebuilt: list) -> None:
    """Appends the time of each line saying a rebuild ended (bulk downloads included)."""
    for line in server.stdout:
        if line.startswith("rebuilt in") or "build failed" in line:
            rebuilt.append(time.time())


def wait_for(times: list, seen: int, limit: float = 1800) -> float:
    until = time.time() + limit
    while len(times) <= seen:
        if time.time() > until:
            raise SystemExit("minhbach serve did not rebuild in time")
        time.sleep(0.01)
    return times[seen]


def peak_kb(pid: int) -> str:
    """The process's peak resident memory so far, in kB (Linux), or nothing."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return ""
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return found.group(1) if found else ""


if __name__ == "__main__":
    sys.exit(main())
