// The window follows the system: a dark GTK theme gives the dark palette, a Portuguese LANG the
// Portuguese text (even where that locale is not installed, as on the test machine); and it is driven from the keyboard (Ctrl+E opens Export, Escape closes it,
// Ctrl+, opens Settings).
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { Key, until } from "selenium-webdriver";
import path from "node:path";
import { byTestId, screenshot, startDriver, waitText, waitGone, writeProject } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver({ GTK_THEME: "Adwaita:dark", LANG: "pt_BR.UTF-8", LANGUAGE: "pt_BR:pt" });
});
afterEach(async (t) => {
  await env?.quitAll(t.passed === false ? t.name : null);
});
after(async () => {
  await env?.stop();
});

test("dark theme and Portuguese follow the system; Ctrl+E, Escape and Ctrl+, work", async () => {
  const driver = await env.session();
  await waitText(driver, "project-title");
  const look = await driver.executeScript(`return {
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    bg: getComputedStyle(document.documentElement).backgroundColor,
  };`);
  assert.equal(look.dark, true, JSON.stringify(look));
  const [r, g, b] = look.bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 120, `a dark background: ${look.bg}`);
  assert.equal(await waitText(driver, "export"), "Exportar…");
  await screenshot(driver, "30-dark-portuguese");

  const body = await driver.findElement({ css: "body" });
  await body.sendKeys(Key.CONTROL, "e");
  await driver.wait(until.elementLocated(byTestId("export-dialog")), 5000);
  await (await driver.findElement(byTestId("preset"))).sendKeys(Key.ESCAPE);
  await waitGone(driver, "export-dialog", 5000);
  await body.sendKeys(Key.CONTROL, ",");
  await driver.wait(until.elementLocated(byTestId("settings-dialog")), 5000);
  await screenshot(driver, "31-settings-keyboard");
});

test("the engine's problems and errors are in Portuguese too, numbers as Portuguese writes them", async () => {
  const bad = writeProject(path.join(env.dataDir, "ruim.estudio"), {
    version: 1,
    title: "Ruim",
    canvas: { width: 640, height: 360, fps: 25 },
    scenes: [{ duration: 2, pad: 70.5, background: { image: "nada.png" } }],
  });
  const driver = await env.session([bad]);
  const list = await driver.wait(until.elementLocated(byTestId("problems")), 15000);
  const problems = await list.getText();
  assert.match(problems, /arquivo não encontrado: nada\.png/, problems);
  assert.match(problems, /o valor 70,5 de pausa final \(`pad`\) deve estar entre 0 e 60 s/, problems);
  // A refusal of a command, worded by the engine: a job that does not exist.
  const refused = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke("cancel_job", { id: "nenhum" }).then(
      () => done("accepted"), (e) => done(e.message));`);
  assert.equal(refused, "não há trabalho com o id nenhum");
  await screenshot(driver, "32-problems-portuguese");
});
