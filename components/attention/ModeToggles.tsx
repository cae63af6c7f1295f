import { useAttention } from '../../src/store/attentionStore';

/** A two-way toggle as a pair of radio buttons. */
function Toggle<T extends string | number>(props: {
  name: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="toggle" data-testid={`attention-${props.name}`}>
      <legend>{props.label}</legend>
      {props.options.map((o) => (
        <label key={String(o.value)}>
          <input
            type="radio"
            name={`attention-${props.name}`}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

const ORDERS = [
  { value: 1, label: '1st' },
  { value: 2, label: '2nd' },
] as const;
const SCORES = [
  { value: 'diagonal', label: 'diagonal' },
  { value: 'row', label: 'row' },
] as const;
const VIEWS = [
  { value: 'abs', label: '|error|' },
  { value: 'signed', label: 'signed' },
] as const;

/** Softmax order, score covariance mode, and the error map's absolute/signed view. */
export function ModeToggles() {
  const order = useAttention((s) => s.order);
  const scores = useAttention((s) => s.scores);
  const errorView = useAttention((s) => s.errorView);
  const setMode = useAttention((s) => s.setMode);
  const setErrorView = useAttention((s) => s.setErrorView);
  return (
    <div className="row attention-toggles">
      <Toggle
        name="order"
        label="softmax order"
        value={order}
        options={ORDERS}
        onChange={(v) => setMode({ order: v })}
      />
      <Toggle
        name="scores"
        label="score covariance"
        value={scores}
        options={SCORES}
        onChange={(v) => setMode({ scores: v })}
      />
      <Toggle
        name="error-view"
        label="error map"
        value={errorView}
        options={VIEWS}
        onChange={setErrorView}
      />
    </div>
  );
}
