/**
 * Every route the sandbox serves, in one table: the server dispatches by it, and a test holds it
 * equal to the paths of the reference protocol (docs/provincial-api/openapi.yaml).
 */
export type RouteArea =
  /** The reference protocol, JSON in and out, behind the bearer token (the token endpoint excepted). */
  | 'api'
  /** tus 1.0 uploads, handed to @tus/server once the token is checked. */
  | 'tus'
  /** The province operator's side of the sandbox: its page and its moves. */
  | 'sandbox';

export type RouteName =
  | 'token'
  | 'tus'
  | 'publish'
  | 'bulletin'
  | 'withdraw'
  | 'operatorPage'
  | 'sandboxList'
  | 'accept'
  | 'reject'
  | 'schedule'
  | 'aired'
  /** The flat layout's bulletin routes (flat-layout.ts), in place of publish, bulletin and withdraw. */
  | 'flatPublish'
  | 'flatBulletin'
  | 'flatWithdraw';

export interface Route {
  method: 'GET' | 'POST' | 'HEAD' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /** OpenAPI path template. */
  path: string;
  area: RouteArea;
  name: RouteName;
  /**
   * Needs no bearer token (`security: []` in the document): the token endpoint, tus discovery, and
   * the operator's side, which is the province's own page.
   */
  open?: true;
}

export const API_BASE = '/api/v1';
export const UPLOADS_PATH = `${API_BASE}/uploads`;

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: `${API_BASE}/oauth/token`, area: 'api', name: 'token', open: true },
  { method: 'OPTIONS', path: UPLOADS_PATH, area: 'tus', name: 'tus', open: true },
  { method: 'POST', path: UPLOADS_PATH, area: 'tus', name: 'tus' },
  { method: 'HEAD', path: `${UPLOADS_PATH}/{uploadId}`, area: 'tus', name: 'tus' },
  { method: 'PATCH', path: `${UPLOADS_PATH}/{uploadId}`, area: 'tus', name: 'tus' },
  { method: 'DELETE', path: `${UPLOADS_PATH}/{uploadId}`, area: 'tus', name: 'tus' },
  { method: 'POST', path: `${API_BASE}/bulletins`, area: 'api', name: 'publish' },
  { method: 'GET', path: `${API_BASE}/bulletins/{bulletinId}`, area: 'api', name: 'bulletin' },
  { method: 'POST', path: `${API_BASE}/bulletins/{bulletinId}/withdrawal`, area: 'api', name: 'withdraw' },
  { method: 'GET', path: '/sandbox/', area: 'sandbox', name: 'operatorPage', open: true },
  { method: 'GET', path: '/sandbox/bulletins', area: 'sandbox', name: 'sandboxList', open: true },
  {
    method: 'POST',
    path: '/sandbox/bulletins/{bulletinId}/accept',
    area: 'sandbox',
    name: 'accept',
    open: true,
  },
  {
    method: 'POST',
    path: '/sandbox/bulletins/{bulletinId}/reject',
    area: 'sandbox',
    name: 'reject',
    open: true,
  },
  {
    method: 'POST',
    path: '/sandbox/bulletins/{bulletinId}/schedule',
    area: 'sandbox',
    name: 'schedule',
    open: true,
  },
  {
    method: 'POST',
    path: '/sandbox/bulletins/{bulletinId}/aired',
    area: 'sandbox',
    name: 'aired',
    open: true,
  },
];

interface Compiled {
  route: Route;
  pattern: RegExp;
}

const compiledTables = new WeakMap<readonly Route[], Compiled[]>();

/** A table's paths as patterns, made once per table. */
function compiled(routes: readonly Route[]): Compiled[] {
  let table = compiledTables.get(routes);
  if (!table) {
    table = routes.map((route) => ({
      route,
      pattern: new RegExp(
        `^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[A-Za-z0-9_-]+)')}$`,
      ),
    }));
    compiledTables.set(routes, table);
  }
  return table;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * The route for a method and path in a table (default: the reference protocol's), `'method'` when
 * the path exists with other methods, or null.
 */
export function matchRoute(
  method: string,
  pathname: string,
  routes: readonly Route[] = ROUTES,
): RouteMatch | 'method' | null {
  let pathKnown = false;
  for (const { route, pattern } of compiled(routes)) {
    const m = pattern.exec(pathname);
    if (!m) continue;
    pathKnown = true;
    if (route.method === method) return { route, params: { ...m.groups } };
  }
  return pathKnown ? 'method' : null;
}
