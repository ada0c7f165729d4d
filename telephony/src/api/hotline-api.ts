/**
 * The server's hotline contract (`/api/v1/hotline/telephony/...`), as typed calls. Every write
 * is idempotent on the server (call id, seq, attempt number), so callers may repeat any of them.
 */
export interface CallStart {
  callId: string;
  callerNumber: string;
  calledNumber: string;
  startedAt: string;
}

export type CallEventType = 'answered' | 'menu' | 'queued' | 'agent_answered' | 'message_left' | 'ended';

export interface CallEvent {
  seq: number;
  type: CallEventType;
  at: string;
  detail?: Record<string, unknown>;
}

export interface TicketUpload {
  durationMs: number;
  complete: boolean;
  /** The WAV FreeSWITCH wrote, absent when nothing was captured. */
  recording: Buffer | null;
}

/** Found only for the number that reported it; `stageText`/`resultText` are safe to speak. */
export type Progress = { found: false } | { found: true; kind: 'case' | 'ticket'; stage: string; stageText: string; resultText?: string };

export interface Callback {
  id: number;
  caseId: number;
  status: string;
  attempts: number;
  phoneNumber: string;
  resultText: string;
}

export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface CallbackAttempt {
  attemptNo: number;
  outcome: 'answered' | 'no_answer' | 'busy' | 'failed';
  rating?: Rating;
  callId?: string;
}

/** A refusal or failure from the server; `retryable` when repeating the request may succeed. */
export class HotlineApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export class HotlineApi {
  private readonly base: string;

  constructor(private readonly options: { base: string; token: string; timeoutMs: number }) {
    this.base = `${options.base}/hotline/telephony`;
  }

  async registerCall(call: CallStart): Promise<{ call: { id: number; callId: string }; caller: { known: boolean; maskedNumber: string } }> {
    return this.request('POST', '/calls', call);
  }

  async postEvent(callId: string, event: CallEvent): Promise<void> {
    await this.request('POST', `/calls/${encodeURIComponent(callId)}/events`, event);
  }

  async postTicket(callId: string, upload: TicketUpload): Promise<{ ticket: { id: number; number: string } }> {
    const form = new FormData();
    form.set('durationMs', String(Math.round(upload.durationMs)));
    form.set('complete', String(upload.complete));
    if (upload.recording) form.set('recording', new Blob([new Uint8Array(upload.recording)], { type: 'audio/wav' }), `${callId}.wav`);
    return this.request('POST', `/calls/${encodeURIComponent(callId)}/ticket`, form);
  }

  async progress(number: string, callerNumber: string): Promise<Progress> {
    const query = new URLSearchParams({ number, callerNumber });
    return this.request('GET', `/progress?${query}`);
  }

  async callback(callbackId: number): Promise<Callback> {
    const body = await this.request<{ callback: Callback }>('GET', `/callbacks/${callbackId}`);
    return body.callback;
  }

  async postAttempt(callbackId: number, attempt: CallbackAttempt): Promise<{ callback: { id: number; status: string } }> {
    return this.request('POST', `/callbacks/${callbackId}/attempts`, attempt);
  }

  private async request<T>(method: string, path: string, body?: object | FormData): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new HotlineApiError(0, 'network', (error as Error).message);
    }
    const text = await response.text();
    const parsed = text ? safeJson(text) : {};
    if (!response.ok) {
      const failure = (parsed as { error?: { code?: string; message?: string } }).error;
      throw new HotlineApiError(response.status, failure?.code ?? 'http_error', failure?.message ?? text.slice(0, 200));
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'invalid_json', message: text.slice(0, 200) } };
  }
}
