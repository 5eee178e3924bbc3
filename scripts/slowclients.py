#!/usr/bin/env python3
"""Slow clients (slowloris) against one loopback address, for scripts/bench-slowclients.sh.

Keeps CONNECTIONS connections open to HOST:PORT for DURATION seconds. Each sends a request line at
once, then one header line every INTERVAL seconds and never the blank line that ends the headers, so
the server waits for the rest. A connection the server closes is opened again (the attacker keeps
its count up), so the attack lasts as long as DURATION, not as long as the server's patience.
Bounded: never more than CONNECTIONS at once, new connections at most RAMP per second, stops at
DURATION. Prints one JSON line of counts at the end (and a progress line every 5 s on stderr).
"""
import argparse
import asyncio
import json
import sys
import time


class Counts:
    def __init__(self):
        self.opened = 0          # connections established
        self.connect_failed = 0  # refused, reset or timed out while connecting
        self.cut = 0             # closed or reset by the server while trickling
        self.open_now = 0
        self.max_open = 0


async def one_client(host, port, interval, deadline, counts, ramp):
    """One slot of the attack: connect, trickle headers, and reconnect when the server cuts it."""
    while time.monotonic() < deadline:
        await ramp.acquire()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=5)
        except (OSError, asyncio.TimeoutError):
            counts.connect_failed += 1
            await asyncio.sleep(0.5)  # do not spin on a refusing server
            continue
        counts.opened += 1
        counts.open_now += 1
        counts.max_open = max(counts.max_open, counts.open_now)
        try:
            writer.write(b"GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            await writer.drain()
            line = 0
            while time.monotonic() < deadline:
                try:
                    # Anything from the server (an answer, EOF) means it gave up on us.
                    data = await asyncio.wait_for(reader.read(1024), timeout=interval)
                    counts.cut += 1
                    break
                except asyncio.TimeoutError:
                    pass
                writer.write(b"X-Slow-%d: %d\r\n" % (line, line))
                await writer.drain()
                line += 1
        except OSError:
            counts.cut += 1
        finally:
            counts.open_now -= 1
            writer.transport.abort()


async def ramp_tokens(ramp, per_second, deadline):
    """Releases at most per_second new connection attempts a second, in 10 slices."""
    while time.monotonic() < deadline:
        for _ in range(max(1, per_second // 10)):
            ramp.release()
        await asyncio.sleep(0.1)
    for _ in range(100000):
        ramp.release()  # wake every waiter so it sees the deadline


async def progress(counts, deadline):
    while time.monotonic() < deadline:
        await asyncio.sleep(5)
        print(f"slowclients: open {counts.open_now}, opened {counts.opened}, cut by server {counts.cut}, "
              f"connect failures {counts.connect_failed}", file=sys.stderr, flush=True)


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--interval", type=float, default=3, help="seconds between two header lines")
    parser.add_argument("--ramp", type=int, default=2000, help="new connections per second at most")
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("slowclients: loopback only")
    if not 0 < args.connections <= 20000 or not 0 < args.duration <= 600:
        sys.exit("slowclients: at most 20,000 connections and 600 s")

    counts = Counts()
    deadline = time.monotonic() + args.duration
    ramp = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(one_client(args.host, args.port, args.interval, deadline, counts, ramp))
             for _ in range(args.connections)]
    helpers = [asyncio.create_task(ramp_tokens(ramp, args.ramp, deadline)),
               asyncio.create_task(progress(counts, deadline))]
    await asyncio.wait(tasks, timeout=args.duration + 10)
    for task in tasks + helpers:
        task.cancel()
    print(json.dumps({"connections": args.connections, "opened": counts.opened, "max_open": counts.max_open,
                      "cut_by_server": counts.cut, "connect_failed": counts.connect_failed}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
