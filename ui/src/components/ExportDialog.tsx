import { useEffect, useRef, useState } from "react";
import { save } from "@tauri-apps/plugin-dialog";
import { api, errorMessage, isCommandError, type PresetId, type ProjectSummary } from "../api";
import type { PresetInfo } from "../bindings/PresetInfo";
import { t } from "../i18n";
import { ModalForm } from "./ModalForm";

interface Props {
  project: ProjectSummary;
  presets: PresetInfo[];
  /** The engine's (AppInfo.default_preset). */
  defaultPreset: PresetId;
  onClose: () => void;
}

/** Choose a preset and a destination, then queue the export. */
export function ExportDialog({ project, presets, defaultPreset, onClose }: Props) {
  const [preset, setPreset] = useState<PresetId>(defaultPreset);
  const [output, setOutput] = useState("");
  const [edited, setEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [poster, setPoster] = useState(false);
  const [posterSecs, setPosterSecs] = useState("0");
  const [captions, setCaptions] = useState(false);
  // A video is already at the destination: replacing it is the person's choice, asked here
  // (the engine refuses it otherwise). A path picked in the Save dialog was asked about there.
  const [replaceAsked, setReplaceAsked] = useState(false);
  const [pickedInDialog, setPickedInDialog] = useState<string | null>(null);
  const info = presets.find((p) => p.id === preset);
  const outputField = useRef<HTMLInputElement>(null);

  // Suggest a destination until the user picks or types one. A suggestion only ever replaces
  // an empty field or an earlier suggestion, never what the user typed, even if it arrives late.
  const lastSuggestion = useRef("");
  useEffect(() => {
    if (edited) return;
    let stale = false;
    api.suggestOutput(project.path, project.title, preset).then(
      (suggested) => {
        if (stale) return;
        setOutput((current) => {
          if (current !== "" && current !== lastSuggestion.current) return current;
          lastSuggestion.current = suggested;
          return suggested;
        });
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [project.path, project.title, preset, edited]);

  const browse = async () => {
    const ext = info?.extension ?? "mp4";
    const picked = await save({ defaultPath: output, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
    if (picked) {
      setOutput(picked);
      setPickedInDialog(picked);
      setReplaceAsked(false);
      setEdited(true);
    }
  };

  const send = async (replace: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const options = {
        ...(poster && info?.has_video ? { poster_secs: Number(posterSecs) } : {}),
        ...(captions ? { captions: true } : {}),
      };
      await api.enqueueExport({ project: project.path, preset, output, options, replace });
      onClose();
    } catch (err) {
      if (isCommandError(err) && err.kind === "output_exists") setReplaceAsked(true);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    await send(output === pickedInDialog);
  };

  const changeOutput = (value: string) => {
    setOutput(value);
    setReplaceAsked(false);
    setEdited(true);
  };

  return (
    <ModalForm
      testId="export-dialog"
      title={t.exportTitle}
      onSubmit={submit}
      onClose={onClose}
      error={error}
      errorTestId="export-error"
      submitLabel={t.startExport}
      submitTestId="start-export"
      submitDisabled={busy || !output || replaceAsked}
    >
        <p className="muted">{project.title}</p>
        <label>
          {t.presetLabel}
          <select
            value={preset}
            onChange={(e) => {
              setPreset(e.target.value as PresetId);
              setReplaceAsked(false);
            }}
            data-testid="preset"
          >
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.destination}
          <div className="row">
            <input
              ref={outputField}
              value={output}
              onChange={(e) => changeOutput(e.target.value)}
              spellCheck={false}
              data-testid="output"
            />
            <button type="button" onClick={browse}>
              {t.browse}
            </button>
          </div>
        </label>
        {info?.has_video && (
          <label className="check">
            <input type="checkbox" checked={poster} onChange={(e) => setPoster(e.target.checked)} data-testid="poster" />
            {t.posterAt}
            <input
              type="number"
              min={0}
              step={0.1}
              value={posterSecs}
              disabled={!poster}
              onChange={(e) => setPosterSecs(e.target.value)}
              className="short"
              data-testid="poster-secs"
            />
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={captions} onChange={(e) => setCaptions(e.target.checked)} data-testid="captions" />
          {t.captionsToo}
        </label>
        {replaceAsked && (
          <div className="confirm" role="alertdialog" aria-labelledby="replace-question" data-testid="replace-confirm">
            <p id="replace-question">{t.replaceAsk(output)}</p>
            <div className="row">
              <button
                type="button"
                onClick={() => {
                  setReplaceAsked(false);
                  outputField.current?.focus();
                  outputField.current?.select();
                }}
                data-testid="choose-other"
              >
                {t.chooseOtherName}
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => send(true)} data-testid="confirm-replace" autoFocus>
                {t.replaceIt}
              </button>
            </div>
          </div>
        )}
    </ModalForm>
  );
}
