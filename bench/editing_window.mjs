// `make bench`: editing in the window (the release app under Xvfb, driven by tauri-driver), on
// deck20 (../shared/bench: 20 slides at 1280x720, a title on each, recorded narration, music):
//   - from a scene's title typed in the inspector (the field left) to its thumbnail redrawn and
//     loaded in the scene list; the reference, timed by hand in the same run: ffmpeg drawing that
//     thumbnail (the slide scaled to 320 px, the title drawn on it) into a PNG;
//   - from the same edit to the selected scene's preview playing in the inspector; the
//     reference: ffmpeg drawing that one scene at preview quality (640x360, x264 ultrafast) by
//     hand;
//   - Listen of a line already spoken, and of a new Piper line (from the line typed to it
//     playing), against Piper speaking that line by hand.
//
//   node bench/editing_window.mjs   prints Markdown on stdout
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.ESTUDIO_APP_BIN ??= path.join(repo, "target/release/estudio");
const { byTestId, piperEnv, startDriver } = await import(path.join(repo, "ui/e2e/harness.mjs"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ROUNDS = Number(process.env.ROUNDS ?? 11);

// deck20 as an Estúdio project, made by the render benchmark's own converter.
const deckProject = execFileSync(
  "python3",
  ["-c", "import sys; sys.path.insert(0, 'bench'); import render_bench as r; print(r.to_estudio(r.assets(20)))"],
  { cwd: repo, encoding: "utf8" },
).trim();
const project = path.join(path.dirname(deckProject), "deck-editing.estudio");
copyFileSync(deckProject, project);
const deck = JSON.parse(readFileSync(project, "utf8"));
const SCENE = 7; // 0-based: the eighth scene, with a transition on both sides.
const scene = deck.scenes[SCENE];
const resolve = (p) => (path.isAbsolute(p) ? p : path.join(path.dirname(project), p));
const font = execFileSync("fc-match", ["-f", "%{file}", "DejaVu Sans:bold"], { encoding: "utf8" });
const work = mkdtempSync(path.join(os.tmpdir(), "estudio-editing-bench-"));

/** Seconds a command takes, run to the end. */
function timed(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const drawtext = (title, height) =>
  `drawtext=fontfile=${font}:text='${title}':fontsize=${Math.round(scene.texts[0].size * height)}:fontcolor=white:` +
  `borderw=${Math.max(1, Math.round(scene.texts[0].outline.width * height))}:bordercolor=black:x=(w-tw)/2:y=h*${scene.texts[0].y}-th/2`;
const refThumbnail = (title) =>
  timed("ffmpeg", ["-v", "error", "-y", "-i", resolve(scene.background.image), "-vf", `scale=320:180,${drawtext(title, 180)}`, "-frames:v", "1", path.join(work, "thumb.png")]);
const refPreview = (title) =>
  timed("ffmpeg", [
    "-v", "error", "-y", "-loop", "1", "-t", String(scene.duration), "-i", resolve(scene.background.image),
    "-i", resolve(scene.narration.src),
    "-filter_complex", `[0]scale=640:360,${drawtext(title, 360)},format=yuv420p[v]`,
    "-map", "[v]", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-r", "30",
    "-c:a", "aac", "-b:a", "96k", "-t", String(scene.duration), path.join(work, "scene.mp4"),
  ]);

// Typing in a field as a person does: the value set, then the field left (which applies it).
const TYPE = `
  const [testId, text] = arguments;
  const el = document.querySelector('[data-testid="' + testId + '"]');
  const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set;
  el.focus();
  set.call(el, text);
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.blur();`;

const piper = piperEnv();
const env = await startDriver({ ...piper, ...(process.env.ESTUDIO_LOG ? { ESTUDIO_LOG: process.env.ESTUDIO_LOG } : {}), ALSA_CONFIG_PATH: (() => {
  const f = path.join(work, "asound.conf");
  writeFileSync(f, "pcm.!default { type null }\n");
  return f;
})() });
const rows = [];
let listenFailed = null;
const log = (...a) => console.error(new Date().toISOString(), ...a);
try {
  const driver = await env.session([project]);
  await driver.manage().setTimeouts({ script: 180000 });
  await driver.wait(async () => (await driver.findElements(byTestId("scene-thumb"))).length === deck.scenes.length, 300000);
  log("thumbnails shown");
  await (await driver.findElements(byTestId("scene")))[SCENE].click();
  await driver.wait(async () => (await driver.findElement(byTestId("scene-preview")).getAttribute("data-state")) === "ready", 120000);

  // Title -> thumbnail and preview, measured in the page (performance.now()).
  const thumbs = [];
  const previews = [];
  const refThumbs = [];
  const refPreviews = [];
  for (let k = 0; k < ROUNDS; k++) {
    const title = `Título ${k + 1}`;
    const r = await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       const [n, testId, text] = arguments;
       const img = () => document.querySelectorAll('[data-testid="scene"]')[n].querySelector("img");
       const video = () => document.querySelector('[data-testid="scene-preview-video"]');
       const oldThumb = img()?.src;
       const oldVideo = video()?.src;
       const t0 = performance.now();
       let thumb = null, preview = null;
       const finish = () => thumb !== null && preview !== null && done({ thumb, preview });
       const poll = () => {
         const i = img();
         if (thumb === null && i && i.src !== oldThumb && i.complete && i.naturalWidth > 0) thumb = performance.now() - t0;
         const v = video();
         if (preview === null && v && v.src !== oldVideo && !v.paused && v.currentTime > 0 && v.readyState >= 3) preview = performance.now() - t0;
         if (thumb === null || preview === null) requestAnimationFrame(poll); else finish();
       };
       ${TYPE.replace("const [testId, text] = arguments;", "")}
       requestAnimationFrame(poll);`,
      SCENE,
      "field-text",
      title,
    );
    log("round", k, r);
    thumbs.push(r.thumb);
    previews.push(r.preview);
    refThumbs.push(refThumbnail(title));
    refPreviews.push(refPreview(title));
  }
  rows.push(["title edit -> its thumbnail redrawn in the list", thumbs, "reference: ffmpeg draws that thumbnail by hand", refThumbs]);
  rows.push(["title edit -> the scene's preview playing", previews, "reference: ffmpeg draws that scene at preview quality by hand", refPreviews]);
  await driver.quit();

  // Listen: a small project with text narrations spoken by Piper. Not measured is said, not hidden.
  try {
  const voiced = path.join(env.dataDir, "listen.estudio");
  writeFileSync(voiced, JSON.stringify({
    version: 1, title: "Listen", canvas: { width: 640, height: 360, fps: 25 },
    defaults: { narration: { voice: "piper:en_US-joe-medium" } },
    scenes: [
      { background: { color: "#203040" }, narration: { text: "Every layer adds a header of its own." } },
      { background: { color: "#402030" }, narration: { text: "The router passes the packet along." } },
    ],
  }, null, 2));
  const d2 = await env.session([voiced]);
  await d2.manage().setTimeouts({ script: 180000 });
  await d2.wait(async () => (await d2.findElements(byTestId("listen"))).length > 0, 120000);
  // Measured with the window at rest, as a person presses Listen after looking: the selected
  // scene's preview drawn, played once and let go (while it is being drawn and starts to play,
  // the window's own work takes the cores this machine has).
  await d2.wait(
    () => d2.executeScript(`return document.querySelector('[data-testid="scene-preview-video"]')?.dataset.holding === "false"`),
    120000,
  );
  const LISTEN = `
    const done = arguments[arguments.length - 1];
    const [text] = arguments;
    const state = () => document.querySelector('[data-testid="listen-state"]')?.dataset.state;
    const t0 = performance.now();
    if (text !== null) { ${TYPE.replace("const [testId, text] = arguments;", 'const testId = "field-narration-text";')} }
    // Pressed as soon as it can be (it is disabled while a line is being spoken).
    const press = () => {
      const b = document.querySelector('[data-testid="listen"]');
      if (!b || b.disabled) return requestAnimationFrame(press);
      b.click();
      requestAnimationFrame(poll);
    };
    const poll = () => {
      if (state() === "playing") {
        const ms = performance.now() - t0;
        document.querySelector('[data-testid="listen-stop"]')?.click();
        done(ms);
      } else if (document.querySelector('[data-testid="listen-error"]')) done(-1);
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(press);`;
  const cached = [];
  for (let k = 0; k < ROUNDS; k++) {
    cached.push(await d2.executeAsyncScript(LISTEN, null));
    await new Promise((r) => setTimeout(r, 300));
  }
  if (cached.some((x) => x < 0)) throw new Error("Listen failed");
  const model = path.join(piper.ESTUDIO_VOICES, "en_US-joe-medium.onnx");
  const fresh = [];
  const byHand = [];
  for (let k = 0; k < ROUNDS; k++) {
    const line = `A new line, number ${k + 1}, spoken for the first time at ${Date.now()}.`;
    fresh.push(await d2.executeAsyncScript(LISTEN, line));
    await new Promise((r) => setTimeout(r, 300));
    const textFile = path.join(work, "line.txt");
    writeFileSync(textFile, `${line} By hand.\n`);
    byHand.push(timed(piper.ESTUDIO_PIPER, ["--model", model, "--input_file", textFile, "--output_file", path.join(work, "line.wav")]));
  }
  if (fresh.some((x) => x < 0)) throw new Error("Listen of a new line failed");
  rows.push(["Listen of a line already spoken -> playing", cached, null, null]);
  rows.push(["Listen of a new Piper line (typed, then Listen) -> playing", fresh, "reference: Piper speaking such a line by hand", byHand]);
  await d2.quit();
  } catch (e) {
    listenFailed = String(e).split("\n")[0];
  }
} finally {
  await env.stop();
}

const ms = (x) => `${x.toFixed(0)} ms`;
console.log("| measured | median | 95th percentile | reference (median) | ratio of medians | samples |");
console.log("| --- | ---: | ---: | --- | ---: | ---: |");
for (const [what, xs, ref, rs] of rows) {
  const refCell = ref ? `${ref}: ${ms(median(rs))}` : "–";
  const ratio = rs ? (median(xs) / median(rs)).toFixed(2) : "–";
  console.log(`| ${what} | ${ms(median(xs))} | ${ms(pct(xs, 0.95))} | ${refCell} | ${ratio} | ${xs.length} |`);
}
const fresh = rows[3];
console.log();
if (!fresh) console.log(`Listen was not measured: ${listenFailed}.`);
const over = fresh ? fresh[1].map((x, i) => x - fresh[3][i]) : [0];
if (fresh) console.log(
  `Listen of a new Piper line: ${ms(median(over))} more than Piper by hand (median of the ${over.length} pairs' differences; ` +
    "Piper starts and loads its voice in both). Times are the page's `performance.now()` from the field left " +
    "(or Listen pressed) to the picture loaded, the video playing, or the sound element playing.",
);
