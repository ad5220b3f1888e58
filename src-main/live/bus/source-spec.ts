/**
 * A source as `studio live --source SPEC` names it: `pcm:-` (raw s16le 48 kHz stereo on a
 * readable stream, standard input from the CLI), `file:PATH`, `url:URL` (a relay) or
 * `mic[:DEVICE]` (the recorder's capture of that input, the default one without a name).
 */
export type SourceSpec =
  | { kind: 'pcm'; from: '-' }
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'mic'; device: string | null };

export function parseSourceSpec(text: string): SourceSpec {
  if (text === 'pcm:-') return { kind: 'pcm', from: '-' };
  if (text.startsWith('file:') && text.length > 5) return { kind: 'file', path: text.slice(5) };
  if (text.startsWith('url:')) {
    const url = text.slice(4);
    if (/^(https?|icecast|srt|rtp):\/\//i.test(url)) return { kind: 'url', url };
  }
  if (text === 'mic') return { kind: 'mic', device: null };
  if (text.startsWith('mic:') && text.length > 4) return { kind: 'mic', device: text.slice(4) };
  throw new Error(`"${text}" is not a source: pcm:-, file:PATH, url:URL or mic[:DEVICE]`);
}

/**
 * `programme:ID`: a programme's approved master. Not the bus's: the live service turns it into
 * the master's `file:` once the master is checked (approved, and its hash still the approved one).
 * The programme's id, or null when `text` names no programme.
 */
export function programmeOfSpec(text: string): string | null {
  const m = /^programme:([0-9a-f]{32})$/.exec(text);
  return m ? m[1]! : null;
}

export function formatSourceSpec(spec: SourceSpec): string {
  switch (spec.kind) {
    case 'pcm':
      return 'pcm:-';
    case 'file':
      return `file:${spec.path}`;
    case 'url':
      return `url:${spec.url}`;
    case 'mic':
      return spec.device ? `mic:${spec.device}` : 'mic';
  }
}
