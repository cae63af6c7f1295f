import { useCallback, useState } from 'react';
import { labStore } from '../../src/store/store';
import { NOMINAL, PARAM_SPECS, type WorldParams } from '../../src/world/params';
import { PRESETS, findPreset } from '../../src/world/shifts';
import type { Schedule } from '../../src/world/shiftTypes';
import { sameContent, useFrameSelector } from '../hooks/useFrameSelector';
import { compact } from '../format';
import { ParamSlider, sameValue } from './ParamSlider';
import { ScheduleInput, makeSchedule } from './ScheduleInput';

const CUSTOM = 'custom';

/** The fields of `target` that differ from `world`: the change a shift must make. */
export function changeBetween(world: WorldParams, target: WorldParams): Partial<WorldParams> {
  const change: Partial<WorldParams> = {};
  for (const spec of PARAM_SPECS) {
    if (!sameValue(world[spec.key], target[spec.key])) change[spec.key] = target[spec.key];
  }
  return change;
}

/**
 * Sets a preset's change onto the nominal world, clamping values outside the sliders' ranges;
 * returns the target world and the clamped fields' messages.
 */
function presetTarget(change: Partial<WorldParams>): { target: WorldParams; notes: string[] } {
  const target = { ...NOMINAL };
  const notes: string[] = [];
  for (const spec of PARAM_SPECS) {
    const v = change[spec.key];
    if (v === undefined) continue;
    const clamped = Number.isFinite(v)
      ? Math.min(spec.max, Math.max(spec.min, v))
      : NOMINAL[spec.key];
    if (clamped !== v)
      notes.push(`${spec.label}: preset value ${v} is outside the slider; using ${clamped}`);
    target[spec.key] = clamped;
  }
  return { target, notes };
}

/** A short label for a custom change, e.g. "custom: Gravity 12, Pole mass 0.5". */
function customLabel(change: Partial<WorldParams>): string {
  const parts = PARAM_SPECS.filter((s) => change[s.key] !== undefined).map(
    (s) => `${s.label} ${compact(change[s.key] as number)}`,
  );
  const shown = parts.slice(0, 2).join(', ');
  return `custom: ${shown}${parts.length > 2 ? ` +${parts.length - 2}` : ''}`;
}

/**
 * Shift controls: a preset or custom target world (one slider per parameter, nominal marked),
 * a schedule, and buttons that inject the shift or go back to the nominal world.
 */
export function ShiftControls() {
  const world = useFrameSelector((s) => s.snapshot?.world.params ?? null, sameContent);
  const ready = world !== null;
  const [presetName, setPresetName] = useState(CUSTOM);
  const [target, setTarget] = useState<WorldParams>({ ...NOMINAL });
  const [kind, setKind] = useState<Schedule['kind']>('abrupt');
  const [episodes, setEpisodes] = useState<Record<Schedule['kind'], number>>({
    abrupt: 0,
    drift: 20,
    recurring: 10,
  });
  const [notes, setNotes] = useState<string[]>([]);
  const preset = findPreset(presetName) ?? null;

  const choosePreset = (name: string) => {
    setPresetName(name);
    const chosen = findPreset(name);
    if (!chosen) return;
    const next = presetTarget(chosen.change);
    setTarget(next.target);
    setNotes(next.notes);
  };

  const setParam = useCallback((key: keyof WorldParams, value: number) => {
    setTarget((t) => ({ ...t, [key]: value }));
    setPresetName(CUSTOM);
    setNotes([]);
  }, []);

  const inject = (goal: WorldParams, schedule: Schedule, label: string) => {
    const change = changeBetween(world ?? NOMINAL, goal);
    if (Object.keys(change).length === 0) {
      setNotes(['The target equals the current world: nothing to shift.']);
      return;
    }
    setNotes([]);
    labStore.getState().send({ type: 'shift', change, schedule, label });
  };

  const onInject = () => {
    const change = changeBetween(world ?? NOMINAL, target);
    inject(target, makeSchedule(kind, episodes[kind]), preset ? preset.label : customLabel(change));
  };

  const onNominal = () => {
    setTarget({ ...NOMINAL });
    setPresetName(CUSTOM);
    inject({ ...NOMINAL }, { kind: 'abrupt', atEpisode: 0 }, 'back to nominal');
  };

  return (
    <section className="panel shift-controls">
      <div className="panel-title">
        <h2>Shift the world</h2>
        <span className="muted hint">▲ nominal · highlighted: differs from the current world</span>
      </div>
      <div className="row">
        <label className="inline">
          preset
          <select
            data-testid="preset-select"
            value={presetName}
            onChange={(e) => choosePreset(e.target.value)}
          >
            <option value={CUSTOM}>custom (sliders)</option>
            {PRESETS.map((p) => (
              <option key={p.name} value={p.name}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="inject-shift"
          disabled={!ready}
          onClick={onInject}
        >
          ⚡ Inject shift
        </button>
        <button type="button" data-testid="back-to-nominal" disabled={!ready} onClick={onNominal}>
          Back to nominal
        </button>
      </div>
      <ScheduleInput
        kind={kind}
        episodes={episodes}
        onKind={setKind}
        onEpisodes={(k, n) => setEpisodes((e) => ({ ...e, [k]: n }))}
      />
      <p className="muted preset-description" title={preset?.description}>
        {preset ? preset.description : 'Set a target world with the sliders, or choose a preset.'}
      </p>
      <div className="params">
        {PARAM_SPECS.map((spec) => (
          <ParamSlider
            key={spec.key}
            spec={spec}
            value={target[spec.key]}
            current={world ? world[spec.key] : null}
            onChange={setParam}
          />
        ))}
      </div>
      {notes.map((n) => (
        <p key={n} className="field-message" role="status">
          {n}
        </p>
      ))}
    </section>
  );
}
