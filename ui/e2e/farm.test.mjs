// A render farm seen from the window: the app on one machine follows, live, a job that a
// worker on another machine renders (a real PostgreSQL, started by estudio-testdb), shows where
// it renders, and Settings tests a farm's address and keeps its password out of sight. The
// server's clock is an hour behind this machine's, as a farm's can be.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { until } from "selenium-webdriver";
import { byTestId, repo, screenshot, startDriver, waitText } from "./harness.mjs";

const cli = path.join(repo, "target/debug/estudio-cli");
let server;
let url;
let env;
// The app's password file: its own, not the user's ~/.pgpass.
const pgpass = path.join(mkdtempSync(path.join(os.tmpdir(), "estudio-pgpass-")), "pgpass");

before(async () => {
  server = spawn(path.join(repo, "target/debug/estudio-testdb"), ["--clock-off", "-3600"], { stdio: ["pipe", "pipe", "inherit"] });
  url = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once("line", resolve);
    server.once("exit", (code) => reject(new Error(`estudio-testdb exited (${code})`)));
  });
  // This app renders nothing itself (no ffmpeg): every render is another machine's.
  env = await startDriver({ ESTUDIO_DB: url, ESTUDIO_FFMPEG: "/nonexistent/ffmpeg", PGPASSFILE: pgpass });
});
after(async () => {
  await env?.stop();
  server?.stdin.end();
});

const password = () => new URL(url).password;

// A farm machine's CLI environment: a data folder of its own.
const machine = (name) => ({ ...process.env, ESTUDIO_DATA_DIR: path.join(env.dataDir, `machine-${name}`), LANGUAGE: "en" });

/** The sample project unpacked in `folder` (shared storage), queued from machine "a" to
 * render into `folder/output`; its job's id. */
function queueSample(folder, output) {
  const shared = path.join(env.dataDir, folder);
  mkdirSync(shared, { recursive: true });
  const project = execFileSync(cli, ["sample", shared], { env: machine("a") }).toString().trim();
  const args = ["--db", url, "enqueue", project, "-o", path.join(shared, output), "--preset", "preview"];
  return { shared, id: execFileSync(cli, args, { env: machine("a") }).toString().trim() };
}

test("a job queued and rendered by other machines shows live, with where it renders", async (t) => {
  const driver = await env.session();
  t.after(() => driver.quit());
  await driver.wait(until.elementLocated(byTestId("queue-panel")), 30000);

  const { id } = queueSample("shared", "farm.mp4");
  const row = await driver.wait(until.elementLocated({ css: `[data-job-id="${id}"]` }), 10000);
  const worker = spawn(cli, ["--db", url, "worker", "--drain", "--name", "sala-9"], { env: machine("b"), stdio: "ignore" });
  const exited = new Promise((r) => worker.once("exit", r));
  await driver.wait(async () => (await row.getAttribute("data-status")) === "processing", 30000);
  const where = await driver.wait(until.elementLocated({ css: `[data-job-id="${id}"] [data-testid="job-worker"]` }), 10000);
  assert.equal(await where.getText(), "rendering on sala-9");
  // Measured by the server's clock: seconds, not the hour between the two clocks.
  const elapsed = await driver.findElement({ css: `[data-job-id="${id}"] [data-testid="job-elapsed"]` });
  assert.match(await elapsed.getText(), /^elapsed 0:\d\d$/);
  await screenshot(driver, "farm-rendering-elsewhere");
  await driver.wait(async () => (await row.getAttribute("data-status")) === "completed", 120000);
  assert.equal(await exited, 0);
  assert.ok(!(await driver.getPageSource()).includes(password()), "the window shows the password");
});

test("Settings tests a farm's address and keeps the password in ~/.pgpass, never on screen", async (t) => {
  const driver = await env.session();
  t.after(() => driver.quit());
  await (await driver.wait(until.elementLocated(byTestId("settings")), 30000)).click();
  // ESTUDIO_DB names this run's queue, and wins over what is chosen here: the dialog says so.
  const fromEnv = await waitText(driver, "queue-from-env");
  assert.match(fromEnv, new RegExp(`^Now the queue is postgres://farm@127\\.0\\.0\\.1:${new URL(url).port}/farm, named by the ESTUDIO_DB`));
  await (await driver.wait(until.elementLocated(byTestId("queue-farm")), 5000)).click();
  const field = await driver.wait(until.elementLocated(byTestId("farm-url")), 5000);
  const port = new URL(url).port;
  await field.sendKeys(url.replace(`:${port}/`, ":1/"));
  await (await driver.findElement(byTestId("farm-test"))).click();
  await driver.wait(async () => (await waitText(driver, "farm-test-result")).includes("cannot be reached"), 15000);
  assert.match(await waitText(driver, "farm-test-result"), /127\.0\.0\.1:1/);
  await field.clear();
  // The address without its password; the password in its own masked field.
  await field.sendKeys(url.replace(`:${password()}@`, "@"));
  await (await driver.findElement(byTestId("farm-password"))).sendKeys(password());
  assert.equal(await (await driver.findElement(byTestId("farm-password"))).getAttribute("type"), "password");
  await (await driver.findElement(byTestId("farm-test"))).click();
  await driver.wait(async () => (await waitText(driver, "farm-test-result")).startsWith("connected to"), 15000);
  const said = await waitText(driver, "farm-test-result");
  assert.match(said, new RegExp(`^connected to postgres://farm@127\\.0\\.0\\.1:${port}/farm \\(PostgreSQL \\d+`));
  assert.ok(!said.includes(password()));
  await screenshot(driver, "farm-settings-tested");
  // Saved: the password goes to the pgpass file (PGPASSFILE here), the address without it.
  const save = await driver.findElement(byTestId("save-settings"));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", save);
  await save.click();
  await driver.wait(async () => (await driver.findElements(byTestId("settings-dialog"))).length === 0, 10000);
  const settings = JSON.parse(readFileSync(path.join(env.dataDir, "settings.json"), "utf8"));
  assert.equal(settings.farm_url, url.replace(`:${password()}@`, "@"));
  assert.ok(!readFileSync(path.join(env.dataDir, "settings.json"), "utf8").includes(password()));
  assert.equal(readFileSync(pgpass, "utf8"), `127.0.0.1:${port}:farm:farm:${password()}\n`);
  assert.equal(statSync(pgpass).mode & 0o777, 0o600, "only its owner reads it");
  await (await driver.findElement(byTestId("settings"))).click();
  const again = await driver.wait(until.elementLocated(byTestId("farm-url")), 5000);
  assert.equal(await again.getAttribute("value"), settings.farm_url);
  assert.ok(!(await driver.getPageSource()).includes(password()), "the window shows the password");
});

test("a job no farm machine can reach the files of says why it waits", async (t) => {
  const driver = await env.session();
  t.after(() => driver.quit());
  await driver.wait(until.elementLocated(byTestId("queue-panel")), 30000);
  const { shared, id } = queueSample("shared-far", "far.mp4");
  // "far" sees the shared folder nowhere.
  const far = spawn(cli, ["--db", url, "worker", "--name", "far", "--path-map", `${shared}=/nonexistent/cursos`], {
    env: machine("far"),
    stdio: "ignore",
  });
  t.after(() => far.kill());
  const note = await driver.wait(until.elementLocated({ css: `[data-job-id="${id}"] [data-testid="job-waiting"]` }), 30000);
  assert.match(await note.getText(), /^waiting for a machine that can read \/nonexistent\/cursos\/.*: far cannot \(/);
  const row = await driver.findElement({ css: `[data-job-id="${id}"]` });
  assert.equal(await row.getAttribute("data-status"), "queued");
  await screenshot(driver, "farm-out-of-reach");
});
