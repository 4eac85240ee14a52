import { useEffect, useRef, useState } from "react";
import { open } from "@tauri-apps/plugin-dialog";
import { api, errorMessage, isCommandError, type Prefs, type QueueSettings, type VoiceChoice } from "../api";
import type { Entry } from "../bindings/Entry";
import { Pronunciations } from "./Pronunciations";
import type { Problem } from "../bindings/Problem";
import { t, formatBytes } from "../i18n";
import { ModalForm } from "./ModalForm";
import { voiceLabel } from "./SceneList";

interface Props {
  queue: QueueSettings;
  prefs: Prefs;
  /** The queue in use when the ESTUDIO_DB variable named it (it wins over the choice here). */
  queueFromEnv: string | null;
  onSaved: (prefs: Prefs) => void;
  onClose: () => void;
}

/** Settings: concurrency and retention (the queue's, shared with the CLI), output folder,
 * notifications, the cache, and voices (this computer's). */
export function SettingsDialog({ queue, prefs, queueFromEnv, onSaved, onClose }: Props) {
  const [concurrency, setConcurrency] = useState(String(queue.concurrency));
  const [keepDays, setKeepDays] = useState(String(queue.keep_finished_days));
  const [folder, setFolder] = useState(prefs.output_folder ?? "");
  const [notify, setNotify] = useState(prefs.notifications);
  const [cacheGb, setCacheGb] = useState(String(prefs.cache_max_bytes / 1e9));
  const [error, setError] = useState<string | null>(null);
  const [cacheUsed, setCacheUsed] = useState<number | null>(null);
  const [voice, setVoice] = useState(prefs.voice ?? "");
  const [voiceFolders, setVoiceFolders] = useState(prefs.voice_folders.join("\n"));
  const [words, setWords] = useState<Entry[]>(prefs.pronunciations);
  // What the list committed last, read by Save: a field left by pressing Save commits in the
  // same moment, before a re-render.
  const committedWords = useRef<Entry[]>(prefs.pronunciations);
  const [wordProblems, setWordProblems] = useState<Problem[]>([]);
  const [voices, setVoices] = useState<VoiceChoice[]>([]);
  const [farm, setFarm] = useState(prefs.farm_url !== null);
  const [farmUrl, setFarmUrl] = useState(prefs.farm_url ?? "");
  // Typed apart and never shown back: saved into ~/.pgpass, not into Settings.
  const [farmPassword, setFarmPassword] = useState("");
  const withPassword = () => {
    const address = farmUrl.trim();
    if (farmPassword === "") return address;
    try {
      const u = new URL(address);
      u.password = farmPassword;
      return u.toString();
    } catch {
      return address;
    }
  };
  const [pathMap, setPathMap] = useState(prefs.path_map.join("\n"));
  const [farmTest, setFarmTest] = useState<{ ok: boolean; text: string } | null>(null);
  const testFarm = () => {
    setFarmTest({ ok: true, text: t.farmTesting });
    api.testFarm(withPassword()).then(
      (text) => setFarmTest({ ok: true, text }),
      (e) => setFarmTest({ ok: false, text: errorMessage(e) }),
    );
  };
  useEffect(() => {
    api.cacheBytes().then(setCacheUsed, () => setCacheUsed(null));
    api.listVoices().then(setVoices, () => setVoices([]));
  }, []);
  const emptyCache = () => {
    api.clearCache().then(
      () => setCacheUsed(0),
      (e) => setError(errorMessage(e)),
    );
  };

  const browse = async () => {
    const picked = await open({ directory: true, multiple: false, defaultPath: folder || undefined });
    if (typeof picked === "string") setFolder(picked);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const c = Number(concurrency);
    const d = Number(keepDays);
    if (!Number.isInteger(c) || c < 1 || c > 16) return setError(t.concurrencyRange);
    if (!Number.isInteger(d) || d < 0) return setError(t.keepDaysRange);
    const gb = Number(cacheGb);
    if (cacheGb.trim() === "" || !Number.isFinite(gb) || gb < 0) return setError(t.cacheRange);
    try {
      await api.setQueueSettings({ ...queue, concurrency: c, keep_finished_days: d });
      onSaved(
        await api.setPrefs({
          ...prefs,
          output_folder: folder.trim() || null,
          notifications: notify,
          cache_max_bytes: Math.round(gb * 1e9),
          voice: voice || null,
          farm_url: farm && farmUrl.trim() !== "" ? withPassword() : null,
          path_map: pathMap
            .split("\n")
            .map((m) => m.trim())
            .filter((m) => m !== ""),
          pronunciations: committedWords.current,
          voice_folders: voiceFolders
            .split("\n")
            .map((f) => f.trim())
            .filter((f) => f !== ""),
        }),
      );
      onClose();
    } catch (err) {
      setWordProblems(isCommandError(err) ? err.problems.filter((p) => p.pointer.startsWith("/pronunciations/")) : []);
      setError(errorMessage(err));
    }
  };

  return (
    <ModalForm
      testId="settings-dialog"
      title={t.settings}
      onSubmit={submit}
      onClose={onClose}
      error={error}
      errorTestId="settings-error"
      submitLabel={t.save}
      submitTestId="save-settings"
      selfChecked
    >
        <label>
          {t.concurrency}
          <input
            type="number"
            min={1}
            max={16}
            value={concurrency}
            onChange={(e) => setConcurrency(e.target.value)}
            className="short"
            data-testid="concurrency"
          />
        </label>
        <label>
          {t.keepDays}
          <input
            type="number"
            min={0}
            value={keepDays}
            onChange={(e) => setKeepDays(e.target.value)}
            className="short"
            data-testid="keep-days"
          />
        </label>
        <label>
          {t.cacheSize}
          <input
            type="number"
            min={0}
            step="any"
            value={cacheGb}
            onChange={(e) => setCacheGb(e.target.value)}
            className="short"
            data-testid="cache-size"
          />
        </label>
        <div className="row">
          <span className="muted" data-testid="cache-used">
            {cacheUsed === null ? "" : t.cacheUsed(formatBytes(cacheUsed))}
          </span>
          <button type="button" onClick={emptyCache} disabled={!cacheUsed} data-testid="clear-cache">
            {t.clearCache}
          </button>
        </div>
        <label>
          {t.outputFolder}
          <div className="row">
            <input
              value={folder}
              placeholder={t.outputFolderDefault}
              onChange={(e) => setFolder(e.target.value)}
              spellCheck={false}
              data-testid="output-folder"
            />
            <button type="button" onClick={browse}>
              {t.browse}
            </button>
          </div>
        </label>
        <label>
          {t.voice}
          <select value={voice} onChange={(e) => setVoice(e.target.value)} data-testid="voice">
            <option value="">{t.voiceDefault}</option>
            {/* A chosen voice no longer found stays offered, so saving does not lose it. */}
            {voice && !voices.some((v) => v.voice === voice) && <option value={voice}>{voiceLabel(voice)}</option>}
            {voices.map((v) => (
              <option key={v.voice} value={v.voice}>
                {voiceLabel(v.voice)} · {v.language}
                {v.engine === "piper" && v.detail ? ` · ${v.detail}` : ""}
              </option>
            ))}
          </select>
          <span className="muted">{t.voiceHint}</span>
        </label>
        <label>
          {t.voiceFolders}
          <textarea
            rows={2}
            value={voiceFolders}
            onChange={(e) => setVoiceFolders(e.target.value)}
            spellCheck={false}
            data-testid="voice-folders"
          />
        </label>
        <Pronunciations
          words={words}
          onCommit={(w) => {
            committedWords.current = w;
            setWords(w);
          }}
          problems={wordProblems}
          listen={(text, all) => api.sayLine(text, voice || null, [], all)}
          testId="settings-pronunciations"
        />
        <fieldset className="queue-where" data-testid="queue-where">
          <legend>{t.queueWhere}</legend>
          {queueFromEnv !== null && (
            <p className="muted" data-testid="queue-from-env">
              {t.queueFromEnv(queueFromEnv)}
            </p>
          )}
          <label className="check">
            <input type="radio" name="queue" checked={!farm} onChange={() => setFarm(false)} data-testid="queue-local" />
            {t.queueLocal}
          </label>
          <label className="check">
            <input type="radio" name="queue" checked={farm} onChange={() => setFarm(true)} data-testid="queue-farm" />
            {t.queueFarm}
          </label>
          {farm && (
            <>
              <label>
                {t.farmUrl}
                <div className="row">
                  <input
                    value={farmUrl}
                    onChange={(e) => setFarmUrl(e.target.value)}
                    placeholder="postgres://estudio@servidor:5432/estudio"
                    spellCheck={false}
                    autoComplete="off"
                    data-testid="farm-url"
                  />
                  <button type="button" onClick={testFarm} disabled={farmUrl.trim() === ""} data-testid="farm-test">
                    {t.farmTest}
                  </button>
                </div>
              </label>
              <label>
                {t.farmPassword}
                <input
                  type="password"
                  value={farmPassword}
                  onChange={(e) => setFarmPassword(e.target.value)}
                  autoComplete="off"
                  data-testid="farm-password"
                />
              </label>
              {farmTest && (
                <p className={farmTest.ok ? "muted" : "error-text"} data-testid="farm-test-result">
                  {farmTest.text}
                </p>
              )}
              <label>
                {t.pathMap}
                <textarea
                  rows={2}
                  value={pathMap}
                  onChange={(e) => setPathMap(e.target.value)}
                  placeholder="/home/ana/cursos=/mnt/cursos"
                  spellCheck={false}
                  data-testid="path-map"
                />
              </label>
            </>
          )}
          <span className="muted">{t.farmRestart}</span>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} data-testid="notifications" />
          {t.notifications}
        </label>
    </ModalForm>
  );
}

