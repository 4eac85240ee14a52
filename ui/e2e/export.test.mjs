// The whole path in the real window: the sample project is open at start, Export queues it,
// progress moves through events, the job completes, the file exists, and the queue is still
// there after the app restarts.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { until } from "selenium-webdriver";
import {
  byTestId,
  callsSince,
  probeDuration,
  replaceText,
  screenshot,
  startDriver,
  waitGone,
  waitStatus,
  waitText,
} from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver();
});
after(async () => {
  await env?.stop();
});

test("export the sample project and watch it complete, then find it again after a restart", async () => {
  const driver = await env.session();
  assert.equal(await waitText(driver, "project-title"), "Bem-vindo ao Estúdio");
  assert.equal(await waitText(driver, "project-scenes"), "3");
  assert.equal(await waitText(driver, "project-duration"), "12.5 s");
  await screenshot(driver, "01-sample-open");

  await (await driver.findElement(byTestId("export"))).click();
  const output = await driver.wait(until.elementLocated(byTestId("output")), 5000);
  await driver.wait(async () => (await output.getAttribute("value")) !== "", 5000);
  const dest = path.join(env.dataDir, "Exportação 1.mp4");
  await replaceText(output, dest);
  await screenshot(driver, "02-export-dialog");
  const { mark } = callsSince(env.dataDir);
  await (await driver.findElement(byTestId("start-export"))).click();

  // Watch the job row: statuses and percentages as the window shows them. Both are read in one
  // script, so a row re-rendered between two WebDriver calls cannot make the reading stale.
  await driver.wait(until.elementLocated(byTestId("job")), 10000);
  const statuses = [];
  const percents = [];
  const deadline = Date.now() + 120000;
  let shotProgress = false;
  const titles = new Set();
  for (;;) {
    const snap = await driver.executeScript(`
      const job = document.querySelector('[data-testid="job"]');
      const pct = job && job.querySelector('[data-testid="job-percent"]');
      return job ? { status: job.dataset.status, pct: pct ? pct.textContent : null } : null;`);
    assert.ok(snap, "the job row is shown");
    if (statuses.at(-1) !== snap.status) statuses.push(snap.status);
    titles.add(await driver.getTitle());
    if (snap.pct !== null) {
      const value = Number(snap.pct.replace("%", ""));
      if (percents.at(-1) !== value) percents.push(value);
      if (!shotProgress && value > 0) {
        await screenshot(driver, "03-rendering");
        shotProgress = true;
      }
    }
    if (["completed", "failed", "canceled"].includes(snap.status)) break;
    assert.ok(Date.now() < deadline, `timed out; statuses ${statuses}`);
    await driver.sleep(50);
  }
  await screenshot(driver, "04-completed");
  assert.equal(statuses.at(-1), "completed", `statuses seen: ${statuses}`);
  assert.ok(statuses.includes("processing"), `statuses seen: ${statuses}`);
  assert.ok(percents.some((p) => p > 0 && p < 100), `no intermediate progress seen: ${percents}`);
  for (let i = 1; i < percents.length; i++) assert.ok(percents[i] >= percents[i - 1], `progress went back: ${percents}`);
  assert.ok(existsSync(dest), "the video exists");
  assert.ok(statSync(dest).size > 100_000, "the video has content");
  assert.ok(Math.abs(probeDuration(dest) - 12.5) < 1 / 30 + 1e-6, "12.5 s long");
  assert.equal((await driver.findElements(byTestId("reveal"))).length, 1, "a reveal button for the output");
  // The window title carried the progress, and is plain again.
  assert.ok([...titles].some((t) => /^\d+% · Estúdio$/.test(t)), `titles seen: ${[...titles]}`);
  assert.equal(await driver.getTitle(), "Estúdio");
  // Everything the window learnt came by events: one Export call, no list or status calls.
  const counted = callsSince(env.dataDir, mark).counts;
  assert.equal(counted.enqueue_export, 1, JSON.stringify(counted));
  for (const cmd of ["list_jobs", "queue_settings", "job_log", "app_info", "prefs"]) {
    assert.equal(counted[cmd] ?? 0, 0, `${cmd} called during the export: ${JSON.stringify(counted)}`);
  }

  // Close the app and open it again: the job is still there, completed.
  await driver.quit();
  const again = await env.session();
  const row = await again.wait(until.elementLocated(byTestId("job")), 15000);
  assert.equal(await row.getAttribute("data-status"), "completed");
  await screenshot(again, "05-after-restart");
});

test("Export never proposes a video that is there, and replaces one only when the person confirms", async () => {
  await env.quitAll();
  const driver = await env.session();
  await waitText(driver, "project-title");
  const dest = path.join(env.dataDir, "Exportação 1.mp4");
  assert.ok(existsSync(dest), "the first test's video");
  const before = readFileSync(dest);
  const inode = statSync(dest).ino;

  // The last destination of this project is taken: the next free name is proposed.
  await (await driver.findElement(byTestId("export"))).click();
  const output = await driver.wait(until.elementLocated(byTestId("output")), 5000);
  await driver.wait(async () => (await output.getAttribute("value")) !== "", 5000);
  assert.equal(await output.getAttribute("value"), path.join(env.dataDir, "Exportação 1 (2).mp4"));

  // Typed back, the existing name is asked about, and nothing is queued until confirmed.
  await replaceText(output, dest);
  await (await driver.findElement(byTestId("start-export"))).click();
  const confirm = await driver.wait(until.elementLocated(byTestId("replace-confirm")), 5000);
  assert.match(await confirm.getText(), /is already there.*Replace it\?/s);
  await screenshot(driver, "06-replace-asked");
  assert.equal((await driver.findElements(byTestId("job"))).length, 1, "still one job: nothing queued");
  await (await driver.findElement(byTestId("choose-other"))).click();
  await waitGone(driver, "replace-confirm");
  assert.ok(readFileSync(dest).equals(before) && statSync(dest).ino === inode, "nothing replaced");

  // Asked again and confirmed: the video is replaced by a new render.
  await (await driver.findElement(byTestId("start-export"))).click();
  await (await driver.wait(until.elementLocated(byTestId("confirm-replace")), 5000)).click();
  await waitGone(driver, "export-dialog");
  await driver.wait(async () => (await driver.findElements(byTestId("job"))).length === 2, 10000);
  assert.equal(await waitStatus(driver, ["completed", "failed", "canceled"]), "completed");
  // A new file renamed into place (its bytes may well be the same: the parts come from the cache).
  assert.notEqual(statSync(dest).ino, inode, "replaced once confirmed");
});
