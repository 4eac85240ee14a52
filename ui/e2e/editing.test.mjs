// Editing in the real window: a deck imported (real LibreOffice), its narration edited and
// heard, a duration changed, scenes reordered with the keyboard, undo and redo, save and
// reopen; unsaved changes after a SIGKILL offered back; the file changed by another program
// (reloaded when clean, asked when dirty); an invalid value marked on its field with Export
// disabled; a re-export after one title edit drawing the other scenes from the cache. The
// Portuguese window is exercised at the end.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Key, until } from "selenium-webdriver";
import { byTestId, dropOnWindow, png, repo, replaceText, screenshot, startDriver, textWhen, waitFor, waitStatus, waitText, callsSince } from "./harness.mjs";

// The machines tests run on have no sound card: WebKit's player (GStreamer, through ALSA) plays
// Listen into ALSA's null device instead, at the speed of a real one.
const alsa = path.join(os.tmpdir(), "estudio-e2e-asound-null.conf");
writeFileSync(alsa, "pcm.!default { type null }\n");
const silentSoundCard = { ALSA_CONFIG_PATH: alsa };

let env;
before(async () => {
  env = await startDriver(silentSoundCard);
});
afterEach(async (t) => {
  await env?.quitAll(t.passed === false ? t.name : null);
});
after(async () => {
  await env?.stop();
});

/** A three-slide .pptx (python-pptx, in the project's .venv): a title and notes on each. */
function pptx(file, slides) {
  const script = `
import sys, json
from pptx import Presentation
from pptx.util import Inches
prs = Presentation()
prs.slide_width, prs.slide_height = Inches(10), Inches(5.625)
for title, notes in json.loads(sys.argv[2]):
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = title
    s.notes_slide.notes_text_frame.text = notes
prs.save(sys.argv[1])
`;
  execFileSync(path.join(repo, ".venv/bin/python"), ["-c", script, file, JSON.stringify(slides)]);
}

const json = (file) => JSON.parse(readFileSync(file, "utf8"));


const titleIs = (driver, title) => textWhen(driver, "project-title", (t) => t === title);

/** The labels of the scene list, in order. */
async function labels(driver) {
  const out = [];
  for (const li of await driver.findElements(byTestId("scene"))) {
    // The label's own words (its title), without the number and the marks before them.
    out.push(await li.findElement({ css: ".scene-label" }).getAttribute("title"));
  }
  return out;
}

async function waitLabels(driver, expected) {
  let last = [];
  await driver.wait(async () => {
    last = await labels(driver);
    return JSON.stringify(last) === JSON.stringify(expected);
  }, 30000).catch(() => assert.deepEqual(last, expected));
}

async function selectScene(driver, n) {
  const scenes = await driver.findElements(byTestId("scene"));
  await scenes[n - 1].click();
  await textWhen(driver, "inspector-title", (t) => t.endsWith(` ${n}`), 10000);
}

/** Types `text` into a field and applies it (Tab leaves the field). */
async function setField(driver, testId, text) {
  const el = await driver.wait(until.elementLocated(byTestId(testId)), 30000);
  await replaceText(el, text);
  await el.sendKeys(Key.TAB);
}

async function dirty(driver) {
  return (await driver.findElements(byTestId("dirty"))).length > 0;
}

async function waitDirty(driver, want) {
  await driver.wait(async () => (await dirty(driver)) === want, 30000, `the tab should be ${want ? "dirty" : "clean"}`);
}

async function ctrl(driver, key, shift = false) {
  const body = await driver.findElement({ css: "body" });
  await driver.executeScript("document.activeElement?.blur()");
  await body.sendKeys(shift ? Key.chord(Key.CONTROL, Key.SHIFT, key) : Key.chord(Key.CONTROL, key));
}

let deckProject;

test("a deck imported, edited in the window, saved, and reopened keeps every edit", async () => {
  const driver = await env.session();
  await textWhen(driver, "project-title", (t) => t.length > 0);
  const deck = path.join(env.dataDir, "Segurança.pptx");
  pptx(deck, [
    ["Abertura", "Bem-vindos ao curso."],
    ["Riscos", "Falamos dos riscos."],
    ["Fim", "Obrigado."],
  ]);
  await dropOnWindow(driver, [deck]);
  await textWhen(driver, "project-title", (t) => t === "Abertura", 180000);
  deckProject = path.join(env.dataDir, "Segurança.estudio");
  const before = readFileSync(deckProject, "utf8");
  await waitLabels(driver, ["Abertura", "Riscos", "Fim"]);
  await driver.wait(until.elementsLocated(byTestId("scene-thumb")), 60000);

  // The narration of scene 2, reworded and heard.
  await selectScene(driver, 2);
  await setField(driver, "field-narration-text", "Hoje falamos dos riscos elétricos.");
  await waitDirty(driver, true);
  await (await driver.findElement(byTestId("listen"))).click();
  // Heard: the sound started playing (`data-heard` counts those). Its "playing" state alone is
  // not waited for: a short line on a loaded machine can start and end between two looks.
  let state = null;
  const heard = await waitFor(driver, async () => {
    const el = await driver.findElement(byTestId("listen-state"));
    state = `${await el.getAttribute("data-state")}, heard ${await el.getAttribute("data-heard")}`;
    const error = await driver.findElements(byTestId("listen-error"));
    if (error.length > 0) return `error: ${await error[0].getText()}`;
    return (await el.getAttribute("data-heard")) === "1" ? "heard" : null;
  }, 60000).catch((e) => {
    if (e.name !== "TimeoutError") throw e;
    assert.fail(`Listen was not heard; last seen: ${state}`);
  });
  assert.equal(heard, "heard");

  // Scene 1 lasts 4 s.
  await selectScene(driver, 1);
  await (await driver.findElement(byTestId("length-seconds"))).click();
  await setField(driver, "field-duration", "4");
  await textWhen(driver, "resulting-length", (t) => t.includes("4.0 s"));
  // A fade into the next scene, slow at first.
  const kind = await driver.findElement(byTestId("field-transition"));
  await (await kind.findElement({ css: 'option[value="fade"]' })).click();
  const pace = await driver.wait(until.elementLocated(byTestId("field-transition-easing")), 30000);
  await (await pace.findElement({ css: 'option[value="ease-in"]' })).click();
  await driver.wait(async () => (await pace.getAttribute("value")) === "ease-in", 15000);
  await screenshot(driver, "editing-inspector");

  // Scene 3 moved up with the keyboard (Alt+↑), announced.
  await selectScene(driver, 3);
  const list = await driver.findElement(byTestId("scenes"));
  await list.sendKeys(Key.chord(Key.ALT, Key.ARROW_UP));
  await waitLabels(driver, ["Abertura", "Fim", "Riscos"]);
  assert.match(await driver.findElement(byTestId("scene-announce")).getAttribute("textContent"), /Scene 3 moved to position 2/);

  // Undo takes the move back, redo does it again.
  await ctrl(driver, "z");
  await waitLabels(driver, ["Abertura", "Riscos", "Fim"]);
  await ctrl(driver, "z", true);
  await waitLabels(driver, ["Abertura", "Fim", "Riscos"]);
  assert.equal(readFileSync(deckProject, "utf8"), before, "nothing is written before Save");

  // Ctrl+S while still typing in a field saves what was typed too.
  await selectScene(driver, 1);
  const caption = await driver.findElement(byTestId("field-caption"));
  await replaceText(caption, "Legenda da abertura");
  await caption.sendKeys(Key.chord(Key.CONTROL, "s"));
  await waitDirty(driver, false);
  const saved = json(deckProject);
  assert.equal(saved.scenes[0].caption, "Legenda da abertura");
  assert.equal(saved.scenes[0].duration, 4);
  assert.deepEqual(saved.scenes[0].transition, { type: "fade", easing: "ease-in" });
  assert.equal(saved.scenes[2].narration.text, "Hoje falamos dos riscos elétricos.");
  assert.deepEqual(
    saved.scenes.map((s) => s.name),
    ["Abertura", "Fim", "Riscos"],
  );
  await screenshot(driver, "editing-saved");
  await driver.quit();

  // Reopened by a new window: every edit is there.
  const again = await env.session([deckProject]);
  await titleIs(again, "Abertura");
  await waitLabels(again, ["Abertura", "Fim", "Riscos"]);
  await selectScene(again, 3);
  assert.equal(
    await (await again.findElement(byTestId("field-narration-text"))).getAttribute("value"),
    "Hoje falamos dos riscos elétricos.",
  );
  assert.equal(await dirty(again), false);
  await again.quit();
});

test("the selected scene's preview plays in the panel, and after an edit its neighbour comes from the cache", async () => {
  const driver = await env.session([deckProject]);
  await titleIs(driver, "Abertura");
  await selectScene(driver, 2);
  const ready = async () => {
    let last = null;
    await driver.wait(async () => {
      const el = await driver.findElement(byTestId("scene-preview"));
      last = {
        state: await el.getAttribute("data-state"),
        reused: await el.getAttribute("data-reused"),
        shows: await el.getAttribute("data-shows"),
        current: await el.getAttribute("data-current"),
      };
      // The preview of the scene and revision shown now, not the one before it (kept on screen
      // while the next is drawn).
      return last.state === "ready" && last.shows === last.current;
    }, 120000).catch(() => assert.fail(`the scene preview stayed ${JSON.stringify(last)}`));
    return last;
  };
  const first = await ready();
  assert.match(first.reused, /^\d+\/3$/, "the scene and its two neighbours");
  // Played to its end, the video lets go of its player (WebKitGTK's kept a core busy while it
  // stayed), keeping its last picture.
  const holding = () => driver.findElement(byTestId("scene-preview-video")).getAttribute("data-holding");
  const letGo = async () => {
    await driver.wait(async () => (await holding()) === "false", 60000).catch(async () => assert.fail(`still holding: ${await holding()}`));
    const v = await driver.findElement(byTestId("scene-preview-video"));
    assert.ok(await v.getAttribute("poster"), "a picture of the scene stays");
    // Taken where the scene is seen alone, not at the preview's end (the next scene's
    // picture, once the transition out has ended).
    const [at, from, to] = await Promise.all(
      ["data-poster-secs", "data-own-from-secs", "data-own-to-secs"].map(async (a) => Number(await v.getAttribute(a))),
    );
    assert.ok(at >= from && at <= to, `the poster is the scene's own picture: taken at ${at} s, the scene alone ${from}-${to} s`);
    // And it shows it: the scene is a white slide with a word on it, not a black picture (a
    // playing video drawn into a canvas came out black in WebKitGTK without compositing).
    const mean = await driver.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      const img = new Image();
      img.onload = () => {
        const c = document.createElement("canvas");
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const g = c.getContext("2d");
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += (d[i] + d[i + 1] + d[i + 2]) / 3;
        done(sum / (d.length / 4));
      };
      const src = document.querySelector("[data-testid=scene-preview-video]").getAttribute("poster");
      img.onerror = () =>
        fetch(src)
          .then((r) => r.blob())
          .then((b) => done(\`not a picture: \${src}, \${b.size} bytes of \${b.type}\`))
          .catch((e) => done(\`not a picture: \${src}: \${e}\`));
      img.src = src;`);
    assert.ok(typeof mean === "number" && mean > 128, `the poster shows the white slide: mean brightness ${mean}`);
  };
  await letGo();
  await screenshot(driver, "editing-scene-preview");
  // Play loads it again and plays the scene: time moves on inside it, from where it started
  // playing to a later update. (On a loaded machine WebKit sends few time updates, the first
  // one near the scene's end: two updates were not always there to compare.)
  const times = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    const times = [];
    const v = document.querySelector("[data-testid=scene-preview-video]");
    const started = () => times.push(v.currentTime);
    const seen = () => {
      if (times.length > 0 && v.currentTime > times[0]) {
        times.push(v.currentTime);
        v.removeEventListener("timeupdate", seen);
        done(times);
      }
    };
    v.addEventListener("playing", started, { once: true });
    v.addEventListener("timeupdate", seen);
    document.querySelector("[data-testid=scene-play]").click();
    setTimeout(() => done(times), 25000);`);
  assert.ok(times.length >= 2 && times.at(-1) > times[0], `the scene plays: ${times}`);
  await letGo();
  const before = await driver.findElement(byTestId("scene-preview-video")).getAttribute("src");
  await setField(driver, "field-narration-text", "Os riscos, de novo.");
  await driver.wait(async () => (await driver.findElement(byTestId("scene-preview-video")).getAttribute("src").catch(() => before)) !== before, 120000);
  const second = await ready();
  const [reused] = second.reused.split("/").map(Number);
  assert.ok(reused >= 1, `the scene before comes from the cache: ${second.reused}`);
  await ctrl(driver, "z");
  await waitDirty(driver, false);
  await driver.quit();
});

test("pictures dropped on a scene's picture replace it; dropped beside a scene, they come in as new scenes", async () => {
  const driver = await env.session([deckProject]);
  await titleIs(driver, "Abertura");
  const count = async () => (await driver.findElements(byTestId("scene"))).length;
  const before = await count();
  const red = path.join(env.dataDir, "vermelho.png");
  const blue = path.join(env.dataDir, "azul.png");
  png(red, "ff0000");
  png(blue, "0000ff");
  /** Where `css` (in scene `n`'s row) is on the screen, in the webview's physical pixels. */
  const at = (n, css, lower = false) =>
    driver.executeScript(
      `const [n, css, lower] = arguments;
       const el = document.querySelectorAll('[data-testid="scene"]')[n].querySelector(css) ?? document.querySelectorAll('[data-testid="scene"]')[n];
       el.scrollIntoView({ block: "center" });
       const b = el.getBoundingClientRect();
       const r = window.devicePixelRatio || 1;
       return { x: (b.left + b.width / 2) * r, y: (lower ? b.bottom - 4 : b.top + b.height / 2) * r };`,
      n,
      css,
      lower,
    );
  await dropOnWindow(driver, [red], await at(0, ".thumb"));
  await waitDirty(driver, true);
  await dropOnWindow(driver, [blue], await at(1, ".scene-text", true));
  await driver.wait(async () => (await count()) === before + 1, 30000);
  await ctrl(driver, "s");
  await waitDirty(driver, false);
  const saved = json(deckProject);
  assert.equal(saved.scenes[0].background.image, "vermelho.png", "relative to the project's folder");
  assert.equal(saved.scenes[2].background.image, "azul.png", "a new scene after scene 2");
  // Each undo shows before the next key: the inserted scene goes, then the picture comes back.
  const mark = callsSince(env.dataDir).mark;
  await ctrl(driver, "z");
  await driver.wait(async () => (await count()) === before, 30000).catch(() =>
    assert.fail(`the first undo did not take the new scene away: ${JSON.stringify(callsSince(env.dataDir, mark).counts)}`),
  );
  await ctrl(driver, "z");
  await driver.wait(async () => (await callsSince(env.dataDir, mark).counts.undo_project) === 2, 30000);
  await ctrl(driver, "s");
  await waitDirty(driver, false);
  const restored = json(deckProject);
  assert.equal(restored.scenes.length, before);
  assert.notEqual(restored.scenes[0].background.image, "vermelho.png", "the picture is back");
  await driver.quit();
});

test("an invalid value is marked on its field and scene, and Export stays disabled until it is fixed", async () => {
  const driver = await env.session([deckProject]);
  await titleIs(driver, "Abertura");
  await selectScene(driver, 1);
  await setField(driver, "field-duration", "-3");
  const problem = await waitText(driver, "field-problem");
  assert.match(problem, /duration/i);
  assert.equal(await (await driver.findElement(byTestId("field-duration"))).getAttribute("aria-invalid"), "true");
  assert.equal(await (await driver.findElement(byTestId("export"))).isEnabled(), false);
  assert.ok((await driver.findElements(byTestId("scene-problem"))).length >= 1, "the scene is marked");
  await screenshot(driver, "editing-invalid");
  // A word that is not a number is said by the field and not sent.
  await setField(driver, "field-duration", "abc");
  assert.match(await waitText(driver, "field-problem"), /not a number/);
  await setField(driver, "field-duration", "3");
  await driver.wait(async () => (await driver.findElement(byTestId("export"))).isEnabled(), 30000);
  assert.equal((await driver.findElements(byTestId("field-problem"))).length, 0);
  // Undo back to the saved state: clean again.
  await ctrl(driver, "z");
  await ctrl(driver, "z");
  await ctrl(driver, "z");
  await waitDirty(driver, false);
  await driver.quit();
});

test("after a SIGKILL with unsaved changes, the next start offers them back and restores them", async () => {
  const driver = await env.session([deckProject]);
  await titleIs(driver, "Abertura");
  await selectScene(driver, 2);
  await (await driver.findElement(byTestId("length-seconds"))).click();
  await setField(driver, "field-duration", "7.5");
  await waitDirty(driver, true);
  // The previous test's app may still be on its way out: every app of this data folder is killed.
  const pids = env.appPids();
  assert.ok(pids.length >= 1, "the app runs");
  for (const pid of pids) process.kill(pid, "SIGKILL");
  await driver.quit().catch(() => undefined);
  await env.quitAll();

  // Started again on the same project (as a double-click does): it opens clean, and the
  // unsaved changes are offered; restoring takes the place of the clean tab.
  const after = await env.session([deckProject]);
  await titleIs(after, "Abertura");
  const offer = await waitText(after, "recover", 30000);
  assert.match(offer, /Segurança\.estudio/);
  await screenshot(after, "editing-recover-offer");
  await (await after.findElement(byTestId("recover-restore"))).click();
  await titleIs(after, "Abertura");
  await waitDirty(after, true);
  await selectScene(after, 2);
  assert.equal(await (await after.findElement(byTestId("field-duration"))).getAttribute("value"), "7.5");
  assert.notEqual(json(deckProject).scenes[1].duration, 7.5, "the file itself is untouched until Save");
  await ctrl(after, "s");
  await waitDirty(after, false);
  assert.equal(json(deckProject).scenes[1].duration, 7.5);
  await after.quit();
});

test("a file changed by another program reloads when clean and asks when there are unsaved changes", async () => {
  const driver = await env.session([deckProject]);
  await titleIs(driver, "Abertura");
  // Clean: reloaded.
  const p = json(deckProject);
  p.title = "Abertura v2";
  writeFileSync(deckProject, JSON.stringify(p, null, 2));
  await titleIs(driver, "Abertura v2");
  assert.match(await waitText(driver, "notice"), /reloaded/);
  // Dirty: asked; the file's version taken.
  await selectScene(driver, 1);
  await setField(driver, "field-duration", "9");
  await waitDirty(driver, true);
  p.title = "Abertura v3";
  writeFileSync(deckProject, JSON.stringify(p, null, 2));
  const asked = await waitText(driver, "conflict", 30000);
  assert.match(asked, /changed by another program/);
  await screenshot(driver, "editing-conflict");
  await (await driver.findElement(byTestId("conflict-reload"))).click();
  await titleIs(driver, "Abertura v3");
  assert.equal(json(deckProject).title, "Abertura v3", "the other program's file is kept");
  await driver.quit();
});

test("closing a tab with unsaved changes asks; Cancel keeps it, Don't save drops the changes", async () => {
  const driver = await env.session([deckProject]);
  await textWhen(driver, "project-title", (t) => t.length > 0);
  const sample = path.join(env.dataDir, "sample/welcome.estudio");
  // A second tab, so the tabs (and their close buttons) show.
  await dropOnWindow(driver, [sample]);
  await driver.wait(async () => (await driver.findElements(byTestId("project-tab"))).length === 2, 30000);
  await (await driver.findElements(byTestId("project-tab")))[0].click();
  await selectScene(driver, 1);
  await setField(driver, "field-duration", "6");
  await waitDirty(driver, true);
  const close = async () => (await driver.findElements({ css: ".tab button.close" }))[0].click();
  await close();
  await driver.wait(until.elementLocated(byTestId("unsaved-dialog")), 5000);
  await (await driver.findElement(byTestId("unsaved-cancel"))).click();
  assert.equal((await driver.findElements(byTestId("project-tab"))).length, 2);
  await close();
  await (await driver.wait(until.elementLocated(byTestId("unsaved-discard")), 5000)).click();
  await driver.wait(async () => (await driver.findElements(byTestId("project-tab"))).length === 0, 10000);
  assert.notEqual(json(deckProject).scenes[0].duration, 6);
  await driver.quit();
});

test("re-export after one title edit draws only that scene; the others come from the cache", async () => {
  const driver = await env.session([deckProject]);
  await textWhen(driver, "project-title", (t) => t.length > 0);
  const exportTo = async (file) => {
    await (await driver.findElement(byTestId("export"))).click();
    const output = await driver.wait(until.elementLocated(byTestId("output")), 10000);
    await driver.wait(async () => (await output.getAttribute("value")) !== "", 5000);
    await replaceText(output, file);
    await (await driver.findElement(byTestId("start-export"))).click();
  };
  // A title on scene 2, saved, exported once.
  await selectScene(driver, 2);
  await (await driver.findElement(byTestId("add-text"))).click();
  await setField(driver, "field-text", "Riscos elétricos");
  await ctrl(driver, "s");
  await waitDirty(driver, false);
  await exportTo(path.join(env.dataDir, "first.mp4"));
  assert.equal(await waitStatus(driver, ["completed", "failed"], 300000), "completed");
  await setField(driver, "field-text", "Riscos elétricos e quedas");
  await waitDirty(driver, true);
  // Export saves first.
  await exportTo(path.join(env.dataDir, "second.mp4"));
  await waitDirty(driver, false);
  assert.equal(json(deckProject).scenes[1].texts[0].text, "Riscos elétricos e quedas");
  await driver.wait(async () => {
    const jobs = await driver.findElements(byTestId("job"));
    return jobs.length === 2 && (await jobs[0].getAttribute("data-status")) === "completed";
  }, 300000);
  const first = (await driver.findElements(byTestId("job")))[0];
  await (await first.findElement(byTestId("log"))).click();
  const log = await waitFor(driver, async () => {
    const pre = await first.findElements({ css: ".log pre" });
    const text = pre.length ? await pre[0].getText() : "";
    return /scenes from the cache/.test(text) ? text : null;
  }, 15000);
  const [, reused, of] = /# (\d+) of (\d+) scenes from the cache/.exec(log);
  assert.equal(Number(of), 3);
  assert.ok(Number(of) - Number(reused) <= 2, `${reused} of ${of} scenes from the cache: at most two drawn again`);
  await driver.quit();
});

test("the Portuguese window edits too", async () => {
  await env.stop();
  env = await startDriver({ ...silentSoundCard, LANGUAGE: "pt_BR" });
  const driver = await env.session([deckProject]);
  await textWhen(driver, "project-title", (t) => t.length > 0);
  await selectScene(driver, 3);
  assert.equal((await waitText(driver, "inspector-title")).toLowerCase(), "cena 3");
  await (await driver.findElement(byTestId("length-seconds"))).click();
  await setField(driver, "field-duration", "-1");
  assert.match(await waitText(driver, "field-problem"), /dura/i);
  await screenshot(driver, "editing-pt-BR");
  await setField(driver, "field-duration", "abc");
  assert.match(await waitText(driver, "field-problem"), /não é um número/);
  await ctrl(driver, "z");
  await ctrl(driver, "z");
  await waitDirty(driver, false);
  await driver.quit();
});
