/**
 * Chromium as a printer: headless, it turns a self-contained HTML page into a PDF (the reports of
 * issue 17). Found like ffmpeg: `CHROMIUM_BIN`, then PATH (`chromium`, `chromium-browser`,
 * `google-chrome`). The Electron host may print with webContents.printToPDF instead.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StudioError } from '../contract';
import { findOnPath, isExecutable } from './find-executable';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

export async function locateChromium(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.CHROMIUM_BIN && (await isExecutable(env.CHROMIUM_BIN))) return env.CHROMIUM_BIN;
  for (const name of NAMES) {
    const found = await findOnPath(name, env);
    if (found) return found;
  }
  return null;
}

/**
 * Prints `htmlFile` to `pdfFile` (A4, no header or footer: the page carries its own). A profile of
 * its own in a temporary folder, so that a Chromium the user has open is not disturbed.
 */
export async function printHtmlToPdf(
  htmlFile: string,
  pdfFile: string,
  { env = process.env, timeoutMs = 60_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<void> {
  const chromium = await locateChromium(env);
  if (!chromium)
    throw new StudioError(
      'INTERNAL',
      'Không tìm thấy Chromium để in báo cáo ra PDF. Hãy cài: sudo apt-get install chromium (hoặc đặt biến CHROMIUM_BIN).',
    );
  const profile = await mkdtemp(path.join(os.tmpdir(), 'studio-print-'));
  try {
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      `--user-data-dir=${profile}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdfFile}`,
      pathToFileURL(htmlFile).href,
    ];
    const { code, stderr } = await run(chromium, args, env, timeoutMs);
    const size = await stat(pdfFile).then(
      (s) => s.size,
      () => 0,
    );
    if (code !== 0 || size === 0)
      throw new StudioError(
        'INTERNAL',
        'Chromium không in được báo cáo ra PDF.',
        undefined,
        stderr.slice(-2000),
      );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-10_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
