import { calls, EVENT_PERMISSIONS, isCallName, type Permission, type Reply } from '../contract';
import type { PreviewCache } from '../audio';
import type { Library } from '../media/library';
import type { ProgrammeServices } from '../programme/services';
import type { EventBus, EventListener } from './event-bus';
import type { Caller, Policy } from './policy';
import type { Router } from './router';
import type { Seats } from './seats';

/**
 * One client of the studio (a window, a WebSocket, a command): everything it does goes through
 * the router as its caller, and it hears only the events that caller may read.
 */
export interface Connection {
  /** Who is calling now: changes when someone signs in, out, locks, or is disabled (app/seats.ts). */
  readonly caller: Caller;
  /** One call, validated and authorised by the router; never throws. `signal` cancels it. */
  call(name: unknown, request: unknown, signal?: AbortSignal): Promise<Reply>;
  /** Events this caller may read, until the returned function or `close()` is called. */
  subscribe(listener: EventListener): () => void;
  /** The audio file behind a media id (library asset, edit preview, rendered programme), or null. */
  mediaFile(id: unknown): string | null;
  /** Whether the caller may now do what `permission` allows on a host's own route (an upload). */
  may(permission: Permission): boolean;
  close(): void;
}

export interface ConnectionParts {
  router: Router;
  events: EventBus;
  policy: Policy;
  media: MediaLookup;
  seats: Seats;
}

/**
 * A connection opened as `base` (`localCaller`, `anonymousCaller`, or a test's caller). Who it is
 * is asked of the seats before every call, event and media file; the router still decides each call.
 */
export function openConnection(parts: ConnectionParts, base: Caller): Connection {
  const unsubscribes = new Set<() => void>();
  const seat = parts.seats.open();
  const current = () => parts.seats.caller(seat, base);
  return {
    get caller() {
      return current();
    },
    call(name, request, signal) {
      const caller = current();
      // The idle lock counts from the last call that did work; asking who one is does not count.
      if (isCallName(name) && calls[name].permission !== 'session') parts.seats.touch(seat);
      return parts.router.call(name, request, caller, signal);
    },
    subscribe(listener) {
      const off = parts.events.subscribe((event, payload) => {
        // Asked at every event: a caller's rights may change while it is connected.
        if (parts.policy(current(), EVENT_PERMISSIONS[event], event)) listener(event, payload);
      });
      unsubscribes.add(off);
      return () => {
        off();
        unsubscribes.delete(off);
      };
    },
    mediaFile: (id) => parts.media(id, current()),
    may: (permission) => parts.policy(current(), permission, 'upload'),
    close() {
      for (const off of unsubscribes) off();
      unsubscribes.clear();
      parts.seats.leave(seat);
    },
  };
}

/** Media ids are SHA-256 hex: of an asset's content, of a preview's recipe, of a rendered file. */
const MEDIA_ID = /^[0-9a-f]{64}$/;

export type MediaLookup = (id: unknown, caller: Caller) => string | null;

/**
 * The one lookup of media ids for both hosts' /media routes, with the permission of what the id
 * names: a library asset needs library.read, an edit preview edit.read, a rendered programme
 * file programme.read. An unknown or unreadable id is null alike (a 404), so a caller learns
 * nothing about records it may not read.
 */
export function createMediaLookup(
  sources: { library: Library; previews: PreviewCache; programme: ProgrammeServices },
  policy: Policy,
): MediaLookup {
  return (id, caller) => {
    if (typeof id !== 'string' || !MEDIA_ID.test(id)) return null;
    const asset = sources.library.find(id);
    if (asset) return policy(caller, 'library.read', 'media') ? sources.library.audioPath(asset) : null;
    const preview = sources.previews.file(id);
    if (preview) return policy(caller, 'edit.read', 'media') ? preview : null;
    const rendered = sources.programme.renderedFiles.file(id);
    if (rendered) return policy(caller, 'programme.read', 'media') ? rendered : null;
    return null;
  };
}
