// Portuguese or English: the engine's language (it words problems and errors; see
// crates/words), so the window and its messages always speak the same one.
import type { AttemptOutcome } from "./bindings/AttemptOutcome";

const en = {
  appSubtitle: "Narrated videos, rendered on your computer",
  open: "Open project…",
  dropHere: "Drop .estudio projects here",
  dropHint: "or images and audio files to start a slideshow, or use Open project…",
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
  replaceAsk: (path: string) => `“${path}” is already there (with its poster or captions, if any). Replace it?`,
  replaceIt: "Replace",
  chooseOtherName: "Choose another name",
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
  openVideo: "Open video",
  previewJob: "Preview (low resolution, plays in the project panel)",
  settings: "Settings",
  save: "Save",
  concurrency: "Renders at the same time (1–16)",
  concurrencyRange: "Renders at the same time must be a whole number from 1 to 16.",
  keepDays: "Delete finished jobs after (days; 0 keeps them)",
  keepDaysRange: "Days must be a whole number, 0 or more.",
  outputFolder: "Default folder for exports",
  cacheSize: "Keep finished parts of videos for faster re-exports, up to (GB; 0 keeps none)",
  cacheRange: "The cache size must be a number of gigabytes, 0 or more.",
  cacheUsed: (size: string) => `${size} in use`,
  clearCache: "Empty the cache",
  outputFolderDefault: "Your Videos folder, else your home folder",
  notifications: "Notify me when a job ends while Estúdio is in the background",
  notifyDone: "Video ready",
  notifyFailed: "Render failed",
  rendering: "rendering",
  recent: "Recent projects",
  opening: "Reading the project, checking its media and speaking its narrations…",
  openCancel: "Stop",
  voice: "Voice",
  voiceOf: (name: string, engine: string) => `${name} (${engine})`,
  voiceDefault: "Portuguese, Brazil (espeak-ng, the default)",
  voiceHint: "Speaks the notes of imported decks and the texts of new slideshows.",
  queueWhere: "Queue",
  queueLocal: "This computer",
  queueFarm: "Render farm (PostgreSQL)",
  farmUrl: "Address, postgres://USER@HOST:PORT/DATABASE",
  farmPassword: "Password (kept in ~/.pgpass, never shown; leave empty if it is there already)",
  farmTest: "Test connection",
  farmTesting: "Connecting…",
  farmRestart: "The queue chosen here is used from Estúdio's next start.",
  queueFromEnv: (queue: string) =>
    `Now the queue is ${queue}, named by the ESTUDIO_DB variable, which wins over the choice below while it is set.`,
  pathMap: "Path map: how this computer sees the shared folder (one FROM=TO per line)",
  renderingOn: (name: string) => `rendering on ${name}`,
  voiceFolders: "Folders with Piper voices (one per line; each voice is NAME.onnx and NAME.onnx.json)",
  sceneList: "Scenes",
  narrated: "narrated",
  lengthFrom: { written: "", default: "default", clip: "its clip", narration: "its narration" },
  fromDefaults: (fields: string) => `from the project's defaults: ${fields}`,
  /** The `defaults` fields a scene takes, as people name them. */
  defaultsField: {
    duration: "duration",
    pad: "pause after the narration",
    transition: "transition",
    fit: "fit",
    text: "text style",
    narration: "narration",
  } as Record<string, string>,
  previewRendering: "Rendering the preview…",
  previewFailed: "The preview did not render:",
  slideshowMade: "A slideshow project was made from the dropped files:",
  slideshowUnused: "Not used:",
  dropNothing: "Drop .estudio projects, slide decks (.pptx, .ppt, .odp, .pdf), or images (and audio) to start a slideshow.",
  importing: "Importing",
  importCanceled: "The import was canceled.",
  fps: "fps",
  fromCache: (n: number, of: number) => `${n} of ${of} scenes from the cache`,
  retrying: (n: number, of: number) => `tried again after a failure: attempt ${n} of ${of}`,
  videoFolder: "The video's folder",
  copyFolder: "Copy the folder's path",
  copied: "Copied",
  removeAsk: "Remove this job from the list?",
  removeAskCompleted: "Remove this job from the list? The video stays where it is.",
  keepJob: "Keep it",
  quitTitle: "Quit while rendering?",
  quitAsk: (n: number) =>
    `${n === 1 ? "A video is" : `${n} videos are`} rendering here. If you quit now, ${n === 1 ? "it goes" : "they go"} back to the queue and ${n === 1 ? "resumes" : "resume"} the next time Estúdio starts, from the parts already made.`,
  keepRendering: "Keep rendering",
  quitAnyway: "Quit",
  outcome: {
    completed: "completed",
    failed: "failed",
    canceled: "canceled",
    retry: "failed, tried again",
    lost: "its worker stopped",
  } satisfies Record<AttemptOutcome, string>,
};

type Strings = typeof en;

const pt: Strings = {
  appSubtitle: "Vídeos narrados, renderizados no seu computador",
  open: "Abrir projeto…",
  dropHere: "Solte aqui projetos .estudio",
  dropHint: "ou imagens e áudios para começar uma apresentação, ou use Abrir projeto…",
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
  replaceAsk: (path: string) => `“${path}” já existe (com sua imagem de capa ou legendas, se houver). Substituir?`,
  replaceIt: "Substituir",
  chooseOtherName: "Escolher outro nome",
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
  openVideo: "Abrir vídeo",
  previewJob: "Prévia (baixa resolução, toca no painel do projeto)",
  settings: "Configurações",
  save: "Salvar",
  concurrency: "Renderizações ao mesmo tempo (1–16)",
  concurrencyRange: "Renderizações ao mesmo tempo deve ser um número inteiro de 1 a 16.",
  keepDays: "Apagar trabalhos concluídos após (dias; 0 mantém)",
  keepDaysRange: "Os dias devem ser um número inteiro, 0 ou mais.",
  outputFolder: "Pasta padrão para exportações",
  cacheSize: "Guardar partes prontas dos vídeos para reexportar mais rápido, até (GB; 0 não guarda)",
  cacheRange: "O tamanho do cache deve ser um número de gigabytes, 0 ou mais.",
  cacheUsed: (size: string) => `${size} em uso`,
  clearCache: "Esvaziar o cache",
  outputFolderDefault: "Sua pasta Vídeos, senão sua pasta pessoal",
  notifications: "Avisar quando um trabalho terminar com o Estúdio em segundo plano",
  notifyDone: "Vídeo pronto",
  notifyFailed: "A renderização falhou",
  rendering: "renderizando",
  recent: "Projetos recentes",
  opening: "Lendo o projeto, verificando suas mídias e falando suas narrações…",
  openCancel: "Parar",
  voice: "Voz",
  voiceOf: (name: string, engine: string) => `${name} (${engine})`,
  voiceDefault: "Português do Brasil (espeak-ng, a padrão)",
  voiceHint: "Fala as notas dos slides importados e os textos das novas apresentações.",
  queueWhere: "Fila",
  queueLocal: "Este computador",
  queueFarm: "Vários computadores: uma render farm (PostgreSQL)",
  farmUrl: "Endereço, postgres://USUÁRIO@SERVIDOR:PORTA/BANCO",
  farmPassword: "Senha (guardada em ~/.pgpass, nunca exibida; deixe vazio se já estiver lá)",
  farmTest: "Testar conexão",
  farmTesting: "Conectando…",
  farmRestart: "A fila escolhida aqui vale a partir da próxima vez que o Estúdio abrir.",
  queueFromEnv: (queue: string) =>
    `Agora a fila é ${queue}, indicada pela variável ESTUDIO_DB, que vale mais que a escolha abaixo enquanto estiver definida.`,
  pathMap: "Mapa de caminhos: como este computador vê a pasta compartilhada (um DE=PARA por linha)",
  renderingOn: (name: string) => `renderizando em ${name}`,
  voiceFolders: "Pastas com vozes do Piper (uma por linha; cada voz é NOME.onnx e NOME.onnx.json)",
  sceneList: "Cenas",
  narrated: "narrada",
  lengthFrom: { written: "", default: "padrão", clip: "do clipe", narration: "da narração" },
  fromDefaults: (fields: string) => `dos padrões do projeto: ${fields}`,
  defaultsField: {
    duration: "duração",
    pad: "pausa depois da narração",
    transition: "transição",
    fit: "ajuste",
    text: "estilo do texto",
    narration: "narração",
  },
  previewRendering: "Renderizando a prévia…",
  previewFailed: "A prévia não foi renderizada:",
  slideshowMade: "Um projeto de apresentação foi criado com os arquivos soltos:",
  slideshowUnused: "Não usados:",
  dropNothing: "Solte projetos .estudio, apresentações (.pptx, .ppt, .odp, .pdf), ou imagens (e áudios) para começar uma apresentação.",
  importing: "Importando",
  importCanceled: "A importação foi cancelada.",
  fps: "qps",
  fromCache: (n: number, of: number) => `${n} de ${of} cenas do cache`,
  retrying: (n: number, of: number) => `tentando de novo após uma falha: tentativa ${n} de ${of}`,
  videoFolder: "A pasta do vídeo",
  copyFolder: "Copiar o caminho da pasta",
  copied: "Copiado",
  removeAsk: "Remover este trabalho da lista?",
  removeAskCompleted: "Remover este trabalho da lista? O vídeo continua onde está.",
  keepJob: "Manter",
  quitTitle: "Sair durante a renderização?",
  quitAsk: (n: number) =>
    `${n === 1 ? "Um vídeo está" : `${n} vídeos estão`} sendo renderizado${n === 1 ? "" : "s"} aqui. Se você sair agora, ${n === 1 ? "ele volta" : "eles voltam"} para a fila e ${n === 1 ? "continua" : "continuam"} na próxima vez que o Estúdio abrir, a partir das partes já feitas.`,
  keepRendering: "Continuar renderizando",
  quitAnyway: "Sair",
  outcome: {
    completed: "concluída",
    failed: "falhou",
    canceled: "cancelada",
    retry: "falhou, tentou de novo",
    lost: "o processo parou",
  },
};

/** The strings of the language in use; set once, before the first render, by `setLanguage`. */
export let t: Strings = navigator.language.toLowerCase().startsWith("pt") ? pt : en;
let locale = t === pt ? "pt-BR" : "en";

/**
 * Uses the engine's language (`system_language`: the desktop's, from LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG): WebKitGTK reports its own default when the system's locale is not
 * installed, so the page's `navigator.language` alone is not enough.
 */
export function setLanguage(tag: string | null) {
  if (!tag) return;
  t = tag.toLowerCase().startsWith("pt") ? pt : en;
  locale = t === pt ? "pt-BR" : "en";
  document.documentElement.lang = locale;
}

/** A size in bytes as people read it: `4.7 MB`, `1.25 GB`, `0 bytes` (powers of 1000, as disks are sold). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return "0 bytes";
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  const k = Math.min(units.length - 1, Math.floor(Math.log10(bytes) / 3));
  const value = bytes / 10 ** (3 * k);
  return `${formatNumber(value, k === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[k]}`;
}

/** A number as the language writes it (`12.5`, `12,5`), with `digits` decimals. */
export function formatNumber(value: number, digits: number): string {
  return value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

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
  if (Number.isFinite(secs) && secs >= 0 && secs < 60) return `${formatNumber(Math.round(secs * 10) / 10, 1)} s`;
  return formatDuration(secs);
}
