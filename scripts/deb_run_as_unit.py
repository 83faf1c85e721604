#!/usr/bin/env python3
"""Runs the installed nqtrack the way its systemd unit does (its user, its environment file, its
working directory, Type=notify), then asks it and stops it. Used by scripts/deb-test.sh.

Exit 0 when: the server says READY=1 on the notify socket, answers /api/v1/health, signs the
first administrator in with the password written at install, says STOPPING=1 on SIGTERM and ends
with status 0. Every wait is bounded."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CONF = "/etc/nqtrack/nqtrack.conf"
STATE = "/var/lib/nqtrack"


def step(text):
    print(f"deb-test: {text}", flush=True)


def environment():
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    with open(CONF, encoding="utf-8") as conf:
        for line in conf:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                name, value = line.split("=", 1)
                env[name] = value
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_message(sock, wanted, seconds):
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            message = sock.recv(4096).decode()
        except socket.timeout:
            break
        seen.append(message)
        if wanted in message.split("\n"):
            return message
    raise SystemExit(f"deb-test: no {wanted} within {seconds} s (got {seen})")


def main():
    port = free_port()
    folder = tempfile.mkdtemp(prefix="nq-notify-")
    os.chmod(folder, 0o755)
    path = os.path.join(folder, "notify")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(path)
    os.chmod(path, 0o777)
    env = environment()
    env.update({"NQ_LISTEN": f"127.0.0.1:{port}", "NOTIFY_SOCKET": path})
    step(f"start /usr/bin/nqtrack serve as user nqtrack on 127.0.0.1:{port}")
    server = subprocess.Popen(["runuser", "-u", "nqtrack", "--", "/usr/bin/nqtrack", "serve"],
                              cwd=STATE, env=env)
    try:
        ready = wait_message(notify, "READY=1", 120)
        step("ready: " + ready.replace("\n", " | "))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=10) as r:
            health = json.load(r)
        step(f"GET /api/v1/health → {r.status} {json.dumps(health, ensure_ascii=False)}")
        with open(os.path.join(STATE, "initial-admin-password"), encoding="utf-8") as f:
            found = re.search(r'administrator "([^"]+)" has password (\S+)', f.read())
        if not found:
            raise SystemExit("deb-test: no generated password in initial-admin-password")
        body = json.dumps({"login": found.group(1), "password": found.group(2)}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/session", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as r:
            session = json.load(r)
        login = session.get("user", {}).get("login")
        step(f"POST /api/v1/session → {r.status}, signed in as {login}")
        if login != found.group(1):
            raise SystemExit(f"deb-test: signed in as {login}, not {found.group(1)}")
        # systemd signals the service's main process: here, runuser's child
        children = open(f"/proc/{server.pid}/task/{server.pid}/children").read().split()
        os.kill(int(children[0]) if children else server.pid, signal.SIGTERM)
        wait_message(notify, "STOPPING=1", 30)
        code = server.wait(timeout=30)
        step(f"stopped with status {code}")
        if code != 0:
            raise SystemExit(1)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        notify.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
