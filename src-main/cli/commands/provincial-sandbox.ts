import path from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError } from '../../contract';
import { parseFaultSpec } from '../../sandbox/provincial/faults';
import { SANDBOX_LAYOUTS, type SandboxLayout } from '../../sandbox/provincial/flat-layout';
import { startProvincialSandbox } from '../../sandbox/provincial/sandbox-server';
import type { CliCommand } from '../cli-context';

/**
 * `studio provincial-sandbox`: the province's source system as a sandbox on 127.0.0.1, for tests
 * and for training staff (docs/provincial-api/openapi.yaml is the protocol it speaks; with
 * `--layout flat`, bulletins in another vendor's flat layout: sandbox/provincial/flat-layout.ts).
 */
export const provincialSandboxCommand: CliCommand = {
  name: 'provincial-sandbox',
  summary: 'Chạy hệ thống thông tin nguồn cấp tỉnh bản thử nghiệm (để kiểm thử và tập huấn)',
  usage:
    'studio provincial-sandbox --port N --data DIR [--token T] [--faults SPEC] [--layout reference|flat]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        token: { type: 'string' },
        faults: { type: 'string' },
        layout: { type: 'string', default: 'reference' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new StudioError('INVALID_REQUEST', `Cần --port N với N từ 0 đến 65535 (0: cổng trống bất kỳ).`);
    }
    if (!values.data)
      throw new StudioError('INVALID_REQUEST', 'Cần --data DIR: thư mục giữ bản tin và tệp tải lên.');
    if (values.token !== undefined && values.token.length < 8) {
      throw new StudioError('INVALID_REQUEST', 'Mã truy cập (--token) cần ít nhất 8 ký tự.');
    }
    const layout = values.layout as SandboxLayout;
    if (!(SANDBOX_LAYOUTS as readonly string[]).includes(layout)) {
      throw new StudioError('INVALID_REQUEST', `--layout là ${SANDBOX_LAYOUTS.join(' hoặc ')}.`);
    }
    let faults;
    try {
      faults = parseFaultSpec(values.faults);
    } catch (err) {
      throw new StudioError('INVALID_REQUEST', (err as Error).message);
    }
    const sandbox = await startProvincialSandbox({
      port,
      dataDir: path.resolve(values.data),
      faults,
      faultsText: values.faults ?? '',
      layout,
      log: (line) => io.err(`[sandbox] ${line}`),
      ...(values.token === undefined ? {} : { token: values.token }),
    });
    io.out(`Hệ thống nguồn cấp tỉnh (thử nghiệm) đang chạy: ${sandbox.url}/api/v1`);
    io.out(`Trang vận hành: ${sandbox.url}/sandbox/`);
    if (values.token === undefined) io.out(`Mã truy cập (Bearer): ${sandbox.token}`);
    if (values.faults) io.out(`Lỗi giả lập: ${values.faults}`);
    if (layout === 'flat')
      io.out('Bản tin theo dạng phẳng (POST /api/v1/ban-tin), không theo giao thức chuẩn.');
    const stop = async () => {
      await sandbox.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    await new Promise(() => undefined);
    return 0;
  },
};
