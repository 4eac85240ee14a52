import { describe, expect, it } from "vitest";
import { planDrop } from "./files";
import type { Problem } from "./bindings/Problem";
import { clickSelect, dropTo, field, moveBy, movedTo, parseNumber, pointer, problemsAt, scenesWithProblems } from "./editing";
import { reduceProjects } from "./hooks/useProjects";
import { keyAction } from "./hooks/useShortcuts";
import { overallPercent, windowTitle } from "./hooks/useDesktopSignals";
import { initialQueue, reduce } from "./hooks/useQueue";
import { job } from "./test/fixtures";

describe("a drop", () => {
  // As the engine sends them (AppInfo.file_kinds).
  const kinds = {
    project: ["estudio", "json"],
    image: ["png", "jpg", "jpeg"],
    audio: ["ogg", "wav"],
    deck: ["pptx", "ppt", "odp", "pdf"],
  };
  it("opens every project among the files", () => {
    expect(planDrop(["/a/x.estudio", "/a/y.png", "/a/z.ESTUDIO"], kinds)).toEqual({
      kind: "open",
      projects: ["/a/x.estudio", "/a/z.ESTUDIO"],
    });
  });
  it("makes a slideshow of pictures and sounds", () => {
    const files = ["/a/2.JPG", "/a/1.png", "/a/voz.ogg", "/a/notes.txt"];
    expect(planDrop(files, kinds)).toEqual({ kind: "slideshow", files });
  });
  it("imports the slide decks among the files, before any slideshow", () => {
    expect(planDrop(["/a/aula.PPTX", "/a/capa.png", "/a/b.pdf"], kinds)).toEqual({
      kind: "import",
      decks: ["/a/aula.PPTX", "/a/b.pdf"],
    });
    // A project among them is opened instead.
    expect(planDrop(["/a/aula.odp", "/a/x.estudio"], kinds).kind).toBe("open");
  });
  it("refuses what is neither", () => {
    expect(planDrop(["/a/notes.txt", "/a/folder", "/a/.png"], kinds)).toEqual({ kind: "nothing" });
  });
});

describe("open projects", () => {
  const settled = (path: string) => ({ type: "settled" as const, project: { kind: "failed" as const, path, message: "x", problems: [] } });
  it("opens each once, shows the last, and closing the shown one shows its neighbour", () => {
    let s = { open: [], selected: null } as ReturnType<typeof reduceProjects>;
    for (const path of ["/a", "/b", "/c"]) s = reduceProjects(s, { type: "opening", path, select: true });
    s = reduceProjects(s, { type: "opening", path: "/a", select: false });
    expect(s.open.map((p) => p.path)).toEqual(["/a", "/b", "/c"]);
    expect(s.selected).toBe("/c");
    s = reduceProjects(s, { type: "select", path: "/b" });
    s = reduceProjects(s, { type: "close", path: "/b" });
    expect(s.selected).toBe("/c");
    s = reduceProjects(s, { type: "close", path: "/c" });
    expect(s.selected).toBe("/a");
  });
  it("ignores a reading that arrives after its project was closed", () => {
    let s = reduceProjects({ open: [], selected: null }, { type: "opening", path: "/a", select: true });
    s = reduceProjects(s, { type: "close", path: "/a" });
    s = reduceProjects(s, settled("/a"));
    expect(s.open).toEqual([]);
  });
});

describe("keyboard", () => {
  const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) =>
    keyAction({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
  it("maps Ctrl/⌘ shortcuts and nothing else", () => {
    expect(key("o", { ctrlKey: true })).toBe("open");
    expect(key("E", { metaKey: true })).toBe("export");
    expect(key(",", { ctrlKey: true })).toBe("settings");
    expect(key("o")).toBeNull();
    expect(key("o", { ctrlKey: true, shiftKey: true })).toBeNull();
  });
});

describe("window title", () => {
  it("shows the running jobs' overall progress", () => {
    const a = job({ status: "processing", progress: 0.2 });
    const b = job({ status: "processing", progress: 0.6 });
    let q = reduce(initialQueue, { type: "loaded", jobs: [a, b, job({ status: "completed", progress: 1 })] });
    expect(overallPercent(q)).toBe(40);
    expect(windowTitle(40, 2)).toBe("40% · 2 rendering · Estúdio");
    q = reduce(initialQueue, { type: "loaded", jobs: [job({ status: "queued" })] });
    expect(overallPercent(q)).toBeNull();
    expect(windowTitle(null, 0)).toBe("Estúdio");
  });
});

describe("sizes", () => {
  it("are written as people read them, never as 0.00 GB for megabytes", async () => {
    const { formatBytes } = await import("./i18n");
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(4_700_000)).toBe("4.70 MB");
    expect(formatBytes(47_000_000)).toBe("47.0 MB");
    expect(formatBytes(1_250_000_000)).toBe("1.25 GB");
  });
});

describe("editing helpers", () => {
  it("selects by click, Shift range and Ctrl toggle", () => {
    expect(clickSelect([0], 0, 3, { shift: true, ctrl: false })).toEqual({ selected: [0, 1, 2, 3], anchor: 0 });
    expect(clickSelect([0, 1], 0, 4, { shift: false, ctrl: true })).toEqual({ selected: [0, 1, 4], anchor: 4 });
    expect(clickSelect([1], 1, 1, { shift: false, ctrl: true })).toEqual({ selected: [1], anchor: 1 });
    expect(clickSelect([0, 1, 2], 0, 2, { shift: false, ctrl: false })).toEqual({ selected: [2], anchor: 2 });
  });
  it("moves scenes one place, never past the ends, and drops them where they land", () => {
    expect(moveBy([2], 5, -1)).toBe(1);
    expect(moveBy([0], 5, -1)).toBeNull();
    expect(moveBy([3, 4], 5, 1)).toBeNull();
    expect(moveBy([1, 2], 5, 1)).toBe(2);
    expect(movedTo([1, 2], 2)).toEqual([2, 3]);
    // Scene 1 dropped before scene 4: once it is taken out, it lands at 3.
    expect(dropTo([1], 4)).toBe(3);
    expect(dropTo([3], 0)).toBe(0);
  });
  it("finds a field's problems and the scenes that have one", () => {
    const problems = [
      { kind: "out_of_range", pointer: "/scenes/2/duration", message: "no" },
      { kind: "out_of_range", pointer: "/scenes/12/narration/voice", message: "no" },
      { kind: "out_of_range", pointer: "/defaults/pad", message: "no" },
    ] as Problem[];
    expect(problemsAt(problems, "/scenes/2")).toHaveLength(1);
    expect(problemsAt(problems, "/scenes/1")).toHaveLength(0);
    expect([...scenesWithProblems(problems)].sort((a, b) => a - b)).toEqual([2, 12]);
  });
  it("tells a scene's own value from the one it inherits", () => {
    const doc = { scenes: [{ duration: 3 }, {}] };
    const filled = { scenes: [{ duration: 3 }, { duration: 5 }] };
    expect(field(doc, filled, 0, ["duration"])).toEqual({ own: 3, effective: 3, inherited: false });
    expect(field(doc, filled, 1, ["duration"])).toEqual({ own: undefined, effective: 5, inherited: true });
    expect(pointer(["scenes", 1, "a/b~c"])).toBe("/scenes/1/a~1b~0c");
  });
  it("reads numbers as people type them", () => {
    expect(parseNumber("2,5")).toBe(2.5);
    expect(parseNumber(" -3 ")).toBe(-3);
    expect(parseNumber("abc")).toBeNull();
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("1e400")).toBeNull();
  });
  it("maps Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y, Ctrl+S and Ctrl+Shift+S", () => {
    const k = (key: string, shift = false) => keyAction({ key, ctrlKey: true, metaKey: false, altKey: false, shiftKey: shift });
    expect(k("z")).toBe("undo");
    expect(k("Z", true)).toBe("redo");
    expect(k("y")).toBe("redo");
    expect(k("s")).toBe("save");
    expect(k("S", true)).toBe("saveAs");
    expect(k("o", true)).toBeNull();
  });
});
