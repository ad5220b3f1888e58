/**
 * A small builder for ffmpeg filter graphs: unique link labels, chains, and the two levels of
 * escaping ffmpeg applies to option values. The graph is handed to ffmpeg as a file
 * (`-filter_complex_script`), so its length is never limited by the command line.
 */

/** Escapes a value for `key=value` inside a filter's arguments within a filter graph. */
export function escapeValue(value: string): string {
  // Level 1: the filter's own option parser (`:` separates options; `\` and `'` quote).
  const level1 = value.replace(/[\\':]/g, (c) => `\\${c}`);
  // Level 2: the graph parser (`[`, `]`, `,` and `;` separate links, filters and chains).
  return level1.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** A number as ffmpeg reads it: shortest exact decimal, never exponent notation for plain values. */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Exponent notation appears only for tiny or huge values; fixed notation reads the same.
  return n.toFixed(20).replace(/\.?0+$/, '');
}

export class FilterGraph {
  private readonly chains: string[] = [];
  private counter = 0;

  /** A fresh link label (without brackets). */
  label(prefix = 'a'): string {
    return `${prefix}${this.counter++}`;
  }

  /** Adds `[in…]filter,filter…[out…]`. A source chain has no inputs. */
  add(inputs: readonly string[], filters: readonly string[], outputs: readonly string[]): void {
    if (filters.length === 0) throw new Error('a chain needs at least one filter');
    const ins = inputs.map((l) => `[${l}]`).join('');
    const outs = outputs.map((l) => `[${l}]`).join('');
    this.chains.push(`${ins}${filters.join(',')}${outs}`);
  }

  /** Runs `input` through `filters` and returns the label of the result (`input` itself when there are none). */
  chain(input: string, filters: readonly string[], prefix = 'a'): string {
    if (filters.length === 0) return input;
    const out = this.label(prefix);
    this.add([input], filters, [out]);
    return out;
  }

  /** A source chain (no inputs), for example `amovie=…,atrim=…`. */
  source(filters: readonly string[], prefix = 's'): string {
    const out = this.label(prefix);
    this.add([], filters, [out]);
    return out;
  }

  /** Joins streams one after another (`concat`); one stream is returned as it is. */
  concat(inputs: readonly string[], prefix = 'j'): string {
    if (inputs.length === 0) throw new Error('nothing to concatenate');
    if (inputs.length === 1) return inputs[0] as string;
    const out = this.label(prefix);
    this.add(inputs, [`concat=n=${inputs.length}:v=0:a=1`], [out]);
    return out;
  }

  get size(): number {
    return this.chains.length;
  }

  /** The graph as ffmpeg reads it from `-filter_complex_script`. */
  toScript(): string {
    return `${this.chains.join(';\n')}\n`;
  }
}
