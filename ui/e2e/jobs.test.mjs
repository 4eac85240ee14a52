// Cancel and retry in the real window: a long export canceled mid-render leaves no file; a job
// that failed because its media went missing is retried once the file is back, and completes.
import { afterEach, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, renameSync } from "node:fs";
import path from "node:path";
import { By, Key, until } from "selenium-webdriver";
import { byTestId, jobAttempts, png, screenshot, startDriver, waitFor, waitStatus, waitText, writeProject, replaceText, waitGone } from "./harness.mjs";

// Each test has its own app data folder (and queue): a job left by one cannot hold up the other.
let env;
beforeEach(async () => {
  env = await startDriver();
});
afterEach(async (t) => {
  await env?.quitAll(t.passed === false ? t.name : null);
  await env?.stop();
});

async function exportTo(driver, dest) {
  await (await driver.findElement(byTestId("export"))).click();
  const output = await driver.wait(until.elementLocated(byTestId("output")), 5000);
  // As a user would: the suggested destination is shown, then replaced.
  await driver.wait(async () => (await output.getAttribute("value")) !== "", 5000);
  await replaceText(output, dest);
  assert.equal(await output.getAttribute("value"), dest, "the destination typed is the one used");
  await (await driver.findElement(byTestId("start-export"))).click();
  await waitGone(driver, "export-dialog", 15000);
}

test("a running export canceled from its row stops, and leaves no file behind", async () => {
  const project = writeProject(path.join(env.dataDir, "long.estudio"), {
    version: 1,
    title: "Long",
    canvas: { width: 1920, height: 1080, fps: 30 },
    scenes: [{ duration: 600, background: { color: "#336699" }, texts: [{ text: "Ten minutes", size: 0.1, color: "#ffffff" }] }],
  });
  const driver = await env.session([project]);
  assert.equal(await waitText(driver, "project-title"), "Long");
  const dest = path.join(env.dataDir, "long.mp4");
  await exportTo(driver, dest);
  await waitStatus(driver, ["processing"], 30000);
  await waitFor(driver, async () => {
    const pct = await driver.findElements(byTestId("job-percent"));
    return pct.length > 0 && Number((await pct[0].getText()).replace("%", "")) >= 1;
  }, 60000);
  await (await driver.findElement(byTestId("cancel"))).click();
  assert.equal(await waitStatus(driver, ["canceled", "failed", "completed"], 15000), "canceled");
  await screenshot(driver, "20-canceled");
  assert.equal(existsSync(dest), false, "no video");
  // The project is open in the window: its editing lock (`.~lock.long.estudio#`) is there by design.
  const left = readdirSync(env.dataDir).filter(
    (f) => f.includes("long") && f !== "long.estudio" && f !== ".~lock.long.estudio#",
  );
  assert.deepEqual(left, [], "no temporary file");
  // Remove asks first, its "Keep it" focused: Enter pressed twice removes nothing by surprise.
  await (await driver.findElement(byTestId("remove"))).click();
  const keep = await driver.wait(until.elementLocated(byTestId("keep-job")), 5000);
  assert.equal(await driver.executeScript("return document.activeElement.dataset.testid"), "keep-job");
  await keep.click();
  await waitGone(driver, "remove-confirm");
  assert.equal((await driver.findElements(byTestId("job"))).length, 1, "kept");
  await (await driver.findElement(byTestId("remove"))).click();
  await (await driver.wait(until.elementLocated(byTestId("confirm-remove")), 5000)).click();
  await waitGone(driver, "job", 10000);
  // Focus rests on the queue, not on another row's button.
  assert.equal(await driver.executeScript("return document.activeElement.dataset.testid"), "queue-heading");
  await driver.quit();
});

test("a job that failed on a missing image is retried once it is back, and completes", async () => {
  const image = path.join(env.dataDir, "slide.png");
  png(image, "20c020");
  const project = writeProject(path.join(env.dataDir, "retry.estudio"), {
    version: 1,
    title: "Retry me",
    canvas: { width: 320, height: 180, fps: 10 },
    scenes: [{ duration: 1, background: { image: "slide.png" } }],
  });
  const driver = await env.session([project]);
  assert.equal(await waitText(driver, "project-title"), "Retry me");
  // Paused, so the image can go away between Export and the render.
  await (await driver.findElement(byTestId("pause"))).click();
  const dest = path.join(env.dataDir, "retry.mp4");
  await exportTo(driver, dest);
  await waitStatus(driver, ["queued"], 10000);
  renameSync(image, `${image}.away`);
  await (await driver.findElement(byTestId("pause"))).click();
  await waitStatus(driver, ["failed"], 60000);
  const error = await waitText(driver, "job-error");
  assert.match(error, /slide\.png/, error);
  assert.match(error, /\/scenes\/0\/background\/image/, error);
  await screenshot(driver, "21-failed");

  renameSync(`${image}.away`, image);
  const attempts = await jobAttempts(driver);
  await (await driver.findElement(byTestId("retry"))).click();
  // The row says `failed` until the retry's events arrive: only a later attempt's end counts.
  assert.equal(await waitStatus(driver, ["completed", "failed"], 60000, attempts), "completed");
  assert.ok(existsSync(dest));
  assert.equal(await (await driver.findElements(byTestId("open-video"))).length, 1);
  await screenshot(driver, "22-retried");
  await driver.quit();
});

test("Ctrl+Q while a video renders asks first, and a quit puts the render back to resume at the next start", async () => {
  const project = writeProject(path.join(env.dataDir, "quit.estudio"), {
    version: 1,
    title: "Quit",
    canvas: { width: 1920, height: 1080, fps: 30 },
    scenes: [{ duration: 600, background: { color: "#663399" }, texts: [{ text: "Ten minutes", size: 0.1 }] }],
  });
  const driver = await env.session([project]);
  assert.equal(await waitText(driver, "project-title"), "Quit");
  await exportTo(driver, path.join(env.dataDir, "quit.mp4"));
  await waitStatus(driver, ["processing"], 30000);
  const body = await driver.findElement(By.css("body"));
  await body.sendKeys(Key.CONTROL, "q");
  const ask = await driver.wait(until.elementLocated(byTestId("quit-dialog")), 10000);
  assert.match(await ask.getText(), /A video is rendering here/);
  await screenshot(driver, "22-quit-asked");
  // Staying keeps it rendering.
  await (await driver.findElement(byTestId("keep-rendering"))).click();
  await waitGone(driver, "quit-dialog");
  assert.equal(await waitStatus(driver, ["processing"], 5000), "processing");
  // Quitting closes the window; the render goes back to the queue, not failed.
  await body.sendKeys(Key.CONTROL, "q");
  const quit = await driver.wait(until.elementLocated(byTestId("quit-anyway")), 10000);
  // The window goes away under the click: WebDriver may say so.
  await quit.click().catch(() => undefined);
  await driver.quit().catch(() => undefined);
  const again = await env.session();
  const status = await waitStatus(again, ["queued", "processing"], 30000);
  assert.ok(["queued", "processing"].includes(status), status);
  // The row is drawn again as the resumed render reports: clicked once it holds still.
  const cancel = By.css('[data-testid="job"] [data-testid="cancel"]');
  await again.wait(async () => {
    try {
      await (await again.findElement(cancel)).click();
      return true;
    } catch {
      return false;
    }
  }, 15000);
  assert.equal(await waitStatus(again, ["canceled"], 30000), "canceled");
  await again.quit();
});
