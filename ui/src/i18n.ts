// Portuguese or English, following the system language.
const en = {
  appSubtitle: "Narrated videos, rendered on your computer",
  open: "Open project…",
  dropHere: "Drop a .estudio project here",
  dropHint: "or use Open project…",
  scenes: "scenes",
  duration: "Duration",
  canvas: "Canvas",
  export: "Export…",
  preview: "Preview",
  problems: "Problems to fix before exporting",
  queue: "Render queue",
  emptyQueue: "No jobs yet. Export a project and it appears here.",
  clearFinished: "Clear finished",
  pause: "Pause queue",
  resume: "Resume queue",
  paused: "Paused",
  cancel: "Cancel",
  retry: "Retry",
  remove: "Remove",
  reveal: "Show in folder",
  log: "Log",
  hideLog: "Hide log",
  exportTitle: "Export video",
  presetLabel: "Format",
  destination: "Save to",
  browse: "Browse…",
  startExport: "Export",
  posterAt: "Also save a poster image of the frame at (seconds)",
  captionsToo: "Also save captions (SRT and WebVTT)",
  close: "Close",
  status: {
    queued: "Queued",
    processing: "Rendering",
    completed: "Completed",
    failed: "Failed",
    canceled: "Canceled",
  },
  canceling: "Canceling…",
  elapsed: "elapsed",
  eta: "left",
  attempt: "attempt",
  ffmpegMissing: "ffmpeg is not available, so nothing can render:",
  loading: "Loading…",
  openFailed: "Could not open the project",
  tookSecs: "took",
  preparing: "mixing the sound",
};

type Strings = typeof en;

const pt: Strings = {
  appSubtitle: "Vídeos narrados, renderizados no seu computador",
  open: "Abrir projeto…",
  dropHere: "Solte aqui um projeto .estudio",
  dropHint: "ou use Abrir projeto…",
  scenes: "cenas",
  duration: "Duração",
  canvas: "Tela",
  export: "Exportar…",
  preview: "Prévia",
  problems: "Problemas a corrigir antes de exportar",
  queue: "Fila de renderização",
  emptyQueue: "Nenhum trabalho ainda. Exporte um projeto e ele aparece aqui.",
  clearFinished: "Limpar concluídos",
  pause: "Pausar fila",
  resume: "Retomar fila",
  paused: "Pausada",
  cancel: "Cancelar",
  retry: "Tentar de novo",
  remove: "Remover",
  reveal: "Mostrar na pasta",
  log: "Registro",
  hideLog: "Ocultar registro",
  exportTitle: "Exportar vídeo",
  presetLabel: "Formato",
  destination: "Salvar em",
  browse: "Procurar…",
  startExport: "Exportar",
  preparing: "mixando o som",
  posterAt: "Salvar também uma imagem de capa do quadro em (segundos)",
  captionsToo: "Salvar também as legendas (SRT e WebVTT)",
  close: "Fechar",
  status: {
    queued: "Na fila",
    processing: "Renderizando",
    completed: "Concluído",
    failed: "Falhou",
    canceled: "Cancelado",
  },
  canceling: "Cancelando…",
  elapsed: "decorrido",
  eta: "restante",
  attempt: "tentativa",
  ffmpegMissing: "O ffmpeg não está disponível, então nada pode ser renderizado:",
  loading: "Carregando…",
  openFailed: "Não foi possível abrir o projeto",
  tookSecs: "levou",
};

export const t: Strings = navigator.language.toLowerCase().startsWith("pt") ? pt : en;

export function formatDuration(secs: number): string {
  if (!Number.isFinite(secs) || secs < 0) return "–";
  const s = Math.round(secs);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m % 60)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** A video's length: "12.5 s" under a minute, else m:ss or h:mm:ss. */
export function formatLength(secs: number): string {
  if (Number.isFinite(secs) && secs >= 0 && secs < 60) return `${(Math.round(secs * 10) / 10).toFixed(1)} s`;
  return formatDuration(secs);
}
