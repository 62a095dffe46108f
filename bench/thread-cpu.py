#!/usr/bin/env python3
"""Per-thread CPU of the bench's forked servers, for "Where the time goes" in bench/README.md.

  bench/thread-cpu.py poll OUT.jsonl SECONDS     # every 0.5 s: each *EchoApp JVM's threads, utime+stime from /proc
  bench/thread-cpu.py report OUT.jsonl RUN.log [W L]   # per run: µs of CPU per connection by thread group

The report takes each run's loop window from the bench's log line (startup, then --warmup-seconds W, then the
--loop-seconds L loop; default 20 and 10) less half a second at each end, and the loop's connection rate.
Reads only /proc; starts and stops nothing.
"""
import collections, json, os, re, sys, time



def poll(out_path, seconds):
    tick = os.sysconf("SC_CLK_TCK")
    end = time.time() + seconds
    with open(out_path, "a") as out:
        while time.time() < end:
            procs = {}
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    cmd = open(f"/proc/{pid}/cmdline", "rb").read()
                    if b"EchoApp" not in cmd:
                        continue
                    agent = "wsaudit" if b"wsaudit-agent" in cmd else "otel" if b"opentelemetry-javaagent" in cmd else "none"
                    threads = {}
                    for tid in os.listdir(f"/proc/{pid}/task"):
                        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
                        fields = stat[stat.rindex(")") + 2:].split()
                        threads[tid] = (stat[stat.index("(") + 1:stat.rindex(")")], (int(fields[11]) + int(fields[12])) / tick)
                    procs[pid] = {"agent": agent, "threads": threads}
                except OSError:
                    continue  # the process or thread ended meanwhile
            if procs:
                out.write(json.dumps({"t": time.time(), "procs": procs}) + "\n")
                out.flush()
            time.sleep(0.5)


def group(thread):
    if "Compiler" in thread:
        return "JIT compiler threads"
    if "XNIO" in thread or thread.startswith(("qtp", "http-nio", "Catalina")):
        return "server threads"
    if re.search("HttpClient|jdkhttp|wsaudit-otlp", thread):
        return "agent: OTLP sender (HTTP client, executor)"
    if "BatchSpan" in thread:
        return "agent: BatchSpanProcessor worker"
    if "wsaudit" in thread:
        return "agent: wsaudit-clock"
    return "other (GC, VM)"


def report(jsonl, log, warmup=20.0, loop=10.0):
    runs = re.findall(r"rep \d+ \S+ \S+\s+(.+?)\s+startup (\d+) ms, loop (\d+)/s \((\d+) µs CPU\)", open(log).read())
    first, snaps = {}, collections.defaultdict(list)
    for line in open(jsonl):
        s = json.loads(line)
        for pid, p in s["procs"].items():
            first.setdefault(pid, s["t"])
            snaps[pid].append((s["t"] - first[pid], p))
    # Pair runs with forks from the end (the bench's discarded warm-up fork comes first), skipping a
    # fork whose agent is not the run's.
    pids = list(snaps)
    kinds = {"no agent": "none", "wsaudit": "wsaudit"}
    paired, i = [], len(pids) - 1
    for run in reversed(runs):
        want = kinds.get(run[0], "otel")
        while i >= 0 and snaps[pids[i]][-1][1]["agent"] != want:
            i -= 1
        if i >= 0:
            paired.insert(0, (pids[i], run))
            i -= 1
    for pid, (setup, startup, rate, cpu) in paired:
        t0 = int(startup) / 1000 + warmup + 0.5
        a = min(snaps[pid], key=lambda x: abs(x[0] - t0))
        b = min(snaps[pid], key=lambda x: abs(x[0] - t0 - (loop - 1)))
        used = collections.Counter()
        for tid, (name, c) in b[1]["threads"].items():
            used[group(name)] += c - a[1]["threads"].get(tid, (name, 0))[1]
        n = int(rate) * (b[0] - a[0])
        if n <= 0:
            print(f"{setup}: no two readings inside its loop window")
            continue
        print(f"{setup}: loop {rate}/s, bench's CPU {cpu} µs/connection; µs/connection by thread group ({b[0] - a[0]:.1f} s):")
        for k, v in used.most_common():
            if v > 0:
                print(f"  {1e6 * v / n:7.1f}  {k}")
        print(f"  {1e6 * sum(used.values()) / n:7.1f}  total")


if __name__ == "__main__":
    {"poll": lambda: poll(sys.argv[2], float(sys.argv[3])), "report": lambda: report(sys.argv[2], sys.argv[3], *map(float, sys.argv[4:6]))}[sys.argv[1]]()
