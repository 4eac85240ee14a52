// Pronunciations in the real window: a word selected in a narration becomes a pronunciation of
// the project (heard first; the narration as written is kept), the project's list shows it, and
// the person's own list in Settings is kept, with a bad entry said at its row.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Key, until } from "selenium-webdriver";
import { byTestId, replaceText, screenshot, startDriver, writeProject } from "./harness.mjs";

const alsa = path.join(os.tmpdir(), "estudio-e2e-asound-null.conf");
writeFileSync(alsa, "pcm.!default { type null }\n");

let env;
before(async () => {
  env = await startDriver({ ALSA_CONFIG_PATH: alsa });
});
afterEach(async (t) => {
  await env?.quitAll(t.passed === false ? t.name : null);
});
after(async () => {
  await env?.stop();
});

const json = (file) => JSON.parse(readFileSync(file, "utf8"));
const LINE = "A NR-35 exige cuidado em altura.";

test("a word selected in a narration becomes a pronunciation of the project, heard first; the narration keeps its text", async () => {
  const file = writeProject(path.join(env.dataDir, "altura.estudio"), {
    version: 1,
    title: "Altura",
    canvas: { width: 320, height: 180, fps: 10 },
    defaults: { narration: { voice: "pt-br" } },
    scenes: [
      { background: { color: "#203040" }, narration: { text: LINE } },
      { background: { color: "#402030" }, narration: { text: "Sem siglas." } },
    ],
  });
  const driver = await env.session([file]);
  const scenes = await driver.wait(until.elementsLocated(byTestId("scene")), 60000);
  await scenes[0].click();
  const area = await driver.wait(until.elementLocated(byTestId("field-narration-text")), 30000);
  // Select "NR-35" in the narration, as a person would with the mouse.
  await driver.executeScript(
    `const a = arguments[0]; a.focus(); const i = a.value.indexOf("NR-35"); a.setSelectionRange(i, i + 5);`,
    area,
  );
  await (await driver.findElement(byTestId("fix-saying"))).click();
  const written = await driver.wait(until.elementLocated(byTestId("fix-saying-text")), 10000);
  assert.equal(await written.getAttribute("value"), "NR-35");
  await (await driver.findElement(byTestId("fix-saying-say"))).sendKeys("norma trinta e cinco");
  // Heard before it is added: its sound is made and plays, and no error comes back.
  await (await driver.findElement(byTestId("fix-saying-listen"))).click();
  const heard = await driver.findElement(byTestId("fix-saying-listen-state"));
  await driver.wait(async () => (await heard.getAttribute("data-heard")) === "1", 30000, "the entry is heard");
  assert.equal((await driver.findElements(byTestId("fix-saying-listen-error"))).length, 0);
  const add = await driver.findElement(byTestId("fix-saying-add"));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", add);
  await add.click();
  await driver.wait(async () => (await driver.findElements(byTestId("dirty"))).length > 0, 30000);
  // The scene whose narration is now said otherwise is marked changed; the other is not.
  const marked = () =>
    driver.executeScript(
      `return [...document.querySelectorAll('[data-testid="scene"]')].map((s) => !!s.querySelector('[data-testid="scene-unsaved"]'))`,
    );
  await driver.wait(async () => (await marked())[0] === true, 30000, "the first scene is marked changed");
  assert.deepEqual(await marked(), [true, false]);
  await driver.executeScript("document.querySelector('[data-testid=scene]').scrollIntoView({ block: 'center' })");
  await screenshot(driver, "pronunciations-marked");
  // The project's list shows it.
  const row = await driver.wait(
    until.elementLocated({ css: '[data-testid="project-pronunciations"] [data-testid="pronunciation-text"]' }),
    10000,
  );
  assert.equal(await row.getAttribute("value"), "NR-35");
  await screenshot(driver, "pronunciations-project");
  await driver.executeScript("document.activeElement?.blur()");
  await (await driver.findElement({ css: "body" })).sendKeys(Key.chord(Key.CONTROL, "s"));
  await driver.wait(async () => (await driver.findElements(byTestId("dirty"))).length === 0, 30000);
  assert.deepEqual(await marked(), [false, false], "saved: no scene is marked");
  const saved = json(file);
  assert.deepEqual(saved.pronunciations, [{ text: "NR-35", say: "norma trinta e cinco" }]);
  assert.equal(saved.scenes[0].narration.text, LINE, "the narration keeps what was written");
  await driver.quit();
});

test("the person's pronunciations are kept by Settings, and a bad one is said at its row", async () => {
  const driver = await env.session();
  const open = async () => {
    await (await driver.wait(until.elementLocated(byTestId("settings")), 30000)).click();
    return driver.wait(until.elementLocated(byTestId("settings-pronunciations")), 10000);
  };
  let list = await open();
  await (await list.findElement(byTestId("pronunciation-add"))).click();
  const text = await list.findElement(byTestId("pronunciation-text"));
  await text.sendKeys("CIPA");
  await text.sendKeys(Key.TAB);
  // No "said as" yet: Save is refused, at the row.
  await (await driver.findElement(byTestId("save-settings"))).click();
  await driver.wait(until.elementLocated(byTestId("pronunciation-problem")), 10000);
  const say = await list.findElement(byTestId("pronunciation-say"));
  await replaceText(say, "cipa");
  await say.sendKeys(Key.TAB);
  await screenshot(driver, "pronunciations-settings");
  await (await driver.findElement(byTestId("save-settings"))).click();
  await driver.wait(async () => (await driver.findElements(byTestId("settings-dialog"))).length === 0, 10000);
  const settings = json(path.join(env.dataDir, "settings.json"));
  assert.deepEqual(settings.pronunciations, [{ text: "CIPA", say: "cipa" }]);
  list = await open();
  assert.equal(await (await list.findElement(byTestId("pronunciation-text"))).getAttribute("value"), "CIPA");
  await driver.quit();
});
