"""Runs a command in a pseudo-terminal and reports, as JSON lines on stdout while it runs, the wall
clock (epoch ms) when its screen first shows the "ready" pattern and then the "match" pattern
(ANSI sequences removed), then ends it with SIGTERM. Used by the health-latency benchmark: Ink
draws only to a terminal. The pseudo-terminal and its reads are those of _pty.py.

Input: one JSON argument {"command": [...], "ready": "regex", "match": "regex", "cols": C,
"rows": R, "timeoutMs": T, "env": {name: value, or null to unset}}.
Output lines: {"event": "ready" | "match" | "timeout", "epochMs": float, "tail": "..."}.
"""
import json
import os
import re
import signal
import sys
import time

from _pty import ANSI, child_env, read_until, spawn


def say(event, text=""):
    sys.stdout.write(json.dumps({"event": event, "epochMs": time.time() * 1000, "tail": text[-1500:]}) + "\n")
    sys.stdout.flush()


def main():
    config = json.loads(sys.argv[1])
    ready = re.compile(config["ready"])
    match = re.compile(config["match"])
    pid, fd = spawn(config, child_env(config))
    deadline = time.monotonic() + config["timeoutMs"] / 1000
    text = ""
    is_ready = False
    result = "timeout"
    while True:
        chunk = read_until(fd, deadline)
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


if __name__ == "__main__":
    main()
