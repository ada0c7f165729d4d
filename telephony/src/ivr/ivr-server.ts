/**
 * The outbound-socket server: FreeSWITCH connects once per call (`socket host:port async full`)
 * and modesl speaks the protocol; each connection becomes a CallChannel handed to `onCall`.
 */
import net from 'node:net';
import esl, { type Connection } from 'modesl';
import type { Logger } from 'pino';
import { CallChannel } from '../esl/call-channel.js';

export class IvrServer {
  private readonly calls = new Set<Promise<void>>();

  private constructor(
    private readonly server: net.Server,
    /** host:port as FreeSWITCH's `socket` application reaches us. */
    readonly address: string,
  ) {}

  static async listen(
    options: { host: string; port: number; orAnyFreePort?: boolean },
    onCall: (channel: CallChannel) => Promise<void>,
    logger: Logger,
  ): Promise<IvrServer> {
    const server = net.createServer();
    try {
      await listenOn(server, options.host, options.port);
    } catch (error) {
      if (!options.orAnyFreePort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      logger.warn({ port: options.port }, 'outbound socket port taken; listening on a free one');
      await listenOn(server, options.host, 0);
    }
    const { address, port } = server.address() as net.AddressInfo;
    // Listening on every interface, FreeSWITCH on this host still reaches us on the loopback.
    const ivr = new IvrServer(server, `${address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address}:${port}`);
    const eslServer = new esl.Server({ server });
    // From the first byte: a connection that dies before `connect` completes (a port probe) must not crash us.
    eslServer.on('connection::open', (connection: Connection) => {
      connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'call socket error'));
    });
    eslServer.on('connection::ready', (connection: Connection) => {
      const call = CallChannel.open(connection)
        .then(onCall)
        .catch((error) => logger.error({ err: error }, 'call failed'))
        .finally(() => ivr.calls.delete(call));
      ivr.calls.add(call);
    });
    return ivr;
  }

  /** Calls under way now. */
  get activeCalls(): number {
    return this.calls.size;
  }

  /** Resolves when every call under way has finished, its journal delivered. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.calls]);
  }

  /** Stops taking calls and waits for the ones under way (their journals finish delivering). */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.calls]);
  }
}

function listenOn(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
