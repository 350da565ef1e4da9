import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * An HTTP server bound to 127.0.0.1 that can be closed at once: closing destroys every open socket (hung requests
 * included) and cancels pending {@link LocalHttpServer.delay | delays}.
 */
export class LocalHttpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly delays = new Set<() => void>();
  private address: string | undefined;

  constructor(private readonly handler: (req: IncomingMessage, res: ServerResponse) => void) {}

  /** `http://127.0.0.1:<port>` once listening (kept after close); undefined before. */
  get url(): string | undefined {
    return this.address;
  }

  /** Listens on 127.0.0.1 at `port` (0 picks a free port) and returns the base URL. */
  async listen(port: number): Promise<string> {
    if (this.server) throw new Error('HubSpotSimulator is already started');
    const server = createServer(this.handler);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('HubSpotSimulator: unexpected server address');
    this.address = `http://127.0.0.1:${address.port}`;
    return this.address;
  }

  /** Stops listening, cancels delays and destroys open sockets. Does nothing when not listening. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const cancel of [...this.delays]) cancel();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections();
    await closed;
  }

  /** Waits `ms` milliseconds; resolves true then, or false as soon as the server closes. */
  delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        this.delays.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.delays.delete(cancel);
        resolve(true);
      }, ms);
      this.delays.add(cancel);
    });
  }
}
