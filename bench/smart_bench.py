#!/usr/bin/env python3
"""Smart-render benchmarks for `make bench`: re-exports served from the cache of finished parts.

Every figure is a ratio to a cold render of the same project measured in the same round
(`estudio-cli render --no-cache`, which reads nothing from the cache; the commands alternate
within a round). Each round edits its project anew (a title, the music's volume, a scene of the
200), so what is measured is always "one thing changed since the last export", never a render
served whole from an earlier round. The resumed render is killed once most of its parts are
finished, then run again.

  smart_bench.py [--rounds N]   prints a Markdown section on stdout
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_bench as rb  # noqa: E402  (the workload and the measuring code are shared)

DATA = os.path.join(rb.WORK, "smart-data")
PARTS = os.path.join(DATA, "cache", "parts")
ENV = dict(os.environ, ESTUDIO_DATA_DIR=DATA)


def run(cmd):
    """Wall seconds of cmd, with the bench's own data folder (its own cache)."""
    t0 = time.perf_counter()
    subprocess.run(cmd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def render(project, out, cold=False):
    cmd = [rb.CLI, "render", project, "-o", out, "--preset", "mp4-720p"]
    return run(cmd + (["--no-cache"] if cold else []))


def edited(src, name, edit):
    """A copy of the project `src` (beside it) with `edit` applied to its JSON."""
    with open(src, encoding="utf-8") as f:
        project = json.load(f)
    edit(project)
    path = os.path.join(os.path.dirname(src), name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(project, f, ensure_ascii=False)
    return path


def parts_done_since(t0):
    """Parts (pictures, not the sound) kept since t0: those whose record, written last, is there."""
    if not os.path.isdir(PARTS):
        return 0
    return sum(1 for e in os.scandir(PARTS)
               if e.name.endswith(".ts") and os.path.exists(e.path[:-3] + ".json")
               and e.stat().st_mtime >= t0)


def killed_then_resumed(project, out, parts_total, stop_at):
    """Starts a render, kills it (SIGKILL) once `stop_at` of its parts are kept, then renders
    again: (fraction of parts done at the kill, seconds of the resumed render)."""
    t0 = time.time()
    proc = subprocess.Popen([rb.CLI, "render", project, "-o", out, "--preset", "mp4-720p"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while parts_done_since(t0) < stop_at:
        if proc.poll() is not None:
            raise SystemExit("the render finished before it could be killed")
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = parts_done_since(t0) / parts_total
    return done, render(project, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    shutil.rmtree(DATA, ignore_errors=True)
    os.makedirs(DATA)
    p20 = rb.to_estudio(rb.assets(20))
    p200 = rb.to_estudio(rb.assets(200))
    out = lambda name: os.path.join(rb.WORK, name)
    rows = {k: [] for k in ["unchanged", "title", "music", "200: one scene", "resumed"]}
    resumed_at = []
    for r in range(args.rounds + 1):
        # deck20: a cold render, then again unchanged, then with one title or the music changed.
        base = edited(p20, "smart20.estudio", lambda p: p["scenes"][9]["texts"][0].update(text=f"Round {r}"))
        cold = render(base, out("smart-cold.mp4"), cold=True)
        warm = render(base, out("smart-warm.mp4"))
        title = edited(base, "smart20-title.estudio",
                       lambda p: p["scenes"][5]["texts"][0].update(text=f"Title, edited in round {r}"))
        t_title = render(title, out("smart-title.mp4"))
        music = edited(base, "smart20-music.estudio", lambda p: p["music"].update(volume=0.2 + r * 0.01))
        t_music = render(music, out("smart-music.mp4"))
        # 200 scenes: cold, then one scene changed.
        big = edited(p200, "smart200.estudio", lambda p: p["scenes"][0]["texts"][0].update(text=f"Round {r}"))
        cold200 = render(big, out("smart200-cold.mp4"), cold=True)
        one = edited(big, "smart200-one.estudio",
                     lambda p: p["scenes"][120]["texts"][0].update(text=f"Changed in round {r}"))
        t_one = render(one, out("smart200-one.mp4"))
        # 60 scenes: killed once 60 % of its parts are kept, then resumed; against a cold
        # render of the same 60 scenes.
        sixty = edited(p200, "smart60.estudio", lambda p: p.update(
            scenes=p["scenes"][:60], canvas=dict(p["canvas"], background=f"#0000{r + 1:02x}")))
        t0 = time.time()
        cold60 = render(sixty, out("smart60-cold.mp4"), cold=True)
        parts60 = parts_done_since(t0)  # a cold render keeps every part it draws
        fresh60 = edited(sixty, "smart60-fresh.estudio",
                         lambda p: p["canvas"].update(background=f"#00{r + 1:02x}00"))
        at, t_resumed = killed_then_resumed(fresh60, out("smart60.mp4"), parts60, -(-parts60 * 6 // 10))
        rb.log(f"smart round {r}{' (warm-up)' if r == 0 else ''}: cold {cold:.2f} s, unchanged {warm:.2f} s, "
               f"title {t_title:.2f} s, music {t_music:.2f} s; 200 cold {cold200:.2f} s, one {t_one:.2f} s; "
               f"60 cold {cold60:.2f} s, resumed after {at:.0%} {t_resumed:.2f} s")
        if r == 0:
            continue
        rows["unchanged"].append((warm, cold))
        rows["title"].append((t_title, cold))
        rows["music"].append((t_music, cold))
        rows["200: one scene"].append((t_one, cold200))
        rows["resumed"].append((t_resumed, cold60))
        resumed_at.append(at)
        for f in ["smart-cold.mp4", "smart-warm.mp4", "smart-title.mp4", "smart-music.mp4"]:
            got = rb.probe_duration(out(f))
            if abs(got - 50.5) > 0.05:
                raise SystemExit(f"{f}: {got} s instead of 50.5 s")
    psnr, ssim = rb.quality(out("smart-warm.mp4"), out("smart-cold.mp4"))
    labels = {
        "unchanged": ("deck20 at 720p exported again, unchanged", 0.10),
        "title": ("deck20, one scene's title changed", 0.15),
        "music": ("deck20, the music's volume changed", 0.15),
        "200: one scene": ("200 scenes, one scene's title changed", 0.05),
        "resumed": (f"60 scenes, killed after {statistics.median(resumed_at):.0%} of its parts, the rest", 0.5),
    }
    lines = ["### Re-exports from the cache of finished parts", "",
             "Command: `python3 bench/smart_bench.py`. Each ratio is the median over "
             f"{args.rounds} rounds (after a warm-up) of the render's wall time over a cold render "
             "(`--no-cache`) of the same project in the same round.", "",
             "| re-export | seconds (median) | cold render, s | ratio | target |", "|---|---:|---:|---:|---:|"]
    for key, (label, target) in labels.items():
        secs = statistics.median(t for t, _ in rows[key])
        cold = statistics.median(c for _, c in rows[key])
        ratio = statistics.median(t / c for t, c in rows[key])
        lines.append(f"| {label} | {secs:.2f} | {cold:.2f} | {ratio:.3f} | ≤ {target} |")
    lines += ["", f"The unchanged re-export against the cold one: PSNR {psnr} dB, SSIM {ssim} "
              "(identical pictures give inf and 1)."]
    print("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
