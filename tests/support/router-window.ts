import type { Connection } from '../../src-main/app/connection';
import type { Caller } from '../../src-main/app/policy';
import type { Router } from '../../src-main/app/router';

/**
 * A window's connection reduced to its calls, each made on `router` as `caller`: what the IPC
 * handler's unit tests give it instead of a studio's connection.
 */
export const windowOf = (router: Pick<Router, 'call'>, caller: Caller): Pick<Connection, 'call'> => ({
  call: (name, request, signal) => router.call(name, request, caller, signal),
});
