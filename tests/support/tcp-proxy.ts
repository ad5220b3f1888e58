/**
 * A real TCP proxy on 127.0.0.1 that plays a 4G link which drops: it forwards each connection to
 * the target and, every `cutEveryBytes` it has carried from clients towards the server (counted
 * across connections), closes the connection it was carrying. The bytes up to the cut reach the
 * server; the client sees its connection reset. It counts what it carried each way.
 */
import net from 'node:net';

export interface CuttingProxy {
  url: string;
  port: number;
  /** Bytes carried from clients to the server, all connections together. */
  readonly towardsServer: number;
  /** Bytes carried from the server to clients. */
  readonly towardsClient: number;
  /** Connections it cut. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function cuttingProxy(
  target: { host: string; port: number },
  { cutEveryBytes }: { cutEveryBytes: number },
): Promise<CuttingProxy> {
  let towardsServer = 0;
  let towardsClient = 0;
  let cuts = 0;
  let nextCut = cutEveryBytes;
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    let cut = false;
    const forget = () => {
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', forget);
    upstream.on('close', forget);
    // A reset or a close on either side ends the other; nothing is thrown at the test.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());

    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      let piece = chunk;
      const room = nextCut - towardsServer;
      const cutting = piece.length >= room;
      if (cutting) piece = piece.subarray(0, room);
      towardsServer += piece.length;
      const flowing = upstream.write(piece);
      if (cutting) {
        cut = true;
        cuts += 1;
        nextCut += cutEveryBytes;
        // What was carried reaches the server, then its end; the client's link is gone.
        upstream.end();
        client.resetAndDestroy();
        return;
      }
      if (!flowing) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      towardsClient += chunk.length;
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get towardsServer() {
      return towardsServer;
    },
    get towardsClient() {
      return towardsClient;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
