// A slide deck dropped on the real window: the drop goes through the webview's own drag-and-drop
// event, the import shows its progress, the new project opens in a tab, and its Export
// completes. The deck is a PDF written here by hand (two 4:3 pages, red and blue).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { until } from "selenium-webdriver";
import { byTestId, dropOnWindow, pixelOf, replaceText, screenshot, startDriver, textWhen, waitStatus, waitText } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver();
});
after(async () => {
  await env?.stop();
});

/** A PDF of 720x540-point pages, each filled with its colour (rr gg bb, 0-255). */
function pdf(file, colours) {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${colours.map((_, i) => `${3 + 2 * i} 0 R`).join(" ")}] /Count ${colours.length} >>`,
  ];
  colours.forEach((c, i) => {
    const content = `${c.map((v) => (v / 255).toFixed(3)).join(" ")} rg 0 0 720 540 re f`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 540] /Contents ${4 + 2 * i} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  });
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  writeFileSync(file, out);
}

test("a deck dropped on the window becomes a project tab whose Export works", async () => {
  const driver = await env.session();
  await waitText(driver, "project-title");
  const deck = path.join(env.dataDir, "Aula de redes.pdf");
  pdf(deck, [
    [224, 32, 32],
    [32, 32, 224],
  ]);
  await dropOnWindow(driver, [deck]);
  await textWhen(driver, "project-title", (t) => t === "Aula de redes");
  assert.equal(await waitText(driver, "project-scenes"), "2");
  const project = path.join(env.dataDir, "Aula de redes.estudio");
  assert.ok(existsSync(project), "the project is written beside the deck");
  const blue = pixelOf(path.join(env.dataDir, "Aula de redes.slides", "slide-002.png"), 700, 500);
  assert.ok(blue.every((v, i) => Math.abs(v - [32, 32, 224][i]) <= 8), `slide 2 is ${blue}`);
  const notice = await waitText(driver, "notice");
  assert.match(notice, /2 scenes/);
  await screenshot(driver, "deck-imported");

  await (await driver.findElement(byTestId("export"))).click();
  const output = await driver.wait(until.elementLocated(byTestId("output")), 5000);
  await driver.wait(async () => (await output.getAttribute("value")) !== "", 5000);
  const dest = path.join(env.dataDir, "aula.mp4");
  await replaceText(output, dest);
  await (await driver.findElement(byTestId("start-export"))).click();
  assert.equal(await waitStatus(driver, ["completed", "failed"]), "completed");
  assert.ok(existsSync(dest));
  await driver.quit();
});

test("an import is shown as it goes and Cancel stops it, leaving nothing", async () => {
  const driver = await env.session();
  await waitText(driver, "project-title");
  // Long enough to be caught drawing its pages.
  const deck = path.join(env.dataDir, "Longa.pdf");
  pdf(deck, Array.from({ length: 300 }, (_, i) => (i % 2 ? [32, 32, 224] : [224, 32, 32])));
  await dropOnWindow(driver, [deck]);
  const banner = await driver.wait(until.elementLocated(byTestId("import")), 15000);
  // Its progress in the engine's words ("N of 300 slides drawn").
  await driver.wait(async () => / of 300 slides drawn/.test(await banner.getText()), 60000);
  await driver.sleep(500);
  await screenshot(driver, "deck-importing");
  await (await driver.findElement(byTestId("import-cancel"))).click();
  assert.match(await waitText(driver, "notice"), /^The import was canceled\./);
  assert.equal((await driver.findElements(byTestId("import"))).length, 0);
  assert.ok(!existsSync(path.join(env.dataDir, "Longa.estudio")));
  assert.ok(!existsSync(path.join(env.dataDir, "Longa.slides")));
  assert.deepEqual(
    readdirSync(env.dataDir).filter((n) => n.startsWith(".estudio-import")),
    [],
    "no work folder is left",
  );
  await driver.quit();
});
