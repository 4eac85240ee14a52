#!/usr/bin/env python3
"""Deck import benchmark for `make bench`: a 30-slide deck (written here as Impress flat XML,
converted once by LibreOffice to .pptx, with a picture, a title and notes on every slide), and a
real 91-slide .ppt from 2007 (bench/decks/), each imported by `estudio-cli import`, against
LibreOffice's own conversion of the same deck to PDF alone (a fresh profile each time, as the
import uses). Alternating, after a warm-up round.

  deck_bench.py [--rounds N]   prints a Markdown section on stdout
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_bench as rb  # noqa: E402  (measuring code shared)

SLIDES = 30
WORK = os.path.join(rb.WORK, "deck")


def fodp(path):
    colours = ["e02020", "2020e0", "20c020", "f0f010", "802080"]
    styles, body = [], []
    for i in range(SLIDES):
        styles.append(f'<style:style style:name="dp{i}" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="#{colours[i % 5]}" presentation:background-visible="true"/></style:style>')
        bullets = "".join(f"<text:p>Ponto {k} do slide {i + 1}: camadas, pacotes e endereços.</text:p>" for k in range(5))
        body.append(
            f'<draw:page draw:name="p{i}" draw:style-name="dp{i}" draw:master-page-name="Default">'
            f'<draw:frame presentation:class="title" svg:x="1cm" svg:y="0.5cm" svg:width="24cm" svg:height="2cm"><draw:text-box><text:p>Slide {i + 1}: redes de computadores</text:p></draw:text-box></draw:frame>'
            f'<draw:frame svg:x="1cm" svg:y="3cm" svg:width="24cm" svg:height="10cm"><draw:text-box>{bullets}</draw:text-box></draw:frame>'
            f'<presentation:notes><draw:frame presentation:class="notes" svg:x="2cm" svg:y="12cm" svg:width="17cm" svg:height="10cm"><draw:text-box><text:p>Neste slide falamos do ponto {i + 1}.</text:p></draw:text-box></draw:frame></presentation:notes>'
            '</draw:page>')
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"')
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">'
           f'<office:meta><dc:title>Redes</dc:title></office:meta><office:automatic-styles>{"".join(styles)}</office:automatic-styles>'
           f'<office:body><office:presentation>{"".join(body)}</office:presentation></office:body></office:document>')
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)


def soffice(src, fmt, outdir):
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        return ["soffice", "--headless", "--norestore", "--nologo", f"-env:UserInstallation=file://{profile}",
                "--convert-to", fmt, "--outdir", outdir, src], profile
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        raise


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    src = os.path.join(WORK, "aula.fodp")
    fodp(src)
    cmd, profile = soffice(src, "pptx", WORK)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)
    generated = os.path.join(WORK, "aula.pptx")
    real = os.path.join(os.path.dirname(os.path.abspath(__file__)), "decks", "programa-alianca-2007.ppt")
    sections = [
        (generated, SLIDES, f"### A {SLIDES}-slide deck imported (generated)"),
        (real, 91, "### A real deck: 91 slides of 2007 (`bench/decks/programa-alianca-2007.ppt`)"),
    ]
    out = []
    for deck, slides, title in sections:
        out.extend(measure_deck(deck, slides, title, args.rounds))
    print("\n".join(out))


def measure_deck(deck, slides, title, rounds):
    pdf_dir = os.path.join(WORK, "pdf")
    project = os.path.join(WORK, "deck.estudio")
    rows = {"ref": [], "import": []}
    for r in range(rounds + 1):
        cmd, profile = soffice(deck, "pdf", pdf_dir)
        ref = rb.measure(cmd)
        shutil.rmtree(profile, ignore_errors=True)
        imp = rb.measure([rb.CLI, "import", deck, "-o", project, "--force"])
        rb.log(f"{os.path.basename(deck)} round {r}{' (warm-up)' if r == 0 else ''}: LibreOffice to PDF {ref[0]:.2f} s, import {imp[0]:.2f} s")
        if r:
            rows["ref"].append(ref)
            rows["import"].append(imp)
    med = lambda k, i: statistics.median(x[i] for x in rows[k])
    ratio = statistics.median(i[0] / r[0] for i, r in zip(rows["import"], rows["ref"]))
    return [
        title, "",
        "Command: `python3 bench/deck_bench.py`. The reference is LibreOffice's own conversion of "
        "the same deck to PDF (a fresh profile each time, as the import uses); the import also "
        "reads the deck's XML (a .ppt through LibreOffice's conversion to .pptx first), cleans its "
        "copy, and draws every page with MuPDF. "
        f"Medians of {rounds} alternating rounds after a warm-up.", "",
        "| | wall s | s per slide | CPU s | peak memory MiB (PSS, tree) |", "|---|---:|---:|---:|---:|",
        f"| LibreOffice to PDF alone (reference) | {med('ref', 0):.2f} | {med('ref', 0) / slides:.3f} | {med('ref', 1):.1f} | {med('ref', 2):.0f} |",
        f"| `estudio-cli import` | {med('import', 0):.2f} | {med('import', 0) / slides:.3f} | {med('import', 1):.1f} | {med('import', 2):.0f} |",
        "", f"Import over the reference: {ratio:.2f}.", "",
    ]


if __name__ == "__main__":
    main()
