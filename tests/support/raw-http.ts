import { connect } from 'node:net';

export interface RawExchange {
  /** What the host sent back. */
  data: Buffer;
  /** The status of the first response line, or null when none came. */
  status: number | null;
  /** The host closed (or reset) the connection before the wait was over. */
  closed: boolean;
}

export interface RawOptions {
  /** How long to wait for the host after the last byte is sent. */
  waitMs: number;
  /** Half-close after sending (a complete request); false leaves it hanging as a client that stalls. */
  end?: boolean;
  /** Stop waiting as soon as this much came back (a complete refusal). */
  enoughBytes?: number;
}

/**
 * Bytes over a fresh TCP connection to 127.0.0.1, exactly as given: for requests no HTTP client
 * would send. Never rejects: a reset connection is a `closed` exchange.
 */
export function rawExchange(port: number, bytes: Buffer | string, options: RawOptions): Promise<RawExchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let closed = false;
    let settled = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(data.subarray(0, 32).toString('latin1'));
      resolve({ data, status: m ? Number(m[1]) : null, closed });
    };
    let timer = setTimeout(finish, options.waitMs);
    socket.on('connect', () => {
      socket.write(bytes);
      if (options.end !== false) socket.end();
      clearTimeout(timer);
      timer = setTimeout(finish, options.waitMs);
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (options.enoughBytes !== undefined && Buffer.concat(chunks).length >= options.enoughBytes) finish();
    });
    socket.on('error', () => {
      closed = true;
      finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

/** A GET request as text, with CRLF line ends. */
export function rawGet(target: string, headers: Record<string, string>, method = 'GET'): string {
  const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
