import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { appRoot } from '../../app/app-root';
import { StudioError } from '../../contract';
import { LAUNCH_CODE_LIFETIME_MS } from '../../hosts/web/launch-codes';
import { startWebHost } from '../../hosts/web/web-host';
import { findOnPath } from '../../platform/find-executable';
import { withUtf8Locale } from '../../platform/utf8-locale';
import { COMMON_OPTIONS, openStudio, type CliCommand } from '../cli-context';
import { writeLaunchPage, type LaunchPage } from './serve-launch-page';

export const RENDERER_DIR = path.join(appRoot(), 'out/renderer');

/** Flags that keep Chromium from calling home on a closed network and give it its own profile. */
export function chromiumAppArgs(url: string, profileDir: string): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // The UI is already in the user's language: no translation offer over it.
    '--disable-features=Translate,TranslateUI',
    '--window-size=1280,820',
  ];
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Chạy studio ở chế độ web trên 127.0.0.1 (--open: mở cửa sổ Chromium)',
  usage: 'studio serve [--port N] [--open] [--data DIR]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, port: { type: 'string' }, open: { type: 'boolean', default: false } },
      strict: true,
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Cổng "${values.port}" không hợp lệ: hãy dùng số từ 1 đến 65535.`,
      );
    }
    const studio = await openStudio(values.data, 'web');
    let launchPage: LaunchPage | null = null;
    const host = await startWebHost({
      studio,
      staticDir: RENDERER_DIR,
      port,
      onSession: () => io.out('Một cửa sổ studio đã mở phiên làm việc.'),
    });
    // An address to open by hand, good once and for a few minutes: the window below gets its own.
    io.out(`Studio Truyền thanh đang chạy: ${host.launchUrl()}`);
    io.out(`Thư mục dữ liệu: ${studio.config.dataDir}`);

    const stop = async () => {
      launchPage?.remove();
      await host.close();
      await studio.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());

    if (values.open) {
      const chromium =
        (await findOnPath('chromium')) ??
        (await findOnPath('chromium-browser')) ??
        (await findOnPath('google-chrome'));
      if (!chromium) {
        io.err(
          'Không tìm thấy Chromium để mở cửa sổ studio. Hãy mở địa chỉ trên bằng trình duyệt, hoặc cài: sudo apt-get install chromium.',
        );
      } else {
        const profile = path.join(studio.config.dataDir, 'chromium-profile');
        mkdirSync(profile, { recursive: true });
        // Chromium's sandbox cannot start as root; --test-type hides the warning bar that would cover the UI.
        const extra = process.getuid?.() === 0 ? ['--no-sandbox', '--test-type'] : [];
        // Every local user can read Chromium's command line: it names a page only this user can
        // read, which holds the one-time address; the page goes once a window has opened a session.
        const page = await writeLaunchPage(
          profile,
          host.launchUrl(() => page.remove()),
        );
        launchPage = page;
        setTimeout(() => page.remove(), LAUNCH_CODE_LIFETIME_MS).unref();
        // A UTF-8 locale, or Chromium drops files named in Vietnamese from its file chooser.
        const start = pathToFileURL(page.file).href;
        const child = spawn(chromium, [...chromiumAppArgs(start, profile), ...extra], {
          stdio: 'ignore',
          env: withUtf8Locale(process.env),
        });
        // The window is the studio: closing it stops the server.
        child.on('exit', () => void stop());
      }
    }
    await new Promise(() => undefined);
    return 0;
  },
};
