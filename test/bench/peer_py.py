"""One side of a benchmark with native pyzmq (same roles as peer-node.ts).
Run with /usr/bin/python3 (Debian's python3-zmq)."""
import json
import struct
import sys
import time

import zmq

role, endpoint = sys.argv[1], sys.argv[2]
opts = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
ctx = zmq.Context()


def out(**fields):
    print(json.dumps(fields), flush=True)


if role == "pub":
    s = ctx.socket(zmq.PUB)
    s.bind(endpoint)
    out(ready=True)
    # Each message carries its send time (wall clock, ms) and sequence number
    # (little-endian doubles at offset 0 and 8), so a subscriber can tell the
    # age of what it receives; a progress line every 100 ms says how many
    # were published by when (the share a subscriber got of them).
    msg = bytearray(b"x" * max(16, int(opts.get("size", 100))))
    seq = 0
    report_at = time.monotonic()

    def send():
        global seq, report_at
        struct.pack_into("<dd", msg, 0, time.time() * 1000, seq)
        s.send(msg)  # copies: msg can be stamped again at once
        seq += 1
        if seq & 255 == 0 and time.monotonic() >= report_at:
            report_at = time.monotonic() + 0.1
            out(t=time.time() * 1000, seq=seq)

    # interval (s): a steady ticker instead of flat out, so a measurement
    # that only needs the next message does not share its cores with a spin.
    interval = float(opts.get("interval", 0))
    # rate (msgs/s): a steady feed at that rate, sent in 10 ms batches on a
    # fixed schedule (a sleep per message cannot keep 10k/s).
    rate = int(opts.get("rate", 0))
    if rate:
        batch, tick = max(1, rate // 100), time.perf_counter()
        while True:
            for _ in range(batch):
                send()
            tick += 0.01
            time.sleep(max(0.0, tick - time.perf_counter()))
    while True:
        send()
        if interval:
            time.sleep(interval)
elif role == "sub":
    s = ctx.socket(zmq.SUB)
    s.connect(endpoint)
    s.setsockopt(zmq.SUBSCRIBE, b"")
    s.recv()
    count = nbytes = 0
    t0 = time.perf_counter()
    end = t0 + float(opts.get("seconds", 3))
    while True:
        frame = s.recv(copy=False)
        count += 1
        nbytes += len(frame)
        if count & 255 == 0 and time.perf_counter() >= end:
            break
    elapsed = time.perf_counter() - t0
    out(messagesPerSecond=count / elapsed, megabytesPerSecond=nbytes / elapsed / 1e6)
elif role == "rep":
    s = ctx.socket(zmq.REP)
    s.bind(endpoint)
    out(ready=True)
    while True:
        s.send_multipart(s.recv_multipart(copy=False), copy=False)
elif role == "req":
    s = ctx.socket(zmq.REQ)
    s.connect(endpoint)
    msg = b"x" * int(opts.get("size", 100))
    for _ in range(500):
        s.send(msg)
        s.recv()
    count = int(opts.get("count", 5000))
    samples = []
    for _ in range(count):
        t = time.perf_counter()
        s.send(msg)
        s.recv()
        samples.append(time.perf_counter() - t)
    samples.sort()
    total = sum(samples)
    out(roundTripsPerSecond=count / total, meanMicros=total / count * 1e6,
        p50Micros=samples[count // 2] * 1e6, p99Micros=samples[int(count * 0.99)] * 1e6)
