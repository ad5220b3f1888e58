/**
 * A receiver that tells tones apart: a station's MP3 stream over HTTP (asked again until the air
 * answers 200), decoded by a real ffmpeg as it comes, the tone ruling each 20 ms window kept by its
 * place in the stream. Tests play files of one tone each (440, 660, 1000 Hz), so what a receiver
 * heard says what aired when, to 20 ms, however late the stream reached it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterEach } from 'vitest';
import { FFMPEG } from './signals';

const RATE = 8_000;
/** 20 ms windows: 50 Hz apart is enough to tell 440, 660 and 1000 Hz. */
const WINDOW = 160;
export const TONES = [440, 660, 1000] as const;
export type Tone = (typeof TONES)[number];

export interface Ear {
  tones: Array<Tone | null>;
  close(): void;
}

function goertzel(x: Int16Array, from: number, n: number, freq: number): number {
  const k = 2 * Math.cos((2 * Math.PI * freq) / RATE);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < from + n; i++) {
    const s = x[i]! + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

function listen(url: string): Ear {
  const ff: ChildProcess = spawn(
    FFMPEG,
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
      ...['-fflags', 'nobuffer', '-probesize', '32', '-analyzeduration', '0'],
      ...['-f', 'mp3', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(RATE), 'pipe:1'],
    ],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  let req: http.ClientRequest | null = null;
  let closed = false;
  const ear: Ear = {
    tones: [],
    close: () => {
      closed = true;
      req?.destroy();
      ff.kill('SIGKILL');
    },
  };
  let pending = Buffer.alloc(0);
  ff.stdout!.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    const whole = Math.floor(pending.length / (WINDOW * 2)) * WINDOW * 2;
    if (whole === 0) return;
    const pcm = new Int16Array(pending.buffer.slice(pending.byteOffset, pending.byteOffset + whole));
    pending = pending.subarray(whole);
    for (let i = 0; i + WINDOW <= pcm.length; i += WINDOW) {
      const energy = TONES.map((f) => goertzel(pcm, i, WINDOW, f));
      const best = energy.indexOf(Math.max(...energy));
      const others = energy.filter((_, j) => j !== best);
      const loud = energy[best]! > 1e9 && energy[best]! > 10 * Math.max(...others);
      ear.tones.push(loud ? TONES[best]! : null);
    }
  });
  ff.stdin!.on('error', () => undefined); // the decoder killed at the end: nothing left to feed
  // The station's URL answers once the air is open: ask until it does.
  const connect = () => {
    if (closed) return;
    req = http.get(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        setTimeout(connect, 100);
        return;
      }
      res.pipe(ff.stdin!);
    });
    req.on('error', () => setTimeout(connect, 100));
  };
  connect();
  return ear;
}

/** `listen(url)` for a test file; every ear is closed after each test. */
export function useToneEars(): (url: string) => Ear {
  const ears: Ear[] = [];
  afterEach(() => {
    for (const ear of ears.splice(0)) ear.close();
  });
  return (url) => {
    const ear = listen(url);
    ears.push(ear);
    return ear;
  };
}

/** What an ear heard, as runs of one tone (silence too), each in seconds of the stream. */
export function runs(ear: Ear): Array<{ tone: Tone | null; from: number; seconds: number }> {
  const out: Array<{ tone: Tone | null; from: number; seconds: number }> = [];
  const w = WINDOW / RATE;
  ear.tones.forEach((tone, i) => {
    const last = out[out.length - 1];
    if (last && last.tone === tone) last.seconds += w;
    else out.push({ tone, from: i * w, seconds: w });
  });
  // A window or two at a switch (the fades) is neither tone: fold runs under 60 ms into the one before.
  const folded: typeof out = [];
  for (const r of out) {
    const last = folded[folded.length - 1];
    if (last && (r.seconds < 0.06 || last.tone === r.tone)) last.seconds = r.from + r.seconds - last.from;
    else folded.push({ ...r });
  }
  return folded.map((r) => ({ ...r, from: round(r.from), seconds: round(r.seconds) }));
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Seconds of `tone` an ear heard in all. */
export const heardOf = (ear: Ear, tone: Tone) => (ear.tones.filter((t) => t === tone).length * WINDOW) / RATE;
