/** Helpers for declaring calls; each domain declares its calls in its own file beside this one. */
import type { z } from 'zod';
import { z as zod } from 'zod';
import type { Permission } from '../permissions';

export interface CallSpec<Req extends z.ZodType, Res> {
  request: Req;
  permission: Permission;
  /** Phantom: carries the result type; never set at run time. */
  readonly __result?: Res;
}

/** `call<Result>()({ request, permission })`: the result type is given, the request type inferred. */
export function call<Res>() {
  return <Req extends z.ZodType>(spec: { request: Req; permission: Permission }) =>
    spec as CallSpec<Req, Res>;
}

export const emptyRequest = zod.object({}).strict();
