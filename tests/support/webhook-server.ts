/** A real HTTP server on 127.0.0.1 that keeps every POST it gets (an alarm webhook), with when it came. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorWebhookBody } from '../../src-main/contract';

export interface WebhookServer {
  url: string;
  got: Array<{ at: number; body: MonitorWebhookBody; type: string | undefined }>;
  close(): Promise<void>;
}

export async function startWebhookServer(): Promise<WebhookServer> {
  const got: WebhookServer['got'] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => (text += d));
    req.on('end', () => {
      got.push({
        at: Date.now(),
        body: JSON.parse(text) as MonitorWebhookBody,
        type: req.headers['content-type'],
      });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/canh-bao`,
    got,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
