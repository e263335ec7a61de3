"""Runs a command in a pseudo-terminal several times and reports, per run, the milliseconds from
fork to the first output, to the first output matching a pattern (ANSI sequences removed), and to
exit (or to the kill after the match). Monotonic clock. At the match it also reads the CPU time
the process has used (all threads, /proc schedstat): a figure that machine load disturbs less. Used by the Node benchmarks: Ink renders
only to a terminal, so the command must see one.

Input: one JSON argument {"command": [...], "pattern": "regex" | null, "runs": N, "cols": C,
"rows": R, "timeoutMs": T, "env": {name: value, or null to unset}, "signalAfterMatch": "SIGTERM" | absent}.
With signalAfterMatch the program is sent that signal once the pattern shows, and its exit is
reported (exitCode, or signal when it did not exit by itself). Output: one JSON line per run on stdout.
Also the module the other pseudo-terminal runner (_pty_watch.py) imports: spawn() and read_until().
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

def cpu_ms(pid):
    """CPU time the process has used so far, all its threads, in ms (from /proc/<pid>/task/*/schedstat)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except OSError:
        return None
    return round(total / 1e6, 3)


ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def read_until(fd, deadline):
    """The next chunk of output, or None at the deadline (monotonic), at end of output or on an error."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None
    ready, _, _ = select.select([fd], [], [], remaining)
    if not ready:
        return None
    try:
        return os.read(fd, 65536) or None
    except OSError:
        return None


def child_env(config):
    """This process's environment with the config's changes: a value sets, None unsets."""
    env = dict(os.environ)
    for key, value in config.get("env", {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def spawn(config, env):
    """Forks config["command"] with `env` in a pseudo-terminal of config["rows"] x config["cols"]; returns (pid, fd)."""
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", config["rows"], config["cols"], 0, 0))
        os.execvpe(config["command"][0], config["command"], env)
    return pid, fd


def run_once(config):
    env = child_env(config)
    pattern = re.compile(config["pattern"]) if config.get("pattern") else None
    started = time.monotonic()
    pid, fd = spawn(config, env)
    first_output = None
    matched = None
    matched_cpu = None
    text = ""
    deadline = started + config["timeoutMs"] / 1000
    while True:
        chunk = read_until(fd, deadline)
        if not chunk:
            break
        now = time.monotonic()
        if first_output is None:
            first_output = now
        text += chunk.decode("utf-8", "replace")
        if pattern and pattern.search(ANSI.sub("", text)):
            matched = now
            matched_cpu = cpu_ms(pid)
            break
    after = config.get("signalAfterMatch")
    if pattern and matched and after:
        # Ask the program to leave (e.g. SIGTERM) and read until it has.
        os.kill(pid, getattr(signal, after))
        while read_until(fd, deadline + 5):
            pass
    if pattern:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status, usage = os.wait4(pid, 0)
    ended = time.monotonic()
    os.close(fd)
    ms = lambda t: None if t is None else round((t - started) * 1000, 3)
    return {
        "firstOutputMs": ms(first_output),
        "matchMs": ms(matched),
        "matchCpuMs": matched_cpu,
        "exitMs": ms(ended),
        "exitCpuMs": round((usage.ru_utime + usage.ru_stime) * 1000, 3),
        "status": status,
        "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "tail": None if matched or not pattern else ANSI.sub("", text)[-400:],
    }


def main():
    config = json.loads(sys.argv[1])
    for _ in range(config["runs"]):
        print(json.dumps(run_once(config)), flush=True)


if __name__ == "__main__":
    main()
