/**
 * A load generator's HTTP/1.1 client: one keep-alive TCP connection, one request at a time, the
 * answer read by its Content-Length. The bench's clients share the 2 cores with the platform
 * they measure; Node's `http.request` cost them 0.3 ms of CPU per report, a tenth of the
 * machine, where this costs 0.13 ms.
 */
import net from 'node:net';

export interface HttpAnswer {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class HttpConnection {
  private socket?: net.Socket;
  private received: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (answer: HttpAnswer) => void; reject: (error: Error) => void };

  constructor(private readonly origin: URL) {}

  /** Sends `method path` with the headers and body; a new connection if the last one closed. */
  request(method: string, path: string, headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    if (this.waiting) throw new Error('HttpConnection sends one request at a time');
    const socket = (this.socket ??= this.connect());
    const lines = [`${method} ${path} HTTP/1.1`, `host: ${this.origin.host}`, `content-length: ${Buffer.byteLength(body)}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private connect(): net.Socket {
    const socket = net.connect(Number(this.origin.port), this.origin.hostname);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.settle(error));
    socket.on('close', () => {
      this.socket = undefined;
      this.received = Buffer.alloc(0);
      this.settle(new Error('connection closed before the answer'));
    });
    return socket;
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const headerEnd = this.received.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = this.received.toString('latin1', 0, headerEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.settle(new Error(`answer without Content-Length: ${head.split('\r\n')[0]}`));
      this.socket?.destroy();
      return;
    }
    const end = headerEnd + HEADER_END.length + Number(length[1]);
    if (this.received.length < end) return;
    const answer = { status: Number(head.slice(9, 12)), body: this.received.toString('utf8', headerEnd + HEADER_END.length, end) };
    this.received = this.received.subarray(end);
    this.settle(undefined, answer);
  }

  private settle(error?: Error, answer?: HttpAnswer): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (error) waiting?.reject(error);
    else if (answer) waiting?.resolve(answer);
  }
}
