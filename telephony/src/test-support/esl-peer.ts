/**
 * A stand-in for FreeSWITCH that speaks its event-socket wire format, so the telephony service
 * cannot tell it from the real switch.
 *
 * Outbound mode (`call`): like a channel running `socket host:port async full`, it connects to
 * our socket server, answers `connect` with the channel data, `linger`/`myevents`/`event …` with
 * `command/reply`, and runs each `sendmsg` execute as FreeSWITCH does: CHANNEL_EXECUTE, the
 * application's effect (scripted key presses for play_and_get_digits, a real WAV file for
 * record, a scripted agent for bridge), then CHANNEL_EXECUTE_COMPLETE with the Application-UUID
 * of the request and the channel variables, as `text/event-plain` (or json, as subscribed) with
 * Content-Length framing and URL-encoded values. A hangup sends CHANNEL_HANGUP and, once the
 * client exits or stops lingering, the disconnect notice.
 *
 * Inbound mode (`listenInbound`): like mod_event_socket, it sends `auth/request`, checks the
 * password, answers `api`/`bgapi originate` (`+OK <uuid>` or `-ERR <cause>` in a BACKGROUND_JOB
 * event), places an answered call on the `&socket(...)` application it names, and can drop every
 * connection to test reconnects.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { buildWav } from '../../../server/src/test-support/wav.js';

type Headers = Record<string, string>;

/** How the simulated caller behaves. */
export interface CallScript {
  callerNumber?: string;
  destination?: string;
  /** Channel variables FreeSWITCH would carry (originate variables for a callback). */
  variables?: Record<string, string>;
  /** One entry per play_and_get_digits, in order: the keys pressed, or null for no input. */
  keys?: Array<string | null>;
  /** What the caller does while `record` runs: speaks for `ms`, then silence, `#`, or hangs up. */
  recording?: { ms: number; ending: 'silence' | 'terminator' | 'hangup' };
  /** The agent side of `bridge`/`callcenter`: answered by `agent`, or not answered. */
  agent?: { answers: true; agent: string } | { answers: false; cause: string };
  /** The caller hangs up as the n-th execution of `app` starts (1-based). */
  hangupAt?: { app: string; occurrence?: number };
  /** FreeSWITCH itself goes away (the socket is cut) as the n-th execution of `app` starts. */
  dropAt?: { app: string; occurrence?: number };
}

export interface ExecutedApp {
  app: string;
  arg: string;
}

/** One simulated channel, as the test inspects it afterwards. */
export interface PeerCall {
  uuid: string;
  executed: ExecutedApp[];
  /** Milliseconds from each key press (play_and_get_digits completing) to the next prompt's execute. */
  keyToPromptMs: number[];
  /** Milliseconds from each completion to the next execute, whatever the application. */
  stepMs: number[];
  hangupCause: string | null;
  /** Resolves when the socket closed. */
  closed: Promise<void>;
  /** The files played by `playback` and as prompts of play_and_get_digits, in order. */
  played(): string[];
}

export interface OriginateRequest {
  dialString: string;
  app: string;
  variables: Record<string, string>;
}

export type OriginateAnswer = { answer: true; script: CallScript } | { answer: false; cause: string };

const PROMPT_APPS = new Set(['playback', 'play_and_get_digits', 'record']);

export class EslPeer {
  readonly coreUuid = randomUUID();
  readonly originates: OriginateRequest[] = [];
  private inbound: net.Server | null = null;
  private readonly inboundSockets = new Set<net.Socket>();
  private readonly outboundSockets = new Set<net.Socket>();
  private onOriginate: (request: OriginateRequest) => OriginateAnswer = () => ({ answer: false, cause: 'NO_ANSWER' });
  /** Calls placed by originate, once their socket connected. */
  readonly originatedCalls: PeerCall[] = [];

  /** Places a call on our outbound socket server (`socket host:port async full`). */
  async call(target: { host: string; port: number }, script: CallScript = {}, uuid: string = randomUUID()): Promise<PeerCall> {
    const socket = net.connect(target.port, target.host);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    this.outboundSockets.add(socket);
    socket.once('close', () => this.outboundSockets.delete(socket));
    return new OutboundChannel(socket, uuid, this.coreUuid, script).call;
  }

  /** Listens as FreeSWITCH's mod_event_socket; returns the port. */
  async listenInbound(options: { password: string; port?: number; onOriginate?: (request: OriginateRequest) => OriginateAnswer }): Promise<number> {
    if (options.onOriginate) this.onOriginate = options.onOriginate;
    const server = net.createServer((socket) => this.acceptInbound(socket, options.password));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', () => resolve()));
    this.inbound = server;
    return (server.address() as net.AddressInfo).port;
  }

  set originateAnswer(decide: (request: OriginateRequest) => OriginateAnswer) {
    this.onOriginate = decide;
  }

  get inboundConnections(): number {
    return this.inboundSockets.size;
  }

  /** FreeSWITCH restarting: every inbound connection is cut and the port closed. */
  async stopInbound(): Promise<void> {
    for (const socket of this.inboundSockets) socket.destroy();
    if (this.inbound) await new Promise<void>((resolve) => this.inbound!.close(() => resolve()));
    this.inbound = null;
  }

  async close(): Promise<void> {
    await this.stopInbound();
    for (const socket of this.outboundSockets) socket.destroy();
  }

  private acceptInbound(socket: net.Socket, password: string): void {
    this.inboundSockets.add(socket);
    socket.once('close', () => this.inboundSockets.delete(socket));
    socket.on('error', () => undefined);
    const wire = new Wire(socket);
    let authed = false;
    wire.send({ 'Content-Type': 'auth/request' });
    readCommands(socket, async ({ line, headers }) => {
      if (!authed) {
        if (line === `auth ${password}`) {
          authed = true;
          return wire.reply('+OK accepted');
        }
        wire.reply('-ERR invalid');
        wire.disconnectNotice();
        return void socket.end();
      }
      if (line.startsWith('event ')) return wire.subscribe(line);
      if (line === 'exit') {
        wire.reply('+OK bye');
        wire.disconnectNotice();
        return void socket.end();
      }
      if (line.startsWith('api ')) return wire.send({ 'Content-Type': 'api/response' }, this.api(line.slice(4)));
      if (line.startsWith('bgapi ')) {
        const jobUuid = headers['Job-UUID'] ?? randomUUID();
        wire.send({ 'Content-Type': 'command/reply', 'Reply-Text': `+OK Job-UUID: ${jobUuid}`, 'Job-UUID': jobUuid });
        const command = line.slice(6);
        const result = command.startsWith('originate ') ? await this.originate(command.slice(10)) : this.api(command);
        const [name, ...args] = command.split(' ');
        return wire.event({ 'Event-Name': 'BACKGROUND_JOB', 'Core-UUID': this.coreUuid, 'Job-UUID': jobUuid, 'Job-Command': name, 'Job-Command-Arg': args.join(' ') }, result);
      }
      wire.reply('-ERR command not found');
    });
  }

  private api(command: string): string {
    if (command === 'status') return 'UP 0 years, 0 days\nFreeSWITCH (Version 1.10.12) is ready\n';
    return `-ERR ${command.split(' ')[0]} Command not found!\n`;
  }

  /** `{vars}dialstring '&socket(host:port async full)'`: asks the test, then connects the answered call. */
  private async originate(args: string): Promise<string> {
    const match = /^(\{([^}]*)\})?(\S+)\s+'?(&[^']+)'?$/.exec(args.trim());
    if (!match) return '-ERR INVALID_ARGS\n';
    const variables = Object.fromEntries((match[2] ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
    const request = { dialString: match[3], app: match[4], variables };
    this.originates.push(request);
    const decision = this.onOriginate(request);
    if (!decision.answer) return `-ERR ${decision.cause}\n`;
    const socketApp = /^&socket\(([^:]+):(\d+) async full\)$/.exec(request.app);
    if (!socketApp) return '-ERR DESTINATION_OUT_OF_ORDER\n';
    const uuid = randomUUID();
    const number = request.dialString.split('/').pop() ?? '';
    const call = await this.call(
      { host: socketApp[1], port: Number(socketApp[2]) },
      { ...decision.script, destination: number, callerNumber: variables.origination_caller_id_number, variables: { ...variables, ...decision.script.variables } },
      uuid,
    );
    this.originatedCalls.push(call);
    return `+OK ${uuid}\n`;
  }
}

/** FreeSWITCH's framing: headers, a blank line, and a body counted by Content-Length. */
class Wire {
  private format: 'plain' | 'json' | null = null;
  private readonly subscribed = new Set<string>();

  constructor(private readonly socket: net.Socket) {}

  send(headers: Headers, body?: string): void {
    if (this.socket.destroyed) return;
    let text = '';
    if (body !== undefined) text += `Content-Length: ${Buffer.byteLength(body)}\n`;
    for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\n`;
    this.socket.write(`${text}\n${body ?? ''}`);
  }

  reply(replyText: string): void {
    this.send({ 'Content-Type': 'command/reply', 'Reply-Text': replyText });
  }

  /** `event <format> <names…>`: sets the format for every later event and adds the names. */
  subscribe(line: string): void {
    const [, format, ...names] = line.split(' ');
    if (format !== 'plain' && format !== 'json') return this.reply('-ERR unsupported format');
    this.format = format;
    for (const name of names) this.subscribed.add(name);
    this.reply(`+OK event listener enabled ${format}`);
  }

  /** Outbound `myevents`: every event of the controlled channel. */
  subscribeAll(): void {
    this.subscribed.add('ALL');
    this.format ??= 'plain';
  }

  event(headers: Headers, body?: string): void {
    if (!this.format || !(this.subscribed.has('ALL') || this.subscribed.has(headers['Event-Name']))) return;
    if (this.format === 'json') {
      this.send({ 'Content-Type': 'text/event-json' }, JSON.stringify(body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)), _body: body }));
      return;
    }
    let text = Object.entries(headers)
      .map(([name, value]) => `${name}: ${encodeURIComponent(value)}\n`)
      .join('');
    text += body === undefined ? '\n' : `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`;
    this.send({ 'Content-Type': 'text/event-plain' }, text);
  }

  disconnectNotice(headers: Headers = {}): void {
    this.send({ 'Content-Type': 'text/disconnect-notice', ...headers }, 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n');
  }
}

/** Splits the client's byte stream into commands: a first line, header lines, a blank line. */
function readCommands(socket: net.Socket, handle: (command: { line: string; headers: Headers }) => Promise<void> | void): void {
  let buffer = '';
  let chain = Promise.resolve();
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const [line, ...headerLines] = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const headers: Headers = {};
      for (const headerLine of headerLines) {
        const colon = headerLine.indexOf(': ');
        if (colon > 0) headers[headerLine.slice(0, colon)] = headerLine.slice(colon + 2);
      }
      // One at a time, as FreeSWITCH's channel thread runs queued applications in order.
      chain = chain.then(() => handle({ line: line.trim(), headers })).catch(() => void socket.destroy());
    }
  });
}

/** One channel controlled by our socket server. */
class OutboundChannel {
  readonly call: PeerCall;
  private readonly wire: Wire;
  private readonly variables: Record<string, string>;
  private readonly keys: Array<string | null>;
  private readonly counts = new Map<string, number>();
  private hungUp = false;
  private lingering = false;
  private lastCompletionAt = 0;
  private lastKeyAt = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly uuid: string,
    private readonly coreUuid: string,
    private readonly script: CallScript,
  ) {
    this.wire = new Wire(socket);
    this.variables = { ...script.variables };
    this.keys = [...(script.keys ?? [])];
    const executed: ExecutedApp[] = [];
    this.call = {
      uuid,
      executed,
      keyToPromptMs: [],
      stepMs: [],
      hangupCause: null,
      closed: new Promise((resolve) => socket.once('close', () => resolve())),
      played: () =>
        executed.flatMap(({ app, arg }) => {
          const file = app === 'playback' ? arg : app === 'play_and_get_digits' ? arg.split(' ')[5] : null;
          return file ? file.replace(/^file_string:\/\//, '').split('!') : [];
        }),
    };
    socket.on('error', () => undefined);
    readCommands(socket, (command) => this.handle(command));
  }

  private channelHeaders(): Headers {
    const caller = this.script.callerNumber ?? '13800138000';
    const headers: Headers = {
      'Core-UUID': this.coreUuid,
      'Unique-ID': this.uuid,
      'Channel-Name': `sofia/internal/${caller}@127.0.0.1`,
      'Channel-State': this.hungUp ? 'CS_HANGUP' : 'CS_EXECUTE',
      'Answer-State': this.hungUp ? 'hangup' : 'answered',
      'Call-Direction': 'inbound',
      'Caller-Caller-ID-Name': caller,
      'Caller-Caller-ID-Number': caller,
      'Caller-Destination-Number': this.script.destination ?? '12319',
      'Caller-Unique-ID': this.uuid,
      'Caller-Context': 'public',
    };
    for (const [name, value] of Object.entries(this.variables)) headers[`variable_${name}`] = value;
    return headers;
  }

  private channelEvent(name: string, extra: Headers = {}, body?: string): void {
    this.wire.event({ 'Event-Name': name, 'Event-Date-Timestamp': String(Date.now() * 1000), ...this.channelHeaders(), ...extra }, body);
  }

  private async handle({ line, headers }: { line: string; headers: Headers }): Promise<void> {
    if (line === 'connect') {
      // FreeSWITCH answers `connect` with the channel data as the command reply itself.
      const data = { 'Event-Name': 'CHANNEL_DATA', ...this.channelHeaders() };
      const encoded = Object.fromEntries(Object.entries(data).map(([name, value]) => [name, encodeURIComponent(value)]));
      return this.wire.send({ ...encoded, 'Content-Type': 'command/reply', 'Reply-Text': '+OK', 'Socket-Mode': 'async', Control: 'full' });
    }
    if (line.startsWith('linger')) {
      this.lingering = true;
      return this.wire.reply('+OK will linger');
    }
    if (line === 'myevents') {
      this.wire.subscribeAll();
      return this.wire.reply('+OK Events Enabled');
    }
    if (line.startsWith('event ')) return this.wire.subscribe(line);
    if (line === 'exit') {
      this.wire.reply('+OK bye');
      this.wire.disconnectNotice({ 'Controlled-Session-UUID': this.uuid });
      return void this.socket.end();
    }
    if (line.startsWith('sendmsg') && headers['call-command'] === 'execute') {
      this.wire.reply('+OK');
      // Applications queued after the hangup never run, as on the real switch.
      if (!this.hungUp) await this.execute(headers['execute-app-name'], headers['execute-app-arg'] ?? '', headers['Event-UUID'] ?? randomUUID());
      return;
    }
    this.wire.reply('-ERR command not found');
  }

  private async execute(app: string, arg: string, applicationUuid: string): Promise<void> {
    const now = performance.now();
    if (this.lastCompletionAt) this.call.stepMs.push(now - this.lastCompletionAt);
    if (this.lastKeyAt && PROMPT_APPS.has(app)) {
      this.call.keyToPromptMs.push(now - this.lastKeyAt);
      this.lastKeyAt = 0;
    }
    this.call.executed.push({ app, arg });
    const occurrence = (this.counts.get(app) ?? 0) + 1;
    this.counts.set(app, occurrence);
    const at = (trigger?: { app: string; occurrence?: number }) => trigger?.app === app && (trigger.occurrence ?? 1) === occurrence;
    if (at(this.script.dropAt)) return void this.socket.destroy();
    const application = { Application: app, 'Application-Data': arg, 'Application-UUID': applicationUuid };
    this.channelEvent('CHANNEL_EXECUTE', application);

    let response = '+OK';
    if (at(this.script.hangupAt)) this.hangup('NORMAL_CLEARING');
    else response = await this.run(app, arg);

    this.channelEvent('CHANNEL_EXECUTE_COMPLETE', { ...application, 'Application-Response': response });
    this.lastCompletionAt = performance.now();
    if (this.hungUp && !this.lingering) this.endSocket();
  }

  /** The application's effect on the channel; returns its Application-Response. */
  private async run(app: string, arg: string): Promise<string> {
    switch (app) {
      case 'answer':
        this.channelEvent('CHANNEL_ANSWER');
        return '+OK';
      case 'set': {
        const [name, ...value] = arg.split('=');
        this.variables[name] = value.join('=');
        return '+OK';
      }
      case 'playback':
        return 'FILE PLAYED';
      case 'play_and_get_digits':
        return this.getDigits(arg);
      case 'record':
        return this.record(arg);
      case 'bridge':
      case 'callcenter':
        return this.bridge(app, arg);
      case 'hangup':
        this.hangup(arg || 'NORMAL_CLEARING');
        return '+OK';
      default:
        return `-ERR no such application ${app}`;
    }
  }

  /** `min max tries timeout terminators file invalid_file var regexp [digit_timeout]`. */
  private getDigits(arg: string): string {
    const [, , , , , , , variable, pattern] = arg.split(' ');
    const keys = this.keys.shift() ?? null;
    if (keys === null) return 'FILE PLAYED';
    this.lastKeyAt = performance.now();
    for (const key of keys) this.channelEvent('DTMF', { 'DTMF-Digit': key, 'DTMF-Duration': '2000' });
    if (new RegExp(pattern).test(keys)) this.variables[variable] = keys;
    else this.variables[`${variable}_invalid`] = keys;
    return 'FILE PLAYED';
  }

  /** Writes what the caller said as FreeSWITCH would: a WAV at the path asked for. */
  private async record(arg: string): Promise<string> {
    const [file] = arg.split(' ');
    const recording = this.script.recording ?? { ms: 3000, ending: 'silence' };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, buildWav(recording.ms));
    this.variables.record_ms = String(recording.ms);
    this.variables.record_samples = String(recording.ms * 8);
    if (recording.ending === 'hangup') {
      this.hangup('NORMAL_CLEARING');
      this.variables.record_completion_cause = 'success-maxtime';
    } else {
      this.variables.record_completion_cause = recording.ending === 'terminator' ? 'success-terminated' : 'success-silence';
      if (recording.ending === 'terminator') this.channelEvent('DTMF', { 'DTMF-Digit': '#', 'DTMF-Duration': '2000' });
    }
    return '+OK';
  }

  private bridge(app: string, arg: string): string {
    const agent = this.script.agent ?? { answers: false, cause: 'NO_ANSWER' };
    if (!agent.answers) {
      this.variables.originate_disposition = agent.cause;
      this.variables.bridge_hangup_cause = agent.cause;
      return agent.cause;
    }
    const otherLeg = randomUUID();
    this.channelEvent('CHANNEL_BRIDGE', {
      'Bridge-A-Unique-ID': this.uuid,
      'Bridge-B-Unique-ID': otherLeg,
      'Other-Leg-Unique-ID': otherLeg,
      'Other-Leg-Destination-Number': agent.agent,
      ...(app === 'callcenter' ? { variable_cc_agent: `${agent.agent}@default`, variable_cc_queue: arg } : {}),
    });
    this.channelEvent('CHANNEL_UNBRIDGE', { 'Other-Leg-Unique-ID': otherLeg });
    // hangup_after_bridge: the agent hung up, so does the caller's leg.
    if (this.variables.hangup_after_bridge === 'true') this.hangup('NORMAL_CLEARING');
    return '+OK';
  }

  private hangup(cause: string): void {
    if (this.hungUp) return;
    this.hungUp = true;
    this.call.hangupCause = cause;
    this.channelEvent('CHANNEL_HANGUP', { 'Hangup-Cause': cause });
  }

  private endSocket(): void {
    this.wire.disconnectNotice({ 'Controlled-Session-UUID': this.uuid });
    this.socket.end();
  }
}
