"""A native libzmq peer (Debian's python3-zmq) for interop tests.

Run with Debian's system interpreter (/usr/bin/python3). Usage:
    peer.py ROLE [JSON options]
It binds or connects as told, prints one JSON line {"ready": ..., "endpoint": ...}
when it is ready, then serves its role. Results are printed as JSON lines; the
test reads them from stdout. Every role ends on its own (counts or timeouts), so
a failing test never leaves it running for long.
"""
import json
import sys
import time

import zmq


def out(**fields):
    print(json.dumps(fields), flush=True)


def frames(msg):
    return [f.decode("utf-8", "replace") for f in msg]


def main():
    role = sys.argv[1]
    opts = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    ctx = zmq.Context()
    linger = 1000
    timeout_ms = int(opts.get("timeout_ms", 20000))

    def make(kind):
        s = ctx.socket(kind)
        s.setsockopt(zmq.LINGER, linger)
        s.setsockopt(zmq.RCVTIMEO, timeout_ms)
        if opts.get("curve_server_secret"):
            s.curve_server = True
            s.curve_secretkey = opts["curve_server_secret"].encode()
            s.curve_publickey = opts["curve_server_public"].encode()
        if opts.get("curve_server_key"):
            s.curve_serverkey = opts["curve_server_key"].encode()
            s.curve_publickey = opts["curve_public"].encode()
            s.curve_secretkey = opts["curve_secret"].encode()
        return s

    def place(s):
        if opts.get("connect"):
            for ep in opts["connect"] if isinstance(opts["connect"], list) else [opts["connect"]]:
                s.connect(ep)
            return opts["connect"]
        s.bind("tcp://127.0.0.1:*")
        return s.getsockopt_string(zmq.LAST_ENDPOINT)

    try:
        if role == "keypair":
            public, secret = zmq.curve_keypair()
            out(public=public.decode(), secret=secret.decode())
        elif role == "rep":
            # Echo server: replies "echo:<first frame>" plus the other frames.
            s = make(zmq.REP)
            out(ready=True, endpoint=place(s))
            for _ in range(int(opts.get("count", 1))):
                msg = s.recv_multipart()
                s.send_multipart([b"echo:" + msg[0]] + msg[1:])
            out(done=True)
        elif role == "req":
            s = make(zmq.REQ)
            out(ready=True, endpoint=place(s))
            for i in range(int(opts.get("count", 1))):
                s.send_multipart([("req %d" % i).encode(), b"second frame"])
                out(reply=frames(s.recv_multipart()))
            out(done=True)
        elif role == "pub":
            # Publishes every topic in turn until told how many rounds.
            s = make(zmq.PUB)
            out(ready=True, endpoint=place(s))
            topics = opts.get("topics", ["weather", "sports"])
            pad = b"." * int(opts.get("size", 0))
            interval = float(opts.get("interval", 0.01))
            for i in range(int(opts.get("rounds", 200))):
                for t in topics:
                    s.send_multipart([t.encode(), ("%s %d" % (t, i)).encode() + pad])
                if interval:
                    time.sleep(interval)
            out(done=True)
            time.sleep(float(opts.get("hold", 0)))  # stay connected, idle
        elif role == "sub":
            s = make(zmq.SUB)
            for t in opts.get("subscribe", [""]):
                s.setsockopt(zmq.SUBSCRIBE, t.encode())
            out(ready=True, endpoint=place(s))
            got = []
            for _ in range(int(opts.get("count", 1))):
                got.append(frames(s.recv_multipart()))
            out(received=got)
        elif role == "push":
            s = make(zmq.PUSH)
            out(ready=True, endpoint=place(s))
            name = opts.get("name", "push")
            size = int(opts.get("size", 0))  # adds a body of size bytes, each i % 251
            for i in range(int(opts.get("count", 10))):
                body = [bytes([i % 251]) * size] if size else []
                s.send_multipart([name.encode(), str(i).encode()] + body)
            out(done=True)
            time.sleep(0.5)
        elif role == "pull":
            s = make(zmq.PULL)
            out(ready=True, endpoint=place(s))
            got = [frames(s.recv_multipart()) for _ in range(int(opts.get("count", 1)))]
            out(received=got)
        elif role == "router":
            # Replies to each request with [identity, "", "ack:" + body, identity].
            s = make(zmq.ROUTER)
            out(ready=True, endpoint=place(s))
            for _ in range(int(opts.get("count", 1))):
                msg = s.recv_multipart()
                ident, rest = msg[0], msg[1:]
                empty = rest.index(b"") if b"" in rest else -1
                body = rest[empty + 1:] if empty >= 0 else rest
                reply = [ident] + (rest[: empty + 1] if empty >= 0 else []) + [b"ack:" + body[0]] + body[1:]
                s.send_multipart(reply)
            out(done=True)
        elif role == "dealer":
            s = make(zmq.DEALER)
            s.setsockopt(zmq.ROUTING_ID, opts.get("identity", "py-dealer").encode())
            out(ready=True, endpoint=place(s))
            for i in range(int(opts.get("count", 1))):
                s.send_multipart([b"", ("job %d" % i).encode()])
                out(reply=frames(s.recv_multipart()))
            out(done=True)
        else:
            out(error="unknown role " + role)
            sys.exit(2)
    except zmq.Again:
        out(error="timeout")
        sys.exit(3)
    finally:
        # Let queued messages go out (the last reply may still be in
        # libzmq's queue when the role ends): linger, but never for long.
        ctx.destroy(linger=linger)


if __name__ == "__main__":
    main()
