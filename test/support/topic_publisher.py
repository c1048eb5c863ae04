"""A native libzmq publisher (pyzmq XPUB) for the shared-connection tests.

Usage: topic_publisher.py publish '{"topics": [...], "port": 0, ...}'
Binds (on "port", or any), prints {"ready": true, "endpoint": ...}, then
publishes [topic, "topic n"] for every topic every "interval" seconds and
prints every subscription and unsubscription a connection sends, each on
its own (XPUB_VERBOSER), as {"subscription": topic, "on": bool}. Ends after
"seconds"; with "curve_server_secret" and "curve_server_public" it is a
CURVE server.
"""
import json
import sys
import time

import zmq


def out(**fields):
    print(json.dumps(fields), flush=True)


def main():
    opts = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    ctx = zmq.Context()
    s = ctx.socket(zmq.XPUB)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.XPUB_VERBOSER, 1)
    if opts.get("curve_server_secret"):
        s.curve_server = True
        s.curve_secretkey = opts["curve_server_secret"].encode()
        s.curve_publickey = opts["curve_server_public"].encode()
    s.bind("tcp://127.0.0.1:%s" % (opts.get("port") or "*"))
    out(ready=True, endpoint=s.getsockopt_string(zmq.LAST_ENDPOINT))
    topics = [t.encode() for t in opts.get("topics", ["weather", "sports"])]
    interval = float(opts.get("interval", 0.02))
    deadline = time.time() + float(opts.get("seconds", 30))
    n = 0
    due = time.time()
    while time.time() < deadline:
        wait = max(0, due - time.time())
        if s.poll(int(wait * 1000), zmq.POLLIN):
            message = s.recv()
            out(subscription=message[1:].decode(), on=message[:1] == b"\x01")
            continue
        for topic in topics:
            s.send_multipart([topic, b"%s %d" % (topic, n)])
        n += 1
        due = time.time() + interval
    out(done=True)


main()
