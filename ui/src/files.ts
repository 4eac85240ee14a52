// What a dropped or opened file is, by its name.

const PROJECT = /\.(estudio|json)$/i;
const MEDIA = /\.(png|jpe?g|webp|bmp|gif|tiff?|mp3|ogg|oga|opus|wav|flac|m4a|aac)$/i;

export const isProjectFile = (path: string) => PROJECT.test(path);
export const isMediaFile = (path: string) => MEDIA.test(path);

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * What a drop asks for: projects to open (several at once), or, when there are none, a
 * slideshow made of the dropped pictures and sounds.
 */
export type DropPlan =
  | { kind: "open"; projects: string[] }
  | { kind: "slideshow"; files: string[] }
  | { kind: "nothing" };

export function planDrop(paths: string[]): DropPlan {
  const projects = paths.filter(isProjectFile);
  if (projects.length > 0) return { kind: "open", projects };
  if (paths.some(isMediaFile)) return { kind: "slideshow", files: paths };
  return { kind: "nothing" };
}
