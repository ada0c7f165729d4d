/** The part of modesl 1.2.1 (CommonJS, untyped) this service uses. */
declare module 'modesl' {
  import type { Server as NetServer, Socket } from 'node:net';

  /** An ESL message: headers (URL-decoded by modesl) and an optional body. */
  export class Event {
    constructor(headers: Record<string, string>, body?: string);
    headers: Array<{ name: string; value: string }>;
    getHeader(name: string): string | null;
    getBody(): string;
    getType(): string | null;
    serialize(format?: 'plain' | 'json' | 'xml'): string;
  }

  type Listener = (event: Event, headers?: Record<string, unknown>, body?: string) => void;

  export class Connection {
    /** Inbound: connects to FreeSWITCH's event socket and authenticates. */
    constructor(host: string, port: number, password: string, ready?: () => void);
    /** Outbound: wraps a socket FreeSWITCH opened to us. */
    constructor(socket: Socket, ready?: () => void);
    socket: Socket | null;
    connected(): boolean;
    getInfo(): Event;
    send(command: string, args?: Record<string, string | number | boolean>): void;
    sendRecv(command: string, args: Record<string, string | number | boolean> | null, callback: Listener): void;
    sendRecv(command: string, callback: Listener): void;
    api(command: string, args: string, callback: Listener): void;
    bgapi(command: string, args: string, jobId: string | null, callback: Listener): void;
    events(format: 'plain' | 'json' | 'xml', events: string | string[], callback?: Listener): void;
    execute(app: string, arg: string, callback: Listener): string;
    disconnect(): void;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
    off(event: string, listener: (...args: any[]) => void): this;
    removeAllListeners(event?: string): this;
  }

  export class Server {
    constructor(options: { host?: string; port?: number; server?: NetServer; myevents?: boolean }, ready?: () => void);
    server: NetServer;
    on(event: 'connection::ready', listener: (connection: Connection, id: string) => void): this;
    on(event: 'connection::close', listener: (connection: Connection, id: string) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    close(callback?: (error?: Error) => void): void;
  }

  const esl: { Connection: typeof Connection; Server: typeof Server; Event: typeof Event };
  export default esl;
}
