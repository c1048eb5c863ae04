"""pyzmq's side of test/bench/readiness.ts: the same measures, as JSON."""
import json
import statistics
import sys
import time

import zmq

ctx = zmq.Context.instance()
ctx.linger = 0


def push_pull():
    pull = ctx.socket(zmq.PULL)
    pull.bind("tcp://127.0.0.1:*")
    push = ctx.socket(zmq.PUSH)
    start = time.perf_counter()
    push.connect(pull.last_endpoint.decode())
    push.send(b"ready?")
    pull.recv()
    elapsed = (time.perf_counter() - start) * 1000
    push.close()
    pull.close()
    return elapsed


def pub_sub():
    pub = ctx.socket(zmq.PUB)
    pub.bind("tcp://127.0.0.1:*")
    sub = ctx.socket(zmq.SUB)
    sub.subscribe(b"")
    start = time.perf_counter()
    sub.connect(pub.last_endpoint.decode())
    while True:
        pub.send(b"ready?")
        try:
            sub.recv(zmq.NOBLOCK)
            break
        except zmq.Again:
            pass
    elapsed = (time.perf_counter() - start) * 1000
    pub.close()
    sub.close()
    return elapsed


once = {"push/pull": push_pull, "pub/sub": pub_sub}[sys.argv[1]]
rounds = int(sys.argv[2])
first = once()
print(json.dumps({"first": first, "warm": statistics.median(once() for _ in range(rounds))}))
