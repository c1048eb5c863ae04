"""Native libzmq peers (Debian's python3-zmq) for the fault and load tests.

Same protocol as peer.py (run with /usr/bin/python3; one JSON line per event
on stdout, {"ready": ..., "endpoint": ...} first), roles peer.py lacks:

  pub-seq     binds a PUB on opts.port (a fixed port, so it can be killed and
              restarted there) and publishes [topic, "<gen> <seq>" + padding]
              every opts.interval s, for at most opts.max_seconds.
  pull-count  binds a PULL on a free port and checks per-sender sequences:
              messages [b"m", id, seq] must arrive with seq = 0, 1, 2, ... for
              every id; [b"fin", id, count] says sender id sent count. After
              opts.senders fins it prints {"report": {...}} and exits.
  req-probe   a REQ that asks opts.endpoint (an echoing REP) again and again,
              opts.interval s apart, for at most opts.max_seconds: with
              opts.fresh a new socket (a new connection) for every probe,
              else one socket throughout (REQ_RELAXED: it may ask again after
              a lost reply). Prints {"probe": n, "ok": bool, "start": epoch ms,
              "ms": duration} for each; a probe unanswered within
              opts.timeout_ms is not ok.
"""
import json
import sys
import time

import zmq


def out(**fields):
    print(json.dumps(fields), flush=True)


def pub_seq(ctx, opts):
    s = ctx.socket(zmq.PUB)
    s.setsockopt(zmq.LINGER, 0)
    s.bind("tcp://127.0.0.1:%d" % int(opts["port"]))
    out(ready=True, endpoint=s.getsockopt_string(zmq.LAST_ENDPOINT))
    topic = opts.get("topic", "tick").encode()
    gen = str(opts.get("gen", 0))
    pad = b"." * int(opts.get("size", 0))
    interval = float(opts.get("interval", 0.01))
    end = time.time() + float(opts.get("max_seconds", 120))
    seq = 0
    while time.time() < end:
        s.send_multipart([topic, ("%s %d" % (gen, seq)).encode() + pad])
        seq += 1
        if interval:
            time.sleep(interval)


def pull_count(ctx, opts):
    s = ctx.socket(zmq.PULL)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.RCVTIMEO, int(opts.get("timeout_ms", 60000)))
    s.setsockopt(zmq.RCVHWM, 0)
    s.bind("tcp://127.0.0.1:*")
    out(ready=True, endpoint=s.getsockopt_string(zmq.LAST_ENDPOINT))
    senders = int(opts["senders"])
    expected = {}  # id -> next seq
    fins = {}  # id -> count the sender says it sent
    total = 0
    out_of_order = 0
    first_bad = None
    while len(fins) < senders:
        kind, ident, value = s.recv_multipart()
        ident = ident.decode()
        n = int(value)
        if kind == b"fin":
            fins[ident] = n
            continue
        total += 1
        want = expected.get(ident, 0)
        if n != want:
            out_of_order += 1
            if first_bad is None:
                first_bad = "%s: got %d, expected %d" % (ident, n, want)
        expected[ident] = n + 1
    lost = {i: c - expected.get(i, 0) for i, c in fins.items() if c != expected.get(i, 0)}
    out(report=dict(total=total, senders=len(expected), fins=len(fins), sent=sum(fins.values()),
                    out_of_order=out_of_order, first_bad=first_bad, lost=lost))


def req_probe(ctx, opts):
    endpoint = opts["endpoint"]
    fresh = bool(opts.get("fresh"))
    timeout = int(opts.get("timeout_ms", 5000))
    interval = float(opts.get("interval", 0.2))
    end = time.time() + float(opts.get("max_seconds", 120))
    out(ready=True, endpoint=endpoint)
    s = None
    n = 0
    while time.time() < end:
        if s is None:
            s = ctx.socket(zmq.REQ)
            s.setsockopt(zmq.LINGER, 0)
            s.setsockopt(zmq.RCVTIMEO, timeout)
            s.setsockopt(zmq.SNDTIMEO, timeout)
            s.setsockopt(zmq.REQ_RELAXED, 1)
            s.setsockopt(zmq.REQ_CORRELATE, 1)
            s.connect(endpoint)
        body = b"probe %d" % n
        start = time.time()
        try:
            s.send(body)
            ok = s.recv() == body
        except zmq.Again:
            ok = False
        out(probe=n, ok=ok, start=start * 1000, ms=(time.time() - start) * 1000)
        if fresh:
            s.close()
            s = None
        n += 1
        time.sleep(interval)


def main():
    role = sys.argv[1]
    opts = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    ctx = zmq.Context()
    try:
        if role == "pub-seq":
            pub_seq(ctx, opts)
        elif role == "pull-count":
            pull_count(ctx, opts)
        elif role == "req-probe":
            req_probe(ctx, opts)
        else:
            out(error="unknown role " + role)
            sys.exit(2)
    except zmq.Again:
        out(error="timeout")
        sys.exit(3)
    finally:
        ctx.destroy(linger=0)


if __name__ == "__main__":
    main()
