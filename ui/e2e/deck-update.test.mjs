// A new version of a deck dropped on its open project in the real window (real LibreOffice):
// the window asks whether to update the project or import a new one, the update shows its
// report with the conflict's two values, the deck's value is taken from the report, and one
// Undo takes the whole update back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Key, until } from "selenium-webdriver";
import { byTestId, dropOnWindow, repo, replaceText, screenshot, startDriver, textWhen, waitText } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver();
});
after(async () => {
  await env?.stop();
});

/** Version 1: three slides with notes. Version 2: slide 2's notes rewritten, a fourth slide. */
function decks(v1, v2) {
  const script = `
import sys
from pptx import Presentation
prs = Presentation()
for title, notes in [("Abertura", "Bem-vindos."), ("Riscos", "Os riscos."), ("Fim", "Até logo.")]:
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = title
    s.notes_slide.notes_text_frame.text = notes
prs.save(sys.argv[1])
prs = Presentation(sys.argv[1])
list(prs.slides)[1].notes_slide.notes_text_frame.text = "Os riscos, reescritos pelo autor."
s = prs.slides.add_slide(prs.slide_layouts[5])
s.shapes.title.text = "Extra"
s.notes_slide.notes_text_frame.text = "Um slide novo."
prs.save(sys.argv[2])
`;
  execFileSync(path.join(repo, ".venv/bin/python"), ["-c", script, v1, v2]);
}


async function selectScene(driver, n) {
  // Brought into view first: the list may have scrolled to a scene the update added.
  await driver.wait(async () => {
    try {
      const scenes = await driver.findElements(byTestId("scene"));
      await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", scenes[n - 1]);
      await scenes[n - 1].click();
      return true;
    } catch {
      return false;
    }
  }, 15000);
  await textWhen(driver, "inspector-title", (t) => t.endsWith(` ${n}`), 10000);
}

async function narration(driver) {
  return (await driver.wait(until.elementLocated(byTestId("field-narration-text")), 30000)).getAttribute("value");
}

test("a newer deck dropped on its project updates it, the conflict is resolved in the report, and one undo takes it back", async () => {
  const driver = await env.session();
  await waitText(driver, "project-title");
  const v1 = path.join(env.dataDir, "Curso.pptx");
  const v2 = path.join(env.dataDir, "Curso v2.pptx");
  decks(v1, v2);
  await dropOnWindow(driver, [v1]);
  await textWhen(driver, "project-title", (t) => t === "Abertura", 120000);
  await textWhen(driver, "project-scenes", (t) => t === "3");

  // The person rewords slide 2's narration in the inspector.
  await selectScene(driver, 2);
  const field = await driver.findElement(byTestId("field-narration-text"));
  await replaceText(field, "Os riscos, nas minhas palavras.");
  await field.sendKeys(Key.TAB);
  await driver.wait(async () => (await driver.findElements(byTestId("dirty"))).length > 0, 30000);

  // The new version, dropped on the open project: the window asks.
  await dropOnWindow(driver, [v2]);
  await driver.wait(until.elementLocated(byTestId("deck-choice")), 30000);
  await screenshot(driver, "deck-update-choice");
  await (await driver.findElement(byTestId("deck-update"))).click();

  // The report: the new slide came in, the conflict shows both narrations.
  const report = await driver.wait(until.elementLocated(byTestId("update-report")), 180000);
  await textWhen(driver, "update-summary", (t) => /1 conflict/.test(t));
  const conflicts = await report.findElements(byTestId("update-conflict"));
  assert.equal(conflicts.length, 1);
  assert.equal(await (await report.findElement(byTestId("conflict-ours"))).getText(), "Os riscos, nas minhas palavras.");
  assert.equal(await (await report.findElement(byTestId("conflict-theirs"))).getText(), "Os riscos, reescritos pelo autor.");
  await textWhen(driver, "project-scenes", (t) => t === "4");
  await screenshot(driver, "deck-update-report");

  // The deck's narration taken from the report.
  await (await report.findElement(byTestId("take-deck"))).click();
  await driver.wait(async () => !(await (await report.findElement(byTestId("take-deck"))).isEnabled()), 30000);
  await (await report.findElement(byTestId("update-report-close"))).click();
  await selectScene(driver, 2);
  await driver.wait(async () => (await narration(driver)) === "Os riscos, reescritos pelo autor.", 30000);

  // Undo: the deck's narration goes back to the person's; undo again: the whole update goes.
  const undo = async () => {
    await driver.executeScript("document.activeElement?.blur()");
    await (await driver.findElement({ css: "body" })).sendKeys(Key.chord(Key.CONTROL, "z"));
  };
  await undo();
  await driver.wait(async () => (await narration(driver)) === "Os riscos, nas minhas palavras.", 30000);
  await undo();
  await textWhen(driver, "project-scenes", (t) => t === "3");
  await selectScene(driver, 2);
  assert.equal(await narration(driver), "Os riscos, nas minhas palavras.");
  await screenshot(driver, "deck-update-undone");
  await driver.quit();
});
