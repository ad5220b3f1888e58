/**
 * The reference protocol (docs/provincial-api/openapi.yaml) is a valid OpenAPI 3.1 document, and
 * the sandbox serves exactly its paths and methods: no route the document does not describe, no
 * described route the sandbox does not serve. Also the fault spec's syntax.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src-main/sandbox/provincial/faults';
import { matchRoute, ROUTES } from '../../src-main/sandbox/provincial/routes';

const DOC = path.resolve(__dirname, '../../docs/provincial-api/openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('the reference protocol document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(DOC);
    expect('errors' in result ? result.errors : []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.specification).toBe('OpenAPI');
    expect(readFileSync(DOC, 'utf8')).toMatch(/^openapi: 3\.1\.\d/);
  });

  it('the validator refuses a broken copy (the check can fail)', async () => {
    const broken = path.join(os.tmpdir(), `openapi-broken-${process.pid}.yaml`);
    // A response code that is not one.
    writeFileSync(
      broken,
      readFileSync(DOC, 'utf8').replace(
        "'201':\n          description: Received",
        "'2xx1':\n          description: Received",
      ),
    );
    try {
      expect((await validate(broken)).valid).toBe(false);
    } finally {
      rmSync(broken, { force: true });
    }
  });

  it('describes exactly the routes the sandbox serves', async () => {
    const api = (await parse(DOC)) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(api.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((k) => METHODS.includes(k))
        .map((k) => `${k.toUpperCase()} ${p}`),
    );
    const served = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('asks for the token exactly where the document does', async () => {
    const api = (await parse(DOC)) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const open = Object.entries(api.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([k, op]) => METHODS.includes(k) && Array.isArray(op.security) && op.security.length === 0)
        .map(([k]) => `${k.toUpperCase()} ${p}`),
    );
    const served = ROUTES.filter((r) => r.open).map((r) => `${r.method} ${r.path}`);
    expect(open).toContain('OPTIONS /api/v1/uploads');
    expect(served.sort()).toEqual(open.sort());
  });

  it('routes a request to its route, a known path with another method to 405, others to 404', () => {
    expect(matchRoute('GET', '/api/v1/bulletins/bt_12ab')).toMatchObject({
      route: { name: 'bulletin' },
      params: { bulletinId: 'bt_12ab' },
    });
    expect(matchRoute('PATCH', '/api/v1/uploads/abc')).toMatchObject({ route: { area: 'tus' } });
    expect(matchRoute('DELETE', '/api/v1/bulletins/bt_12ab')).toBe('method');
    expect(matchRoute('GET', '/api/v1/uploads/abc')).toBe('method');
    expect(matchRoute('GET', '/api/v1/bulletins/../x')).toBeNull();
    expect(matchRoute('GET', '/etc/passwd')).toBeNull();
  });
});

describe('fault spec', () => {
  it('reads every mode, durations and the seed', () => {
    expect(
      parseFaultSpec(
        'drop-mid-body:0.2,5xx:0.1,slow:500ms,duplicate:0.1,expired-token:0.05,error-200:0.1,seed=42',
      ),
    ).toEqual({
      seed: 42,
      slowMs: 500,
      chance: {
        'drop-mid-body': 0.2,
        '5xx': 0.1,
        slow: 1,
        duplicate: 0.1,
        'expired-token': 0.05,
        'error-200': 0.1,
      },
    });
    expect(parseFaultSpec('slow:2s@0.5')).toMatchObject({ slowMs: 2000, chance: { slow: 0.5 } });
    expect(parseFaultSpec('')).toEqual({ seed: 1, chance: {}, slowMs: 0 });
  });

  it('refuses unknown modes, bad probabilities and bad durations', () => {
    expect(() => parseFaultSpec('timeout:0.1')).toThrow(/không hợp lệ/);
    expect(() => parseFaultSpec('5xx:1.5')).toThrow(/xác suất/);
    expect(() => parseFaultSpec('5xx:')).toThrow(/xác suất/);
    expect(() => parseFaultSpec('slow:fast')).toThrow(/slow:500ms/);
  });
});
