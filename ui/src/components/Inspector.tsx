import { useEffect, useId, useState, type ReactNode } from "react";
import { open } from "@tauri-apps/plugin-dialog";
import { api, type EditorView, type ProjectSummary, type TransitionKind, type VoiceChoice } from "../api";
import type { Change } from "../bindings/Change";
import type { NarrationField } from "../bindings/NarrationField";
import type { Problem } from "../bindings/Problem";
import type { Target } from "../bindings/Target";
import { at, field, obj, parseNumber, pointer, problemsAt } from "../editing";
import { fileName } from "../files";
import { formatLength, t } from "../i18n";
import { ListenButton } from "./ListenButton";
import { ScenePreview } from "./ScenePreview";
import { voiceLabel } from "./SceneList";
import { emptyEntry, Pronunciations } from "./Pronunciations";
import type { Entry } from "../bindings/Entry";

interface Props {
  view: EditorView;
  summary: ProjectSummary;
  selected: number[];
  voices: VoiceChoice[];
  transitions: TransitionKind[];
  imageExtensions: string[];
  onChange: (change: Change) => void;
}

/** The problems of a field, under it, tied to it for screen readers. */
function Problems({ problems, id }: { problems: Problem[]; id: string }) {
  if (problems.length === 0) return null;
  return (
    <span className="field-problem" id={id} role="alert" data-testid="field-problem">
      {problems.map((p) => p.message).join(" ")}
    </span>
  );
}

interface FieldProps {
  label: string;
  /** What the field holds now (its own value, else the inherited one). */
  value: string;
  /** Shown when the value comes from `defaults`. */
  inherited?: boolean;
  /** Takes the scene's own value away (shown only while it has one). */
  onReset?: () => void;
  hasOwn?: boolean;
  problems: Problem[];
  multiline?: boolean;
  /** `number`: checked here, sent as a number; a word that is not one is said, not sent. */
  kind?: "text" | "number" | "color";
  onCommit: (value: string) => void;
  testId: string;
  disabled?: boolean;
}

/**
 * A field that sends its value when it is done (Enter, leaving the field; Ctrl+Enter in a text
 * area): one step of history per change, not one per key.
 */
function Field(p: FieldProps) {
  const [draft, setDraft] = useState(p.value);
  const [local, setLocal] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    setDraft(p.value);
    setLocal(null);
  }, [p.value]);
  const commit = () => {
    if (draft === p.value) return;
    if (p.kind === "number" && parseNumber(draft) === null) {
      setLocal(t.notANumber(draft));
      return;
    }
    setLocal(null);
    p.onCommit(draft);
  };
  const invalid = p.problems.length > 0 || local !== null;
  const common = {
    id,
    value: draft,
    disabled: p.disabled,
    "aria-invalid": invalid,
    "aria-describedby": invalid ? `${id}-problem` : undefined,
    "data-testid": p.testId,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft(e.target.value),
    onBlur: commit,
    placeholder: p.inherited ? t.inheritedValue : undefined,
  };
  return (
    <div className={`field ${invalid ? "invalid" : ""}`}>
      <label htmlFor={id}>
        {p.label}
        {p.inherited && (
          <span className="inherited" data-testid={`${p.testId}-inherited`}>
            {" "}
            {t.fromProjectDefaults}
          </span>
        )}
      </label>
      <div className="row">
        {p.multiline ? (
          <textarea
            {...common}
            rows={4}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                commit();
              }
            }}
          />
        ) : (
          <input
            {...common}
            type="text"
            inputMode={p.kind === "number" ? "decimal" : undefined}
            className={p.kind === "number" ? "short" : undefined}
            onKeyDown={(e) => {
              if (e.key === "Enter") commit();
              if (e.key === "Escape") setDraft(p.value);
            }}
          />
        )}
        {p.kind === "color" && (
          <input
            type="color"
            aria-label={p.label}
            value={/^#[0-9a-f]{6}$/i.test(draft) ? draft : "#000000"}
            onChange={(e) => {
              setDraft(e.target.value);
              p.onCommit(e.target.value);
            }}
            disabled={p.disabled}
          />
        )}
        {p.onReset && p.hasOwn && (
          <button className="quiet" onClick={p.onReset} title={t.resetToDefault} data-testid={`${p.testId}-reset`} disabled={p.disabled}>
            {t.reset}
          </button>
        )}
      </div>
      {local !== null ? (
        <span className="field-problem" id={`${id}-problem`} role="alert" data-testid="field-problem">
          {local}
        </span>
      ) : (
        <Problems problems={p.problems} id={`${id}-problem`} />
      )}
    </div>
  );
}

function Select(p: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
  problems: Problem[];
  testId: string;
  inherited?: boolean;
}) {
  const id = useId();
  return (
    <div className={`field ${p.problems.length > 0 ? "invalid" : ""}`}>
      <label htmlFor={id}>
        {p.label}
        {p.inherited && <span className="inherited"> {t.fromProjectDefaults}</span>}
      </label>
      <select id={id} value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testId} aria-invalid={p.problems.length > 0}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Problems problems={p.problems} id={`${id}-problem`} />
    </div>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <fieldset className="inspector-section" data-testid={testId}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

const num = (v: unknown): string => (typeof v === "number" ? String(v) : "");
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Plays a scene's narration as the export will say it. */
function Listen({ path, scene }: { path: string; scene: number }) {
  return (
    <div className="row listen">
      <ListenButton speak={() => api.listenScene(path, scene)} resetKey={`${path}#${scene}`} />
    </div>
  );
}

/**
 * The selected scenes' fields: a scene's own values, and those it takes from the project's
 * `defaults` shown as such (a Reset takes the scene's own value away). A change to several
 * selected scenes (duration, transition, voice, fit) is one step. Fields it does not show are
 * never touched: every change is an engine operation on the fields it names.
 */
export function Inspector({ view, summary, selected, voices, transitions, imageExtensions, onChange }: Props) {
  const readOnly = view.read_only !== null;
  if (selected.length === 0 || summary.scenes.length === 0) {
    return (
      <section className="inspector empty" data-testid="inspector">
        <p className="muted">{t.selectAScene}</p>
      </section>
    );
  }
  const { doc, filled, problems } = view;
  const first = selected[0] ?? 0;
  const one = selected.length === 1 ? first : null;
  const target: Target = { scenes: selected };
  const f = (path: (string | number)[]) => field(doc, filled, first, path);
  const probs = (path: (string | number)[]) =>
    selected.flatMap((i) => problemsAt(problems, pointer(["scenes", i, ...path])));
  const scene = summary.scenes[first];

  const narrationRaw = obj(at(filled, ["scenes", first, "narration"]));
  const recording = typeof narrationRaw?.src === "string";
  const setNarration = (fieldName: NarrationField, value: unknown) =>
    onChange({ change: "narration", target, field: fieldName, value: value === "" ? null : value });

  const duration = f(["duration"]);
  const fromNarration = duration.own === undefined && (scene?.length_from === "narration" || scene?.length_from === "clip");
  const transition = f(["transition"]);
  const tType = str(at(filled, ["scenes", first, "transition", "type"])) || "cut";
  const tSecs = at(filled, ["scenes", first, "transition", "duration"]);
  // What the scene says, else the pace its kind brings (the summary's, as it will be drawn).
  const tEasing =
    str(at(filled, ["scenes", first, "transition", "easing"])) || scene?.transition?.easing || "linear";
  const texts = one !== null ? ((at(doc, ["scenes", one, "texts"]) as unknown[] | undefined) ?? []) : [];
  const background = obj(at(doc, ["scenes", first, "background"]));
  const gradient = obj(background?.gradient);
  const videos = at(doc, ["scenes", first, "videos"]);
  const clips: unknown[] = Array.isArray(videos) ? videos : [];
  const voice = f(["narration", "voice"]);
  const projectEntries = ((doc as { pronunciations?: Entry[] }).pronunciations ?? []).map((e) => ({ ...emptyEntry(), ...e }));

  return (
    <section className="inspector" data-testid="inspector" aria-label={t.inspector}>
      <h3 data-testid="inspector-title">{one !== null ? t.sceneN(one + 1) : t.scenesSelected(selected.length)}</h3>
      {one !== null && <ScenePreview view={view} scene={one} />}
      {readOnly && (
        <p className="muted" data-testid="read-only">
          {view.read_only}
        </p>
      )}
      <fieldset disabled={readOnly} className="inspector-body">
        {one !== null && (
          <Section title={t.sceneSection} testId="inspector-scene">
            <Field
              label={t.sceneName}
              value={str(at(doc, ["scenes", one, "name"]))}
              problems={probs(["name"])}
              onCommit={(v) => onChange({ change: "name", scene: one, name: v === "" ? null : v })}
              testId="field-name"
            />
          </Section>
        )}

        <Section title={t.narration} testId="inspector-narration">
          {one !== null && narrationRaw && !recording && (
            <Field
              label={t.narrationText}
              value={str(at(doc, ["scenes", one, "narration", "text"]))}
              multiline
              problems={probs(["narration", "text"])}
              onCommit={(v) => setNarration("text", v)}
              testId="field-narration-text"
            />
          )}
          {one !== null && !narrationRaw && (
            <div className="row">
              <span className="muted">{t.noNarration}</span>
              <button onClick={() => setNarration("text", t.newNarration)} data-testid="add-narration">
                {t.addNarration}
              </button>
            </div>
          )}
          {one !== null && recording && (
            <>
              <p className="muted" data-testid="recording">
                {t.recording}: {fileName(str(narrationRaw?.src))}
              </p>
              <div className="grid2">
                <Field
                  label={t.trimStart}
                  kind="number"
                  value={num(at(doc, ["scenes", one, "narration", "start"]))}
                  problems={probs(["narration", "start"])}
                  onCommit={(v) => setNarration("start", parseNumber(v))}
                  testId="field-trim-start"
                />
                <Field
                  label={t.trimEnd}
                  kind="number"
                  value={num(at(doc, ["scenes", one, "narration", "end"]))}
                  problems={probs(["narration", "end"])}
                  onCommit={(v) => setNarration("end", parseNumber(v))}
                  testId="field-trim-end"
                />
              </div>
            </>
          )}
          {!recording && (narrationRaw || one === null) && (
            <>
              <Select
                label={t.voice}
                value={typeof voice.own === "string" ? voice.own : ""}
                inherited={voice.inherited}
                options={[
                  { value: "", label: t.voiceFromDefaults(voiceLabel(str(voice.effective) || "pt-br")) },
                  ...voices.map((v) => ({ value: v.voice, label: voiceLabel(v.voice) })),
                  ...(typeof voice.own === "string" && !voices.some((v) => v.voice === voice.own)
                    ? [{ value: voice.own, label: voiceLabel(voice.own) }]
                    : []),
                ]}
                onChange={(v) => setNarration("voice", v === "" ? null : v)}
                problems={probs(["narration", "voice"])}
                testId="field-voice"
              />
              <div className="grid2">
                <Field
                  label={t.narrationRate}
                  kind="number"
                  value={num(f(["narration", "rate"]).own ?? f(["narration", "rate"]).effective)}
                  inherited={f(["narration", "rate"]).inherited}
                  hasOwn={f(["narration", "rate"]).own !== undefined}
                  onReset={() => setNarration("rate", null)}
                  problems={probs(["narration", "rate"])}
                  onCommit={(v) => setNarration("rate", parseNumber(v))}
                  testId="field-rate"
                />
                <Field
                  label={t.narrationPause}
                  kind="number"
                  value={num(f(["narration", "pause"]).own ?? f(["narration", "pause"]).effective)}
                  inherited={f(["narration", "pause"]).inherited}
                  hasOwn={f(["narration", "pause"]).own !== undefined}
                  onReset={() => setNarration("pause", null)}
                  problems={probs(["narration", "pause"])}
                  onCommit={(v) => setNarration("pause", parseNumber(v))}
                  testId="field-pause"
                />
              </div>
            </>
          )}
          {one !== null && narrationRaw && <Listen path={view.path} scene={one} />}
          {one !== null && narrationRaw && !recording && (
            <FixSaying
              entries={projectEntries}
              voice={str(voice.effective) || null}
              onAdd={(entries) => onChange({ change: "pronunciations", pronunciations: entries })}
            />
          )}
        </Section>

        <Section title={t.duration} testId="inspector-duration">
          <div className="row" role="radiogroup" aria-label={t.duration}>
            <label className="check">
              <input
                type="radio"
                name="length"
                checked={!fromNarration}
                onChange={() =>
                  onChange({ change: "length", target, length: { kind: "seconds", secs: scene?.duration_secs || 5 } })
                }
                data-testid="length-seconds"
              />
              {t.lengthSeconds}
            </label>
            <label className="check">
              <input
                type="radio"
                name="length"
                checked={fromNarration}
                onChange={() => onChange({ change: "length", target, length: { kind: "narration", pad: null } })}
                data-testid="length-narration"
              />
              {t.lengthNarration}
            </label>
          </div>
          {fromNarration ? (
            <Field
              label={t.pad}
              kind="number"
              value={num(f(["pad"]).own ?? f(["pad"]).effective)}
              inherited={f(["pad"]).inherited}
              hasOwn={f(["pad"]).own !== undefined}
              onReset={() => onChange({ change: "length", target, length: { kind: "narration", pad: null } })}
              problems={probs(["pad"])}
              onCommit={(v) => onChange({ change: "length", target, length: { kind: "narration", pad: parseNumber(v) } })}
              testId="field-pad"
            />
          ) : (
            <Field
              label={t.seconds}
              kind="number"
              value={num(duration.own ?? duration.effective)}
              inherited={duration.inherited}
              problems={probs(["duration"])}
              onCommit={(v) => onChange({ change: "length", target, length: { kind: "seconds", secs: parseNumber(v) ?? 0 } })}
              testId="field-duration"
            />
          )}
          {one !== null && scene && (
            <p className="muted" data-testid="resulting-length">
              {t.lastsFor(formatLength(scene.duration_secs))}
            </p>
          )}
        </Section>

        <Section title={t.transition} testId="inspector-transition">
          <div className="grid2">
            <Select
              label={t.transitionKind}
              value={transition.own === undefined ? "" : tType}
              inherited={transition.inherited}
              options={[
                { value: "", label: t.transitionFromDefaults },
                ...transitions.map((k) => ({ value: k.name, label: k.label })),
                ...(transitions.some((k) => k.name === tType) ? [] : [{ value: tType, label: tType }]),
              ]}
              onChange={(v) =>
                onChange({
                  change: "transition",
                  target,
                  kind: v === "" ? null : v,
                  secs: typeof tSecs === "number" && v !== "" && v !== "cut" ? tSecs : null,
                })
              }
              problems={probs(["transition"])}
              testId="field-transition"
            />
            {tType !== "cut" && (
              <Field
                label={t.transitionSecs}
                kind="number"
                value={num(tSecs)}
                inherited={transition.inherited}
                problems={probs(["transition", "duration"])}
                onCommit={(v) => onChange({ change: "transition", target, kind: tType, secs: parseNumber(v) })}
                testId="field-transition-secs"
              />
            )}
            {tType !== "cut" && (
              <Select
                label={t.transitionEasing}
                value={tEasing}
                inherited={transition.inherited}
                options={Object.entries(t.easings).map(([value, label]) => ({ value, label }))}
                onChange={(v) =>
                  onChange({
                    change: "transition",
                    target,
                    kind: tType,
                    secs: typeof tSecs === "number" ? tSecs : null,
                    easing: v,
                  })
                }
                problems={probs(["transition", "easing"])}
                testId="field-transition-easing"
              />
            )}
          </div>
          <TransitionSample kind={tType} />
        </Section>

        {one !== null && (
          <Section title={t.texts} testId="inspector-texts">
            {texts.length === 0 && <p className="muted">{t.noTexts}</p>}
            <div className="row">
              <button onClick={() => onChange({ change: "add_text", scene: one, text: t.newText })} data-testid="add-text">
                {t.addText}
              </button>
            </div>
            {texts.map((_, k) => {
              const tf = (name: string) => field(doc, filled, one, ["texts", k, name]);
              const text = (name: string, v: unknown) => onChange({ change: "text", scene: one, text: k, field: name, value: v });
              const enter = str(at(filled, ["scenes", one, "texts", k, "enter", "kind"]));
              return (
                <div className="text-item" key={k} data-testid="text-item">
                  <div className="row text-item-head">
                    <button
                      className="quiet"
                      onClick={() => onChange({ change: "remove_text", scene: one, text: k })}
                      data-testid="remove-text"
                      aria-label={t.removeText(k + 1)}
                    >
                      {t.remove}
                    </button>
                  </div>
                  <Field
                    label={t.textContent(k + 1)}
                    value={str(tf("text").own)}
                    multiline
                    problems={probs(["texts", k, "text"])}
                    onCommit={(v) => text("text", v)}
                    testId="field-text"
                  />
                  <div className="grid3">
                    <Field
                      label={t.textSize}
                      kind="number"
                      value={num(tf("size").own ?? tf("size").effective)}
                      inherited={tf("size").inherited}
                      hasOwn={tf("size").own !== undefined}
                      onReset={() => text("size", null)}
                      problems={probs(["texts", k, "size"])}
                      onCommit={(v) => text("size", parseNumber(v))}
                      testId="field-text-size"
                    />
                    <Field
                      label={t.textX}
                      kind="number"
                      value={num(tf("x").own ?? tf("x").effective)}
                      inherited={tf("x").inherited}
                      hasOwn={tf("x").own !== undefined}
                      onReset={() => text("x", null)}
                      problems={probs(["texts", k, "x"])}
                      onCommit={(v) => text("x", parseNumber(v))}
                      testId="field-text-x"
                    />
                    <Field
                      label={t.textY}
                      kind="number"
                      value={num(tf("y").own ?? tf("y").effective)}
                      inherited={tf("y").inherited}
                      hasOwn={tf("y").own !== undefined}
                      onReset={() => text("y", null)}
                      problems={probs(["texts", k, "y"])}
                      onCommit={(v) => text("y", parseNumber(v))}
                      testId="field-text-y"
                    />
                  </div>
                  <Field
                    label={t.textColor}
                    kind="color"
                    value={str(tf("color").own ?? tf("color").effective)}
                    inherited={tf("color").inherited}
                      hasOwn={tf("color").own !== undefined}
                    onReset={() => text("color", null)}
                    problems={probs(["texts", k, "color"])}
                    onCommit={(v) => text("color", v === "" ? null : v)}
                    testId="field-text-color"
                  />
                  <div className="grid2">
                    <Select
                      label={t.textBox}
                      value={tf("box").own !== undefined || tf("box").effective !== undefined ? "box" : ""}
                      inherited={tf("box").inherited}
                      options={[
                        { value: "", label: t.noBox },
                        { value: "box", label: t.withBox },
                      ]}
                      onChange={(v) => text("box", v === "box" ? { color: "black", opacity: 0.5 } : null)}
                      problems={probs(["texts", k, "box"])}
                      testId="field-text-box"
                    />
                    <Select
                      label={t.textEnter}
                      value={enter}
                      inherited={tf("enter").inherited}
                      options={[{ value: "", label: t.noMotion }, ...MOTIONS.map((m) => ({ value: m, label: t.motion[m] ?? m }))]}
                      onChange={(v) => {
                        text("enter", v === "" ? null : { kind: v });
                      }}
                      problems={probs(["texts", k, "enter"])}
                      testId="field-text-enter"
                    />
                  </div>
                </div>
              );
            })}
          </Section>
        )}

        <Section title={t.background} testId="inspector-background">
          {one !== null && (
            <p className="muted" data-testid="background-now">
              {typeof background?.image === "string"
                ? `${t.picture}: ${fileName(background.image)}`
                : typeof background?.video === "string"
                  ? `${t.clip}: ${fileName(background.video)}`
                  : gradient
                    ? `${t.gradient}: ${(Array.isArray(gradient.colors) ? gradient.colors : []).map(str).join(" → ")}`
                    : `${t.color}: ${str(background?.color)}`}
            </p>
          )}
          {one !== null && clips.length > 0 && (
            <p className="muted" data-testid="clips-over">
              {`${t.clipsOverBackground}: ${clips.map((c) => fileName(str(obj(c)?.src))).join(", ")}`}
            </p>
          )}
          <div className="row">
            <button
              onClick={async () => {
                const picked = await open({ multiple: false, directory: false, filters: [{ name: t.picture, extensions: imageExtensions }] });
                if (typeof picked === "string") onChange({ change: "background", scenes: selected, background: { image: picked } });
              }}
              data-testid="background-picture"
            >
              {t.replacePicture}
            </button>
          </div>
          <div className="grid2">
            <Field
              label={t.backgroundColor}
              kind="color"
              value={str(background?.color)}
              problems={probs(["background", "color"])}
              onCommit={(v) => onChange({ change: "background", scenes: selected, background: { color: v } })}
              testId="field-background-color"
            />
            {typeof background?.color !== "string" && !gradient && (
              <Select
                label={t.fit}
                value={str(f(["background", "fit"]).own)}
                inherited={f(["background", "fit"]).inherited}
                options={[{ value: "", label: t.fitFromDefaults }, ...FITS.map((x) => ({ value: x, label: t.fitKind[x] ?? x }))]}
                onChange={(v) => onChange({ change: "fit", target, fit: v === "" ? null : v })}
                problems={probs(["background", "fit"])}
                testId="field-fit"
              />
            )}
          </div>
        </Section>

        <Pronunciations
          words={projectEntries}
          onCommit={(entries) => onChange({ change: "pronunciations", pronunciations: entries })}
          problems={problems}
          listen={(text, all) => api.sayLine(text, str(voice.effective) || null, all, null)}
          testId="project-pronunciations"
          disabled={readOnly}
        />

        {one !== null && (
          <Section title={t.caption} testId="inspector-caption">
            <Field
              label={t.captionText}
              value={str(at(doc, ["scenes", one, "caption"]))}
              multiline
              problems={probs(["caption"])}
              onCommit={(v) => onChange({ change: "caption", scene: one, caption: v === "" ? null : v })}
              testId="field-caption"
            />
          </Section>
        )}
      </fieldset>
    </section>
  );
}

const MOTIONS = ["fade", "slide-up", "slide-down", "slide-left", "slide-right", "zoom"] as const;
const FITS = ["cover", "contain", "stretch", "blur"] as const;

/** A small moving sample of a transition: two coloured cards, the second coming in as it would. */
function TransitionSample({ kind }: { kind: string }) {
  if (kind === "cut") return null;
  const family = /^slide|^smooth|^cover|^reveal/.test(kind)
    ? "slide"
    : /^wipe|^horz|^vert|^hl|^hr|^vu|^vd|^rect|^circle|^radial|^diag/.test(kind)
      ? "wipe"
      : /^zoom|^squeeze/.test(kind)
        ? "zoom"
        : "fade";
  return (
    <div className={`transition-sample ${family}`} aria-hidden data-testid="transition-sample" data-family={family}>
      <span className="card a" />
      <span className="card b" />
    </div>
  );
}

/**
 * "Fix how this is said": the word selected in the narration becomes a pronunciation of the
 * project, heard before it is added. Captions keep the word as written.
 */
function FixSaying({
  entries,
  voice,
  onAdd,
}: {
  entries: Entry[];
  voice: string | null;
  onAdd: (entries: Entry[]) => void;
}) {
  const [word, setWord] = useState<string | null>(null);
  const [say, setSay] = useState("");
  const start = () => {
    // The narration's field keeps its selection after it loses the focus to this button.
    const area = document.querySelector<HTMLTextAreaElement>('[data-testid="field-narration-text"]');
    const picked = area ? area.value.slice(area.selectionStart, area.selectionEnd).trim() : "";
    setSay("");
    setWord(picked);
  };
  const entry = (): Entry => ({ ...emptyEntry(word ?? ""), say: say.trim() || null });
  if (word === null) {
    return (
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={start} data-testid="fix-saying">
        {t.fixSaying}
      </button>
    );
  }
  return (
    <div className="row fix-saying" data-testid="fix-saying-form">
      <label>
        {t.pronunciationText}
        <input value={word} onChange={(e) => setWord(e.target.value)} spellCheck={false} data-testid="fix-saying-text" />
      </label>
      <label>
        {t.pronunciationSay}
        <input value={say} onChange={(e) => setSay(e.target.value)} spellCheck={false} data-testid="fix-saying-say" />
      </label>
      <ListenButton
        speak={() => api.sayLine(word, voice, [...entries, entry()], null)}
        label={t.listenPronunciation}
        disabled={word.trim() === ""}
        testId="fix-saying-listen"
      />
      <button
        type="button"
        onClick={() => {
          onAdd([...entries, entry()]);
          setWord(null);
        }}
        disabled={word.trim() === "" || say.trim() === ""}
        data-testid="fix-saying-add"
      >
        {t.addPronunciation}
      </button>
      <button type="button" onClick={() => setWord(null)}>
        {t.cancel}
      </button>
    </div>
  );
}
