// Starts the real app under tauri-driver (which runs WebKitWebDriver) and hands out WebDriver
// sessions. Each test file gets its own data folder, so its queue starts empty.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, By, until } from "selenium-webdriver";

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
export async function startDriver(extraEnv = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "estudio-e2e-"));
  if (await portOpen(4444)) throw new Error("port 4444 is taken: is another tauri-driver running?");
  const driverProc = spawn("tauri-driver", [], {
    env: { ...process.env, ESTUDIO_DATA_DIR: dataDir, ESTUDIO_LOG: "info", ...extraEnv },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitPort(4444, 15000);
  const sessions = [];
  return {
    dataDir,
    async session() {
      const driver = await new Builder()
        .usingServer("http://127.0.0.1:4444/")
        .withCapabilities({ browserName: "wry", "tauri:options": { application: app } })
        .build();
      sessions.push(driver);
      return driver;
    },
    async stop() {
      for (const d of sessions) await d.quit().catch(() => undefined);
      // SIGTERM lets tauri-driver stop WebKitWebDriver too (SIGKILL would leave it running).
      driverProc.kill("SIGTERM");
      await new Promise((r) => driverProc.once("exit", r));
    },
  };
}

export const byTestId = (id) => By.css(`[data-testid="${id}"]`);

export async function waitText(driver, testId, ms = 15000) {
  const el = await driver.wait(until.elementLocated(byTestId(testId)), ms);
  await driver.wait(async () => (await el.getText()).trim().length > 0, ms);
  return (await el.getText()).trim();
}

export async function screenshot(driver, name) {
  writeFileSync(path.join(artifacts, `${name}.png`), await driver.takeScreenshot(), "base64");
}

export function probeDuration(file) {
  const out = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]);
  return Number(out.toString().trim());
}
