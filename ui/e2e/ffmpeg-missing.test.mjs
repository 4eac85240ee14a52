// Without a usable ffmpeg the window says so, the project's media cannot be checked (each says
// why), and Export stays disabled: no job is queued that cannot run. (The engine also refuses an
// enqueue without ffmpeg: tested with the CLI in crates/cli/tests/faults.rs.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { until } from "selenium-webdriver";
import { byTestId, screenshot, startDriver, waitText } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver({ ESTUDIO_FFMPEG: "/nonexistent/ffmpeg" });
});
after(async () => {
  await env?.stop();
});

test("a missing ffmpeg is shown and nothing is queued", async () => {
  const driver = await env.session();
  const banner = await driver.wait(until.elementLocated(byTestId("ffmpeg-missing")), 15000);
  assert.match(await banner.getText(), /\/nonexistent\/ffmpeg could not be started/);
  await waitText(driver, "project-title");
  const problems = await driver.wait(until.elementLocated(byTestId("problems")), 15000);
  assert.match(await problems.getText(), /slide\.png: \/nonexistent\/ffmpeg could not be started/);
  await screenshot(driver, "10-ffmpeg-missing");
  assert.equal(await (await driver.findElement(byTestId("export"))).isEnabled(), false);
  assert.equal((await driver.findElements(byTestId("job"))).length, 0, "a job was queued");
});
