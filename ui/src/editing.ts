// What the inspector and the scene list decide without the back end: which problems belong to a
// field or a scene, a scene's own value against the one it takes from `defaults`, selections and
// moves. Pure functions, tested in logic.test.ts.
import type { Problem } from "./bindings/Problem";

/** A JSON object, or `undefined` for anything else. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The value at `path` (object keys and array indexes), or `undefined`. */
export function at(v: unknown, path: (string | number)[]): unknown {
  let cur: unknown = v;
  for (const key of path) {
    if (Array.isArray(cur) && typeof key === "number") cur = cur[key];
    else {
      const o = obj(cur);
      if (!o) return undefined;
      cur = o[String(key)];
    }
  }
  return cur;
}

/** An RFC 6901 pointer of `path`. */
export function pointer(path: (string | number)[]): string {
  return path.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** The problems at `ptr` or inside it. */
export function problemsAt(problems: Problem[], ptr: string): Problem[] {
  return problems.filter((p) => p.pointer === ptr || p.pointer.startsWith(`${ptr}/`));
}

/** Indexes of the scenes that have a problem. */
export function scenesWithProblems(problems: Problem[]): Set<number> {
  const out = new Set<number>();
  for (const p of problems) {
    const m = /^\/scenes\/(\d+)(\/|$)/.exec(p.pointer);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/**
 * A field of scene `i` as the inspector shows it: the scene's own value (written in its JSON),
 * else the one it inherits (filled from `defaults`, as the renderer reads it).
 */
export function field(doc: unknown, filled: unknown, i: number, path: (string | number)[]) {
  const own = at(doc, ["scenes", i, ...path]);
  const effective = at(filled, ["scenes", i, ...path]);
  return { own, effective, inherited: own === undefined && effective !== undefined };
}

/** The selection after a click on scene `i` (Shift extends from `anchor`, Ctrl toggles). */
export function clickSelect(
  selected: number[],
  anchor: number | null,
  i: number,
  mods: { shift: boolean; ctrl: boolean },
): { selected: number[]; anchor: number } {
  if (mods.shift && anchor !== null) {
    const [a, b] = anchor < i ? [anchor, i] : [i, anchor];
    const range = Array.from({ length: b - a + 1 }, (_, k) => a + k);
    return { selected: mods.ctrl ? union(selected, range) : range, anchor };
  }
  if (mods.ctrl) {
    const has = selected.includes(i);
    const next = has ? selected.filter((s) => s !== i) : [...selected, i].sort((x, y) => x - y);
    return { selected: next.length > 0 ? next : [i], anchor: i };
  }
  return { selected: [i], anchor: i };
}

function union(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/**
 * Where the selected scenes go when moved one place up (`-1`) or down (`+1`): the `to` of a
 * `move_scenes` change (the index the first lands at), or `null` when they cannot move.
 */
export function moveBy(selected: number[], count: number, by: -1 | 1): number | null {
  if (selected.length === 0) return null;
  const first = Math.min(...selected);
  const to = first + by;
  if (to < 0 || to + selected.length > count) return null;
  return to;
}

/** The indexes the moved scenes have after a `move_scenes` to `to`. */
export function movedTo(selected: number[], to: number): number[] {
  return selected.map((_, k) => to + k);
}

/**
 * The `to` of a `move_scenes` change when the selected scenes are dropped before scene `before`
 * (`count` drops them at the end): where the first lands once they are taken out.
 */
export function dropTo(selected: number[], before: number): number {
  const above = selected.filter((s) => s < before).length;
  return before - above;
}

/** A number typed in a field, or `null` when it is not one (the field says so). */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(",", ".");
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  return Number(t);
}
