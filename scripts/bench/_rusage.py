"""Runs commands in turn, several rounds, and prints one JSON line per run: its wall time (monotonic,
fork to exit) and its CPU time (user + system, its children included), in ms.

Input: one JSON argument {"commands": {"name": [...argv]}, "runs": N, "warmup": W, "env": {...}}.
"""
import json
import os
import resource
import subprocess
import sys
import time

config = json.loads(sys.argv[1])
env = {**os.environ, **config.get("env", {})}
for round in range(config["warmup"] + config["runs"]):
    for name, argv in config["commands"].items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        code = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode
        wall = (time.monotonic() - started) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        if round >= config["warmup"]:
            print(json.dumps({"name": name, "wallMs": wall, "cpuMs": cpu, "exitCode": code}), flush=True)
