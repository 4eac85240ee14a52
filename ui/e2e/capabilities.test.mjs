// The window's web content can do only what its capabilities grant: script running in the page
// (as injected content would) tries commands and files beyond them, and is refused.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { startDriver, waitText } from "./harness.mjs";

let env;
before(async () => {
  env = await startDriver();
});
after(async () => {
  await env?.stop();
});

/** Runs `invoke(cmd, args)` in the page; resolves to { ok, value } or { ok: false, error }. */
async function tryInvoke(driver, cmd, args) {
  return driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
       .then((value) => done({ ok: true, value: JSON.stringify(value) }),
             (error) => done({ ok: false, error: String(error?.message ?? JSON.stringify(error)) }));`,
    cmd,
    args,
  );
}

test("commands and files outside the window's capabilities are refused", async () => {
  const driver = await env.session();
  await waitText(driver, "project-title");

  // Granted: the app's own command answers.
  const info = await tryInvoke(driver, "app_info", {});
  assert.equal(info.ok, true, info.error);

  // Installed plugins, permissions not granted.
  for (const [cmd, args] of [
    ["plugin:opener|open_url", { url: "https://example.com" }],
    ["plugin:opener|open_path", { path: "/etc/passwd" }],
    ["plugin:dialog|message", { message: "hi" }],
    ["plugin:dialog|ask", { message: "hi" }],
  ]) {
    const r = await tryInvoke(driver, cmd, args);
    assert.equal(r.ok, false, `${cmd} was allowed`);
    assert.match(r.error, /not allowed|denied|forbidden/i, `${cmd}: ${r.error}`);
  }
  // Plugins the app does not have at all.
  for (const cmd of ["plugin:fs|read_text_file", "plugin:shell|execute"]) {
    const r = await tryInvoke(driver, cmd, { path: "/etc/passwd" });
    assert.equal(r.ok, false, `${cmd} was allowed`);
  }

  // The asset protocol serves previews only: a system file is not readable through it.
  const read = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    const url = window.__TAURI_INTERNALS__.convertFileSrc("/etc/passwd", "asset");
    fetch(url).then((r) => r.text().then((t) => done({ status: r.status, leaked: t.includes("root:") })),
                    (e) => done({ status: 0, leaked: false, error: String(e) }));`);
  assert.equal(read.leaked, false, "read /etc/passwd through the asset protocol");
  assert.notEqual(read.status, 200);

  // As the window loads pictures: through an <img>, which the CSP allows for asset: (fetch is
  // blocked by connect-src whatever the scope, so it alone proves nothing). A scene thumbnail
  // (inside the scope) loads; the sample's own picture, a real PNG outside the scope, does not.
  const load = (file) => driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const img = new Image();
     img.onload = () => done("loaded");
     img.onerror = () => done("refused");
     img.src = window.__TAURI_INTERNALS__.convertFileSrc(arguments[0], "asset");`, file);
  const thumbs = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("app_info", {})
       .then((i) => window.__TAURI_INTERNALS__.invoke("scene_thumbnails", { path: i.sample_project })
         .then((t) => done({ thumbs: t, sample: i.sample_project })));`);
  assert.ok(thumbs.thumbs.length > 0, "the sample has thumbnails");
  assert.equal(await load(thumbs.thumbs[0]), "loaded", "a thumbnail loads through <img>");
  const outside = path.join(path.dirname(thumbs.sample), "slide.png");
  assert.ok(existsSync(outside), outside);
  assert.equal(await load(outside), "refused", "a picture outside the scope loaded through <img>");
});
