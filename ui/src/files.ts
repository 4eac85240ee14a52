// What a dropped or opened file is, by its name. The extensions are the engine's (AppInfo's
// `file_kinds`): what a slideshow takes is decided there, once.
import type { FileKinds } from "./bindings/FileKinds";

function extension(path: string): string {
  const name = fileName(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export const isProjectFile = (path: string, kinds: FileKinds) => kinds.project.includes(extension(path));
export const isDeckFile = (path: string, kinds: FileKinds) => kinds.deck.includes(extension(path));
export const isMediaFile = (path: string, kinds: FileKinds) =>
  kinds.image.includes(extension(path)) || kinds.audio.includes(extension(path));

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The folder a file is in (`/home/ana/Vídeos` of `/home/ana/Vídeos/aula.mp4`). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? path.slice(0, cut) : cut === 0 ? "/" : "";
}

/**
 * What a drop asks for: projects to open (several at once); else slide decks to import, each
 * into a new project; else a slideshow made of the dropped pictures and sounds.
 */
export type DropPlan =
  | { kind: "open"; projects: string[] }
  | { kind: "import"; decks: string[] }
  | { kind: "slideshow"; files: string[] }
  | { kind: "nothing" };

export function planDrop(paths: string[], kinds: FileKinds): DropPlan {
  const projects = paths.filter((p) => isProjectFile(p, kinds));
  if (projects.length > 0) return { kind: "open", projects };
  const decks = paths.filter((p) => isDeckFile(p, kinds));
  if (decks.length > 0) return { kind: "import", decks };
  if (paths.some((p) => isMediaFile(p, kinds))) return { kind: "slideshow", files: paths };
  return { kind: "nothing" };
}
