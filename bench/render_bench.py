#!/usr/bin/env python3
"""Render benchmarks for `make bench`: Estúdio against a hand-written ffmpeg command.

Workloads come from ../shared/bench (gen_assets.sh makes the deck; render_ffmpeg.py renders it by
hand). Each deck is converted to an .estudio project with the same content and output settings
(x264 veryfast CRF 23 yuv420p, AAC). Every measurement alternates the commands within a round, so
machine drift hits all of them alike: one warm-up round, then ROUNDS counted ones; the medians
are reported with the ratio to the reference measured in the same run.

Measured per command: wall time, CPU time (user+sys of the whole process tree: ffmpeg runs as a
child and is waited for, so its usage is included) and peak memory of the whole process tree:
the proportional set size (PSS, so libraries shared between processes count once) of every
process under the command, summed, sampled ten times a second, and the highest sum kept.
Estúdio runs two segment ffmpegs and the sound mix at once, so the largest single process
would flatter it. Every output is then compared with the reference's: PSNR and SSIM of the
pictures frame by frame, integrated loudness (EBU R128, from ffmpeg's loudnorm JSON).

  render_bench.py [--rounds N] [--only NAME]   prints a Markdown section on stdout
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared", "bench")
WORK = os.path.join(REPO, "bench", "work")
CLI = os.path.join(REPO, "target", "release", "estudio-cli")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def assets(n):
    out = os.path.join(WORK, f"deck{n}")
    if not os.path.exists(os.path.join(out, "deck20.json")):
        log(f"generating {n}-slide assets in {out}")
        subprocess.run(["bash", os.path.join(SHARED, "gen_assets.sh"), out, str(n)], check=True,
                       stdout=subprocess.DEVNULL)
    return out


def to_estudio(deck_dir):
    """The neutral deck as an Estúdio project (same paths, timing, title style, music)."""
    with open(os.path.join(deck_dir, "deck20.json"), encoding="utf-8") as f:
        deck = json.load(f)
    st = deck["title_style"]
    h = deck["height"]
    scenes = []
    for k, s in enumerate(deck["slides"]):
        scene = {
            "duration": s["duration"],
            "background": {"image": s["image"], "fit": "cover"},
            "texts": [{
                "text": s["title"], "x": 0.5, "y": st["y_center_frac"], "size": st["size_px"] / h,
                "color": st["color"], "outline": {"color": st["stroke_color"], "width": st["stroke_px"] / h},
            }],
            "narration": {"src": s["narration"], "volume": 1.0},
        }
        if k + 1 < len(deck["slides"]):
            scene["transition"] = {"type": "fade", "duration": deck["transition"]["duration"]}
        scenes.append(scene)
    project = {
        "version": 1, "title": deck["name"],
        "canvas": {"width": deck["width"], "height": h, "fps": deck["fps"], "background": "#000000"},
        "scenes": scenes,
        "music": {"src": deck["music"]["path"], "volume": deck["music"]["volume"], "loop": deck["music"]["loop"]},
    }
    path = os.path.join(deck_dir, "deck.estudio")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(project, f, ensure_ascii=False, indent=1)
    return path


def deck_at(deck_dir, width, height):
    """A copy of the neutral deck JSON at another output size (for the reference at 1080p)."""
    with open(os.path.join(deck_dir, "deck20.json"), encoding="utf-8") as f:
        deck = json.load(f)
    # The title scales with the picture, as Estúdio's (sized as a fraction of the height) does;
    # the first 1080p comparison drew the reference's at 720p's 56 px and measured 24.6 dB.
    scale = height / deck["height"]
    deck["title_style"]["size_px"] = round(deck["title_style"]["size_px"] * scale)
    deck["title_style"]["stroke_px"] = round(deck["title_style"]["stroke_px"] * scale)
    deck["width"], deck["height"] = width, height
    path = os.path.join(deck_dir, f"deck-{height}p.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(deck, f, ensure_ascii=False)
    return path


def tree(root):
    """root and every process under it."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd):
    """Runs cmd; returns (wall s, cpu s, peak PSS MiB summed over its process tree)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stderr_chunks = []
    # stderr is drained by a thread so a chatty command never blocks on a full pipe.
    import threading
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid != 0:
            break
        peak = max(peak, sum(pss_kib(p) for p in tree(proc.pid)))
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    reader.join()
    err = b"".join(stderr_chunks).decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return wall, ru.ru_utime + ru.ru_stime, peak / 1024


def quality(out, ref):
    """(PSNR dB average, SSIM All) of out's pictures against ref's, frame by frame."""
    graph = "[0:v]split[a][b];[1:v]split[c][d];[a][c]psnr;[b][d]ssim"
    r = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", out, "-i", ref, "-filter_complex", graph,
                        "-f", "null", "-"], capture_output=True, text=True, check=True)
    psnr = ssim = None
    for line in r.stderr.splitlines():
        if "PSNR" in line and "average:" in line:
            v = line.split("average:")[1].split()[0]
            psnr = float("inf") if v == "inf" else float(v)
        if "SSIM" in line and "All:" in line:
            ssim = float(line.split("All:")[1].split()[0])
    return psnr, ssim


def loudness(path):
    """Integrated loudness (LUFS) as loudnorm's JSON report gives it."""
    r = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", path, "-af", "loudnorm=print_format=json",
                        "-f", "null", "-"], capture_output=True, text=True, check=True)
    report = r.stderr[r.stderr.rindex("{"):r.stderr.rindex("}") + 1]
    return float(json.loads(report)["input_i"])


def probe_duration(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def bench(name, commands, rounds, expected_secs, warmup=True):
    """commands: list of (label, argv, output). The first is the reference. Returns one row per
    command: (label, wall, cpu, peak memory, wall vs reference, min wall, max wall, checks),
    checks being (PSNR, SSIM, loudness) of the last output, against the reference's."""
    results = {label: [] for label, _, _ in commands}
    for r in range(0 if warmup else 1, rounds + 1):
        for label, argv, out in commands:
            if os.path.exists(out):
                os.remove(out)
            m = measure(argv)
            got = probe_duration(out)
            if abs(got - expected_secs) > 0.05:
                raise SystemExit(f"{label}: {got} s instead of {expected_secs} s")
            log(f"{name} round {r}{' (warm-up)' if r == 0 else ''}: {label}: {m[0]:.2f} s wall, {m[1]:.2f} s CPU, {m[2]:.0f} MiB")
            if r > 0:
                results[label].append(m)
    ref_wall = statistics.median(w for w, _, _ in results[commands[0][0]])
    rows = []
    for label, argv, _ in commands:
        walls = [w for w, _, _ in results[label]]
        cpus = [c for _, c, _ in results[label]]
        rss = max(m for _, _, m in results[label])
        wall = statistics.median(walls)
        rows.append([label, wall, statistics.median(cpus), rss, wall / ref_wall, min(walls), max(walls)])
    ref_out = commands[0][2]
    for row, (_, _, out) in zip(rows, commands):
        psnr, ssim = quality(out, ref_out) if out != ref_out else (None, None)
        row.append((psnr, ssim, loudness(out)))
    return rows


def table(title, rows, cmds, video_secs):
    lines = [f"### {title}", "",
             "| renderer | wall s (median) | range | CPU s | peak memory MiB (PSS, tree) | wall vs reference | s per video minute | PSNR dB vs reference | SSIM vs reference | loudness LUFS |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, wall, cpu, rss, ratio, lo, hi, (psnr, ssim, lufs) in rows:
        p = "–" if psnr is None else f"{psnr:.1f}"
        q = "–" if ssim is None else f"{ssim:.4f}"
        lines.append(f"| {label} | {wall:.2f} | {lo:.2f}–{hi:.2f} | {cpu:.1f} | {rss:.0f} | {ratio:.3f} | {wall / video_secs * 60:.1f} | {p} | {q} | {lufs:.1f} |")
    lines += ["", "Commands:", ""]
    for label, argv, _ in cmds:
        shown = " ".join(os.path.relpath(a, REPO) if os.path.isabs(a) else a for a in argv)
        lines.append(f"- {label}: `{shown}`")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "estudio-cli"], check=True, cwd=REPO)
    ref = os.path.join(SHARED, "render_ffmpeg.py")
    out = []
    sections = {}

    d20 = assets(20)
    p20 = to_estudio(d20)
    secs20 = 20 * 3 - 19 * 0.5
    # Cold renders: `--no-cache` reads nothing from the cache of finished parts (a render of the
    # same deck in the previous round would otherwise be taken from it).
    est = lambda project, preset, o: [CLI, "render", project, "-o", o, "--preset", preset, "--crf", "23", "--encoder-preset", "veryfast", "--keep-levels", "--no-cache"]
    # What the Export button does: the preset's own x264 settings and sound, loudness pass on.
    export = lambda project, preset, o: [CLI, "render", project, "-o", o, "--preset", preset, "--no-cache"]

    cmds = [
        ("(a) hand-written single ffmpeg command (reference)", ["python3", ref, "single", os.path.join(d20, "deck20.json"), os.path.join(WORK, "ref20.mp4")], os.path.join(WORK, "ref20.mp4")),
        ("Estúdio `estudio-cli render`", est(p20, "mp4-720p", os.path.join(WORK, "est20.mp4")), os.path.join(WORK, "est20.mp4")),
        ("Estúdio, the default Export (preset settings, loudness pass)", export(p20, "mp4-720p", os.path.join(WORK, "export20.mp4")), os.path.join(WORK, "export20.mp4")),
        ("(a2) naive: each slide encoded, then joined", ["python3", ref, "perslide", os.path.join(d20, "deck20.json"), os.path.join(WORK, "naive20.mp4")], os.path.join(WORK, "naive20.mp4")),
    ]
    sections["720p"] = (f"deck20, 1280x720 at 30 fps ({secs20} s of video)", cmds, secs20)

    ref1080 = deck_at(d20, 1920, 1080)
    cmds = [
        ("(a) hand-written single ffmpeg command (reference)", ["python3", ref, "single", ref1080, os.path.join(WORK, "ref20-1080.mp4")], os.path.join(WORK, "ref20-1080.mp4")),
        ("Estúdio `estudio-cli render`", est(p20, "mp4-1080p", os.path.join(WORK, "est20-1080.mp4")), os.path.join(WORK, "est20-1080.mp4")),
    ]
    sections["1080p"] = (f"deck20 at 1920x1080 ({secs20} s of video)", cmds, secs20)

    d200 = assets(200)
    p200 = to_estudio(d200)
    secs200 = 200 * 3 - 199 * 0.5
    cmds = [
        ("(a) hand-written single ffmpeg command (reference)", ["python3", ref, "single", os.path.join(d200, "deck20.json"), os.path.join(WORK, "ref200.mp4")], os.path.join(WORK, "ref200.mp4")),
        ("Estúdio `estudio-cli render`", est(p200, "mp4-720p", os.path.join(WORK, "est200.mp4")), os.path.join(WORK, "est200.mp4")),
    ]
    sections["200"] = (f"200 scenes, 1280x720 ({secs200} s of video; no warm-up round)", cmds, secs200)

    pip, pip_secs = pip_workload()
    sections["pip"] = (f"a clip over a slide (picture-in-picture), 1280x720 at 30 fps ({pip_secs} s of video)",
                       [("(p) hand-written ffmpeg overlay of the same two inputs (reference)", pip["ref"], pip["ref_out"]),
                        ("Estúdio `estudio-cli render`", est(pip["project"], "mp4-720p", pip["out"]), pip["out"]),
                        ("Estúdio, the clip in a circle (its box square; not the same picture)", est(pip["circle"], "mp4-720p", pip["circle_out"]), pip["circle_out"])],
                       pip_secs)

    for key, (title, cmds, secs) in sections.items():
        if args.only and args.only != key:
            continue
        # The long 200-scene workload runs after the others have warmed binaries and caches.
        rows = bench(key, cmds, args.rounds, secs, warmup=(key != "200"))
        out.append(table(title, rows, cmds, secs))
        if key == "720p":
            out.append(peers(rows[1][4], rows[2][4]))
    print("\n".join(out))


def pip_workload(secs=60):
    """A 1280x720 slide with a 640x360 clip (30 fps, with sound) in its bottom-right corner, at
    a third of its width, for `secs`: as an Estúdio project and as the ffmpeg overlay a person
    would write for the same two inputs (the slide looped, the clip scaled and laid over it)."""
    d = os.path.join(WORK, "pip")
    os.makedirs(d, exist_ok=True)
    slide, clip = os.path.join(d, "slide.png"), os.path.join(d, f"clip-{secs}s.mp4")
    if not os.path.exists(clip):
        log(f"generating the picture-in-picture inputs in {d}")
        run = lambda *a: subprocess.run(["ffmpeg", "-v", "error", "-y", *a], check=True)
        run("-f", "lavfi", "-i", "gradients=s=1280x720:c0=0x1e3c72:c1=0x2a5298:x0=0:y0=0:x1=1279:y1=719:speed=0.00001",
            "-frames:v", "1", slide)
        run("-f", "lavfi", "-i", f"testsrc2=s=640x360:r=30:d={secs}", "-f", "lavfi", "-i", f"sine=f=300:d={secs}:r=48000",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip)
    project = os.path.join(d, "pip.estudio")
    with open(project, "w", encoding="utf-8") as f:
        json.dump({"version": 1, "title": "PiP", "canvas": {"width": 1280, "height": 720, "fps": 30},
                   "scenes": [{"duration": secs, "background": {"image": slide},
                               "videos": [{"src": clip, "x": 0.8, "y": 0.78, "width": 0.3, "audio": True}]}]}, f)
    circle = os.path.join(d, "pip-circle.estudio")
    with open(circle, "w", encoding="utf-8") as f:
        json.dump({"version": 1, "title": "PiP", "canvas": {"width": 1280, "height": 720, "fps": 30},
                   "scenes": [{"duration": secs, "background": {"image": slide},
                               "videos": [{"src": clip, "x": 0.8, "y": 0.78, "width": 0.3, "height": 0.5333,
                                           "mask": "circle", "audio": True}]}]}, f)
    ref_out = os.path.join(WORK, "pip-ref.mp4")
    ref = ["ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", "30", "-i", slide, "-i", clip,
           "-filter_complex", "[1:v]scale=384:-2[p];[0:v][p]overlay=x=1024-w/2:y=562-h/2:shortest=1,format=yuv420p[v]",
           "-map", "[v]", "-map", "1:a", "-t", str(secs), "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
           "-c:a", "aac", "-b:a", "160k", "-movflags", "+faststart", ref_out]
    return {"project": project, "circle": circle, "ref": ref, "ref_out": ref_out,
            "out": os.path.join(WORK, "pip-est.mp4"), "circle_out": os.path.join(WORK, "pip-circle.mp4")}, secs


# Wall time vs the hand-written command (a), from ../shared/bench/peers.md (same workload, a
# machine like this one, each tool paired with (a) in its own run).
PEERS = [
    ("encode-only floor (x264 + AAC of the same frames from raw)", 0.59),
    ("(a2) naive: each slide encoded, then joined", 2.24),
    ("editly 0.14.2", 3.57),
    ("Remotion 4.0.529", 9.51),
    ("MoviePy 2.2.1", 11.40),
]


def peers(ours, export):
    lines = ["### Against other tools (deck20, 720p)", "",
             "Ratios of wall time to the hand-written command (a). **Measured** rows come from the table",
             "above (this run). **Quoted** rows are not measured here: they are copied from",
             "`../shared/bench/peers.md` (a machine like this one, each tool paired with (a) in its own run),",
             "so they compare only as ratios, and only roughly.", "",
             "| renderer | source | wall vs (a) | its time over Estúdio's |", "|---|---|---:|---:|"]
    lines.append(f"| Estúdio (reference's x264 settings, `--keep-levels`) | measured | {ours:.2f} | – |")
    lines.append(f"| Estúdio, the default Export | measured | {export:.2f} | {export / ours:.2f}x |")
    for name, ratio in PEERS:
        lines.append(f"| {name} | quoted | {ratio:.2f} | {ratio / ours:.2f}x |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
