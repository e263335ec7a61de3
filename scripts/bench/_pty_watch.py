"""Runs a command in a pseudo-terminal and reports, as JSON lines on stdout while it runs, the wall
clock (epoch ms) when its screen first shows the "ready" pattern and then the "match" pattern
(ANSI sequences removed), then ends it with SIGTERM. Used by the health-latency benchmark: Ink
draws only to a terminal.

Input: one JSON argument {"command": [...], "ready": "regex", "match": "regex", "cols": C,
"rows": R, "timeoutMs": T, "env": {name: value, or null to unset}}.
Output lines: {"event": "ready" | "match" | "timeout", "epochMs": float, "tail": "..."}.
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def say(event, text=""):
    sys.stdout.write(json.dumps({"event": event, "epochMs": time.time() * 1000, "tail": text[-1500:]}) + "\n")
    sys.stdout.flush()


def main():
    config = json.loads(sys.argv[1])
    env = dict(os.environ)
    for key, value in config.get("env", {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    ready = re.compile(config["ready"])
    match = re.compile(config["match"])
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", config["rows"], config["cols"], 0, 0))
        os.execvpe(config["command"][0], config["command"], env)
    deadline = time.monotonic() + config["timeoutMs"] / 1000
    text = ""
    is_ready = False
    result = "timeout"
    while time.monotonic() < deadline:
        ready_fds, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
        if not ready_fds:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        # Only what arrived since the last look is searched for the match: a frame is one chunk or a few.
        fresh = ANSI.sub("", chunk.decode("utf-8", "replace"))
        text = (text + fresh)[-20000:]
        if not is_ready and ready.search(text):
            is_ready = True
            text = ""
            say("ready")
        elif is_ready and match.search(text):
            result = "match"
            break
    say(result, text)
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except OSError:
        pass


main()
