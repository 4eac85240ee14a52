#!/usr/bin/env python3
"""App benchmarks for `make bench`: the release app under Xvfb (run by scripts/with-display.sh).

- start to first paint: from starting the process to the window's first call to the back end
  (`app_info`, made by an effect React runs once the first frame is committed), read from the
  app's own IPC log (ESTUDIO_IPC_LOG, `UNIX_MS NAME` lines); each round with a new data folder;
- idle memory: proportional set size (PSS, so libraries shared between the app and its WebKit
  processes count once) of the app and every process under it, with the sample project open,
  its thumbnails drawn, and nothing running, 5 s after the last command;
- memory while rendering: the same, sampled every 100 ms while the app's worker renders the
  reference deck (queued by `estudio-cli enqueue` into the app's queue), ffmpeg counted apart;
  and the CPU time the app and its WebKit processes spend meanwhile (showing the progress),
  against ffmpeg's: on two cores, what the window burns is taken from the encoder.

  app_bench.py [--rounds N]   prints a Markdown section on stdout
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(REPO, "target", "release", "estudio")
CLI = os.path.join(REPO, "target", "release", "estudio-cli")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_bench  # noqa: E402  (the deck and its project file)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def tree(root):
    """The pids of root and every process under it, with their command names."""
    children = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append((int(pid), name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child, name in children.get(pid, []):
            out.append((child, name))
            todo.append(child)
    return [(root, "estudio")] + out


def pss_mib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_secs(root):
    """{(pid, name): user + system CPU seconds} of root and every process under it."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid, name in tree(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[(pid, name)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def memory(root):
    """(app and WebKit PSS, ffmpeg PSS) in MiB."""
    app = ffmpeg = 0.0
    for pid, name in tree(root):
        if name.startswith("ffmpeg") or name.startswith("ffprobe"):
            ffmpeg += pss_mib(pid)
        else:
            app += pss_mib(pid)
    return app, ffmpeg


def calls(ipc_log):
    try:
        with open(ipc_log) as f:
            return [(int(ms), name) for ms, name in (line.split() for line in f if line.strip())]
    except FileNotFoundError:
        return []


def wait_for(predicate, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.005)
    raise SystemExit(f"timed out waiting for {what}")


def start(data):
    ipc_log = os.path.join(data, "ipc.log")
    env = dict(os.environ, ESTUDIO_DATA_DIR=data, ESTUDIO_IPC_LOG=ipc_log, ESTUDIO_LOG="warn")
    t0_ms = time.time() * 1000
    proc = subprocess.Popen([APP], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, ipc_log, t0_ms


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# Renders inside the app, for the memory figures (each about 20 s here).
RENDER_ROUNDS = 3


def startup_round():
    with tempfile.TemporaryDirectory(prefix="estudio-app-bench-") as data:
        proc, ipc_log, t0 = start(data)
        try:
            first = wait_for(lambda: next((ms for ms, n in calls(ipc_log) if n == "app_info"), None), 60,
                             "the window's first call")
            wait_for(lambda: any(n == "scene_thumbnails" for _, n in calls(ipc_log)), 60, "thumbnails")
            time.sleep(5)
            idle, _ = memory(proc.pid)
            return first - t0, idle
        finally:
            stop(proc)


def render_round(project):
    with tempfile.TemporaryDirectory(prefix="estudio-app-bench-") as data:
        proc, ipc_log, _ = start(data)
        try:
            wait_for(lambda: any(n == "scene_thumbnails" for _, n in calls(ipc_log)), 60, "the window")
            out = os.path.join(data, "deck.mp4")
            env = dict(os.environ, ESTUDIO_DATA_DIR=data)
            subprocess.run([CLI, "enqueue", project, "--preset", "mp4-720p", "--output", out,
                            "--crf", "23", "--encoder-preset", "veryfast", "--keep-levels"],
                           env=env, check=True, stdout=subprocess.DEVNULL)
            peak_app = peak_ffmpeg = 0.0
            before = cpu_secs(proc.pid)
            seen = dict(before)
            t0 = time.time()
            while not os.path.exists(out):
                app, ffmpeg = memory(proc.pid)
                peak_app, peak_ffmpeg = max(peak_app, app), max(peak_ffmpeg, ffmpeg)
                seen.update(cpu_secs(proc.pid))
                time.sleep(0.1)
                if time.time() - t0 > 600:
                    raise SystemExit("the app did not render the deck in 10 minutes")
            seen.update(cpu_secs(proc.pid))
            used = {k: v - before.get(k, 0.0) for k, v in seen.items()}
            ffmpeg_cpu = sum(v for (_, n), v in used.items() if n.startswith(("ffmpeg", "ffprobe")))
            window_cpu = sum(v for (_, n), v in used.items() if not n.startswith(("ffmpeg", "ffprobe")))
            return peak_app, peak_ffmpeg, time.time() - t0, window_cpu, ffmpeg_cpu
        finally:
            stop(proc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    for exe in (APP, CLI):
        if not os.path.exists(exe):
            raise SystemExit(f"{exe} is missing: build the release binaries first")
    log("app: start-up rounds")
    startup_round()  # warm-up: the OS's file cache, fontconfig's cache
    starts, idles = [], []
    for r in range(args.rounds):
        ms, idle = startup_round()
        log(f"  round {r + 1}: first call after {ms:.0f} ms, idle {idle:.0f} MiB")
        starts.append(ms)
        idles.append(idle)
    log("app: rendering the deck inside the app")
    project = render_bench.to_estudio(render_bench.assets(20))
    renders = []
    for r in range(RENDER_ROUNDS):
        renders.append(render_round(project))
        log(f"  render {r + 1}: app {renders[-1][0]:.0f} MiB, ffmpeg {renders[-1][1]:.0f} MiB, {renders[-1][2]:.0f} s,"
            f" window CPU {renders[-1][3]:.1f} s, ffmpeg CPU {renders[-1][4]:.1f} s")
    apps, ffmpegs, secs, window_cpus, ffmpeg_cpus = ([r[k] for r in renders] for k in range(5))
    print("| figure | median | range |")
    print("| --- | ---: | ---: |")
    print(f"| start to first paint (first call of the window's code) | {statistics.median(starts):.0f} ms "
          f"| {min(starts):.0f}–{max(starts):.0f} ms |")
    print(f"| idle memory, sample project open (PSS: app + WebKit processes) | {statistics.median(idles):.0f} MiB "
          f"| {min(idles):.0f}–{max(idles):.0f} MiB |")
    print(f"| memory while rendering deck20 at 720p (peak PSS, app + WebKit) | {statistics.median(apps):.0f} MiB "
          f"| {min(apps):.0f}–{max(apps):.0f} MiB |")
    print(f"| ffmpeg during that render (peak PSS of its processes) | {statistics.median(ffmpegs):.0f} MiB "
          f"| {min(ffmpegs):.0f}–{max(ffmpegs):.0f} MiB |")
    print(f"| that render, queued from the CLI to the video in place | {statistics.median(secs):.1f} s "
          f"| {min(secs):.1f}–{max(secs):.1f} s |")
    print(f"| CPU of the app + WebKit during that render | {statistics.median(window_cpus):.1f} s "
          f"| {min(window_cpus):.1f}–{max(window_cpus):.1f} s |")
    print(f"| reference: CPU of ffmpeg during that render | {statistics.median(ffmpeg_cpus):.1f} s "
          f"| {min(ffmpeg_cpus):.1f}–{max(ffmpeg_cpus):.1f} s |")
    print()
    print(f"{args.rounds} start-up rounds after one warm-up, each with a new data folder; {RENDER_ROUNDS} renders;"
          " Xvfb, no GPU.")


if __name__ == "__main__":
    main()
