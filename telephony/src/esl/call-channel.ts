/**
 * One call handed to us by FreeSWITCH's outbound socket (`socket … async full`), as promises:
 * `execute` sends a dialplan application and resolves with its CHANNEL_EXECUTE_COMPLETE. The
 * socket lingers after hangup so the last completions (a recording cut short by the hangup)
 * still arrive; an application asked for after the hangup is refused with CallEnded.
 */
import type { Connection, Event } from 'modesl';

export class CallEnded extends Error {
  constructor(readonly hangupCause: string) {
    super(`call ended (${hangupCause})`);
  }
}

/** Seconds FreeSWITCH keeps the socket open after hangup: enough to receive the last events. */
const LINGER_SECONDS = 10;

export class CallChannel {
  readonly uuid: string;
  private hangupCause: string | null = null;
  private readonly ended: Promise<string>;
  private readonly socketClosed: Promise<void>;
  private markEnded!: (cause: string) => void;

  private constructor(private readonly connection: Connection) {
    const info = connection.getInfo();
    this.uuid = info.getHeader('Unique-ID') ?? '';
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
    // The socket closing under a live call (FreeSWITCH restarted, network cut) ends it for us too.
    this.socketClosed = new Promise((resolve) => connection.socket?.once('close', () => resolve()));
    void this.socketClosed.then(() => this.end('SOCKET_CLOSED'));
    connection.on(`esl::event::CHANNEL_HANGUP::${this.uuid}`, (event: Event) => this.end(event.getHeader('Hangup-Cause') ?? 'NORMAL_CLEARING'));
    connection.on('esl::event::disconnect::notice', () => this.end('NORMAL_CLEARING'));
  }

  /** Takes control of the call: linger past hangup, this channel's events, in plain format. */
  static async open(connection: Connection): Promise<CallChannel> {
    const channel = new CallChannel(connection);
    await channel.command(`linger ${LINGER_SECONDS}`);
    await channel.command('myevents');
    await channel.command('event plain CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP CHANNEL_BRIDGE BACKGROUND_JOB');
    return channel;
  }

  /** A header of the channel data FreeSWITCH sent on `connect` (caller number, variables). */
  info(header: string): string | undefined {
    return this.connection.getInfo().getHeader(header) ?? undefined;
  }

  variable(name: string): string | undefined {
    return this.info(`variable_${name}`);
  }

  get hungUp(): boolean {
    return this.hangupCause !== null;
  }

  /** Resolves with the hangup cause when the call ends, however it ends. */
  whenEnded(): Promise<string> {
    return this.ended;
  }

  /** Calls `listener` for each CHANNEL_BRIDGE of this call (the agent picked up). */
  onBridge(listener: (event: Event) => void): void {
    this.connection.on(`esl::event::CHANNEL_BRIDGE::${this.uuid}`, listener);
  }

  /** Runs an application on the call and resolves with its completion event. */
  execute(app: string, arg = ''): Promise<Event> {
    if (this.hangupCause !== null) return Promise.reject(new CallEnded(this.hangupCause));
    const completed = new Promise<Event>((resolve) => this.corked(() => this.connection.execute(app, arg, resolve)));
    const closed = this.socketClosed.then(() => Promise.reject(new CallEnded(this.hangupCause ?? 'SOCKET_CLOSED')));
    return Promise.race([completed, closed]);
  }

  /** Ends the call (if still up) and releases the socket. */
  async close(cause = 'NORMAL_CLEARING'): Promise<void> {
    // Wait for FreeSWITCH to confirm the hangup, not for the hangup application to report back.
    if (!this.hungUp && this.connection.connected()) await Promise.race([this.execute('hangup', cause).catch(() => undefined), this.ended]);
    if (this.connection.connected()) this.connection.disconnect();
  }

  /** modesl writes a command line by line; corked, the lines leave in one segment instead of one each. */
  private corked(write: () => void): void {
    const socket = this.connection.socket;
    socket?.cork();
    write();
    socket?.uncork();
  }

  private command(command: string): Promise<Event> {
    return new Promise((resolve, reject) => {
      this.connection.sendRecv(command, (reply) => {
        const text = reply.getHeader('Reply-Text') ?? '';
        if (text.startsWith('-ERR')) reject(new Error(`${command}: ${text}`));
        else resolve(reply);
      });
    });
  }

  private end(cause: string): void {
    if (this.hangupCause !== null) return;
    this.hangupCause = cause;
    this.markEnded(cause);
  }
}
