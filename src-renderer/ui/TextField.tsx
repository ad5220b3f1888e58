import type { ComponentProps } from 'react';

type InputProps = Omit<ComponentProps<'input'>, 'value' | 'onChange' | 'aria-label'>;

/**
 * A text input and its name. The name is a visible label wrapped round the input (so a click on
 * it focuses the input and screen readers announce it), or, where something on screen already
 * names the input (a column heading, the placeholder), `hideLabel` gives it as aria-label alone.
 * `className` adds to the shared `input` look; the caller gets the text, not the event.
 */
export function TextField({
  label,
  hideLabel,
  labelClassName,
  className,
  value,
  onChange,
  ...input
}: InputProps & {
  label: string;
  hideLabel?: boolean;
  /** The wrapping label's class: the layout around the field (`wide`, `tool-field`, `inline`…). */
  labelClassName?: string;
  value: string;
  onChange(value: string): void;
}) {
  const field = (
    <input
      {...input}
      className={className ? `input ${className}` : 'input'}
      value={value}
      aria-label={hideLabel ? label : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  if (hideLabel) return field;
  return (
    <label className={labelClassName}>
      {label}
      {field}
    </label>
  );
}
