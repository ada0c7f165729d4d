/**
 * Our connection into FreeSWITCH's event socket (inbound mode), used to originate callbacks.
 * It connects at start, reconnects with doubling delays whenever FreeSWITCH is away or drops
 * the connection, and says so in the log instead of failing the service.
 */
import { randomUUID } from 'node:crypto';
import esl, { type Connection } from 'modesl';
import type { Logger } from 'pino';
import type { RetryPolicy } from '../api/retry.js';

export type OriginateResult = { answered: true; uuid: string } | { answered: false; cause: string };

export class FreeswitchUnavailable extends Error {}

export class FreeswitchControl {
  private connection: Connection | null = null;
  private delayMs: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readyWaiters: Array<() => void> = [];

  constructor(
    private readonly options: { host: string; port: number; password: string },
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {
    this.delayMs = retry.initialMs;
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get connected(): boolean {
    return this.connection !== null;
  }

  start(): void {
    this.logger.info({ esl: this.address }, `waiting for FreeSWITCH at ESL ${this.address}`);
    this.connect();
  }

  /** Resolves once connected (immediately when already). */
  ready(): Promise<void> {
    return this.connection ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Places a call and hands it to `app` once answered. Resolves with the new channel's uuid, or
   * with FreeSWITCH's hangup cause (NO_ANSWER, USER_BUSY, …) when it was not answered.
   * @throws FreeswitchUnavailable when not connected or the connection dropped before the result
   */
  originate(dialString: string, app: string): Promise<OriginateResult> {
    const connection = this.connection;
    if (!connection) return Promise.reject(new FreeswitchUnavailable(`FreeSWITCH at ${this.address} is not connected`));
    return new Promise((resolve, reject) => {
      const onEnd = () => reject(new FreeswitchUnavailable('FreeSWITCH dropped the connection before the originate result'));
      connection.once('esl::end', onEnd);
      connection.bgapi('originate', `${dialString} '${app}'`, randomUUID(), (event) => {
        connection.off('esl::end', onEnd);
        const body = event.getBody().trim();
        if (body.startsWith('+OK')) resolve({ answered: true, uuid: body.slice(3).trim() });
        else resolve({ answered: false, cause: body.replace(/^-ERR\s*/, '') || 'UNKNOWN' });
      });
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.connection?.disconnect();
    this.connection = null;
  }

  private connect(): void {
    if (this.stopped) return;
    let lost = false;
    const connection = new esl.Connection(this.options.host, this.options.port, this.options.password, () => {
      this.connection = connection;
      this.delayMs = this.retry.initialMs;
      this.logger.info({ esl: this.address }, 'connected to FreeSWITCH');
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    });
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.connection === connection) this.connection = null;
      connection.socket?.destroy();
      if (this.stopped) return;
      this.logger.warn({ esl: this.address, reason, retryInMs: this.delayMs }, `waiting for FreeSWITCH at ESL ${this.address}`);
      this.timer = setTimeout(() => this.connect(), this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, this.retry.maxMs);
    };
    connection.on('error', (error: Error) => onLost(error.message));
    connection.on('esl::end', () => onLost('connection closed'));
    connection.on('esl::event::auth::fail', () => onLost('ESL password refused'));
    connection.socket?.on('close', () => onLost('connection closed'));
  }
}
