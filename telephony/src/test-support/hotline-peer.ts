/**
 * A local stand-in for the server's telephony endpoints (/api/v1/hotline/telephony/...), kept to
 * the contract: bearer token, idempotent writes on the keys it names, 404 for an unknown call,
 * multipart tickets. Tests register cases and callbacks and read what the service posted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Busboy from 'busboy';
import type { CallEvent, CallStart, CallbackAttempt, Progress } from '../api/hotline-api.js';

export interface PeerTicket {
  id: number;
  number: string;
  callId: string;
  durationMs: number;
  complete: boolean;
  recording: Buffer | null;
  posts: number;
}

export interface PeerCallback {
  id: number;
  caseId: number;
  status: 'scheduled' | 'done' | 'unreachable';
  attempts: CallbackAttempt[];
  phoneNumber: string;
  resultText: string;
}

export interface HotlinePeer {
  /** The API base the service is configured with (…/api/v1). */
  base: string;
  token: string;
  calls: Map<string, CallStart>;
  events: Map<string, CallEvent[]>;
  tickets: Map<string, PeerTicket>;
  callbacks: Map<number, PeerCallback>;
  progressQueries: Array<{ number: string; callerNumber: string }>;
  /** The next `count` requests fail with 503, as a server restarting would. */
  failNext(count: number): void;
  /** A case (or ticket) number the given caller reported. */
  addCase(entry: { number: string; callerNumber: string } & Omit<FoundProgress, 'found'>): void;
  addCallback(entry: Omit<PeerCallback, 'status' | 'attempts'>): PeerCallback;
  close(): Promise<void>;
}

type FoundProgress = Extract<Progress, { found: true }>;

const MAX_ATTEMPTS = 3;

export async function startHotlinePeer(): Promise<HotlinePeer> {
  const token = 'telephony-peer-token-0123456789abcdefghij';
  const calls = new Map<string, CallStart>();
  const events = new Map<string, CallEvent[]>();
  const tickets = new Map<string, PeerTicket>();
  const callbacks = new Map<number, PeerCallback>();
  const cases = new Map<string, { callerNumber: string } & Omit<FoundProgress, 'found'>>();
  const progressQueries: HotlinePeer['progressQueries'] = [];
  let failures = 0;
  let ticketSequence = 0;

  const server = http.createServer(async (req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: number, code: string) => reply(status, { error: { code, message: code } });
    if (failures > 0) {
      failures--;
      return refuse(503, 'server.unavailable');
    }
    if (req.headers.authorization !== `Bearer ${token}`) return refuse(401, 'auth.service_token_invalid');
    const url = new URL(req.url ?? '/', 'http://peer');
    const route = url.pathname.replace(/^\/api\/v1\/hotline\/telephony/, '');
    const callMatch = /^\/calls\/([^/]+)\/(events|ticket)$/.exec(route);
    const callbackMatch = /^\/callbacks\/(\d+)(\/attempts)?$/.exec(route);

    if (req.method === 'POST' && route === '/calls') {
      const body = (await readJson(req)) as CallStart;
      const known = calls.has(body.callId);
      if (!known) calls.set(body.callId, body);
      return reply(known ? 200 : 201, {
        call: { id: [...calls.keys()].indexOf(body.callId) + 1, callId: body.callId },
        caller: { citizenId: null, known: false, maskedNumber: body.callerNumber.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2') },
      });
    }
    if (req.method === 'POST' && callMatch) {
      const callId = decodeURIComponent(callMatch[1]);
      if (!calls.has(callId)) return refuse(404, 'hotline.call_not_found');
      if (callMatch[2] === 'events') {
        const event = (await readJson(req)) as CallEvent;
        const list = events.get(callId) ?? [];
        if (!list.some((existing) => existing.seq === event.seq)) list.push(event);
        events.set(callId, list.sort((a, b) => a.seq - b.seq));
        return reply(200, { ok: true });
      }
      const form = await readTicketForm(req);
      const existing = tickets.get(callId);
      if (existing) {
        existing.posts++;
        return reply(200, { ticket: { id: existing.id, number: existing.number } });
      }
      ticketSequence++;
      const ticket: PeerTicket = { id: ticketSequence, number: `251123${String(ticketSequence).padStart(4, '0')}`, callId, posts: 1, ...form };
      tickets.set(callId, ticket);
      return reply(201, { ticket: { id: ticket.id, number: ticket.number } });
    }
    if (req.method === 'GET' && route === '/progress') {
      const number = url.searchParams.get('number') ?? '';
      const callerNumber = url.searchParams.get('callerNumber') ?? '';
      progressQueries.push({ number, callerNumber });
      const entry = cases.get(number);
      if (!entry || entry.callerNumber !== callerNumber) return reply(200, { found: false });
      const { callerNumber: _caller, ...progress } = entry;
      return reply(200, { found: true, ...progress });
    }
    if (callbackMatch) {
      const callback = callbacks.get(Number(callbackMatch[1]));
      if (!callback) return refuse(404, 'hotline.callback_not_found');
      if (req.method === 'GET' && !callbackMatch[2]) return reply(200, { callback: { ...callback, attempts: callback.attempts.length } });
      if (req.method === 'POST' && callbackMatch[2]) {
        const attempt = (await readJson(req)) as CallbackAttempt;
        if (!callback.attempts.some((existing) => existing.attemptNo === attempt.attemptNo)) {
          if (callback.status !== 'scheduled') return refuse(409, 'hotline.callback_finished');
          callback.attempts.push(attempt);
          if (attempt.rating) callback.status = 'done';
          else if (callback.attempts.length >= MAX_ATTEMPTS) callback.status = 'unreachable';
        }
        return reply(200, { callback: { id: callback.id, status: callback.status } });
      }
    }
    refuse(404, 'http.not_found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/api/v1`,
    token,
    calls,
    events,
    tickets,
    callbacks,
    progressQueries,
    failNext: (count) => (failures = count),
    addCase: (entry) => cases.set(entry.number, entry),
    addCallback(entry) {
      const callback: PeerCallback = { ...entry, status: 'scheduled', attempts: [] };
      callbacks.set(entry.id, callback);
      return callback;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function readTicketForm(req: http.IncomingMessage): Promise<Pick<PeerTicket, 'durationMs' | 'complete' | 'recording'>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let recording: Buffer | null = null;
    const form = Busboy({ headers: req.headers });
    form.on('field', (name, value) => (fields[name] = value));
    form.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => (recording = Buffer.concat(chunks)));
    });
    form.on('close', () => resolve({ durationMs: Number(fields.durationMs), complete: fields.complete !== 'false', recording }));
    form.on('error', reject);
    req.pipe(form);
  });
}
