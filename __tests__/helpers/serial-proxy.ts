import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on a loopback port that passes one request at a time to `upstream`. The moto
 * server answers each request on a thread of its own, and its backends are not thread-safe: a
 * request that reads a collection while another request changes it fails with HTTP 500
 * ("RuntimeError: dictionary changed size during iteration", seen on IAM under concurrent
 * CreateRole calls). The AWS SDK retries a 500, and when the failed call had already made its
 * change, the retry of a create finds its own resource: the provider then retried "Function
 * already exist" (409) for five minutes and failed the apply. One request at a time costs little:
 * the server holds Python's global interpreter lock for nearly all of a request anyway, and the
 * tests' clients never long-poll.
 */
export class SerialProxy {
  private queue: Promise<void> = Promise.resolve();

  /** Where clients send their calls (set once the proxy listens). */
  endpoint = '';

  private constructor(
    private readonly server: Server,
    private readonly upstream: URL,
  ) {}

  static async start(upstream: string): Promise<SerialProxy> {
    const server = createServer();
    const proxy = new SerialProxy(server, new URL(upstream));
    server.on('request', (incoming: IncomingMessage, response: ServerResponse) => proxy.accept(incoming, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return proxy;
  }

  stop(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  private accept(incoming: IncomingMessage, response: ServerResponse): void {
    const body: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => body.push(chunk));
    incoming.on('end', () => {
      this.queue = this.queue.then(() => this.forward(incoming, Buffer.concat(body), response));
    });
  }

  /** Sends one request upstream and its answer back; settles once the answer is passed on. */
  private forward(incoming: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const outgoing = request(
        { host: this.upstream.hostname, port: this.upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on('end', () => resolve());
          answer.on('error', () => resolve());
        },
      );
      outgoing.on('error', (error) => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`emulator request failed: ${error.message}`);
        resolve();
      });
      outgoing.end(body);
    });
  }
}
