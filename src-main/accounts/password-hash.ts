/**
 * Password hashes: scrypt from node:crypto with OWASP's parameters (N=2^17, r=8, p=1), encoded as
 * `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64, no padding) so that a hash says how it was made
 * and the parameters can be raised later: old hashes still verify with their own.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of N, the cost. */
  ln: number;
  r: number;
  p: number;
}

export const SCRYPT_PARAMS: ScryptParams = { ln: 17, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** scrypt needs 128·N·r bytes; Node's default limit (32 MiB) is below N=2^17's 128 MiB. */
function options({ ln, r, p }: ScryptParams): ScryptOptions {
  const N = 2 ** ln;
  return { N, r, p, maxmem: 128 * N * r + 16 * 1024 * 1024 };
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options(params), (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/** Whether `password` is the one `encoded` was made from. A malformed hash matches nothing. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const m = ENCODED.exec(encoded);
  if (!m) return false;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const salt = Buffer.from(m[4] as string, 'base64');
  const expected = Buffer.from(m[5] as string, 'base64');
  const key = await derive(password, salt, params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash no password matches, made with the current parameters: checked against when the name is
 * unknown, so that a wrong name takes as long as a wrong password.
 */
export const decoyHash = (): Promise<string> => hashPassword(randomBytes(24).toString('hex'));
