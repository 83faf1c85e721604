"""What the national benchmark's Python drivers (http_bench.py, i4_bench.py) share."""
import json
import socket
import sys


def logger(name):
    """A function printing `name: message` on standard error at once."""
    def log(message):
        print(f"{name}: {message}", file=sys.stderr, flush=True)
    return log


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(samples, fraction):
    """The nearest-rank percentile of `samples` (fraction 0.5 for the median)."""
    ordered = sorted(samples)
    rank = min(max(int(-(-fraction * len(ordered) // 1)), 1), len(ordered))
    return ordered[rank - 1]


def send(connection, method, path, token, body=None):
    """One request with a bearer token (and a JSON body); its status and payload."""
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()
