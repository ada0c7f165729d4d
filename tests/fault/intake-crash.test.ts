/**
 * Fault injection: the API process is killed (SIGKILL) while reports are in flight, restarted,
 * and the mini program retries with the same Idempotency-Keys. Whatever instant the kill hits,
 * each key ends as exactly one report, and no report exists without its photos.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../scripts/lib/host.js';
import { buildJpeg } from '../../server/src/test-support/factories.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ApiProcess {
  url: string;
  child: ChildProcess;
}

async function startApi(port: number): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), SERVICES: 'api', DEMO_MODE: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    const healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (healthy) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('API did not become healthy');
}

function kill(api: ApiProcess): Promise<void> {
  return new Promise((resolve) => {
    api.child.once('exit', () => resolve());
    api.child.kill('SIGKILL');
  });
}

async function post(url: string, pathname: string, token: string, init: { body: BodyInit; headers?: Record<string, string> }) {
  const response = await fetch(url + pathname, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  });
  return { status: response.status, body: await response.json() };
}

it('loses nothing and doubles nothing when the API is killed mid-request', async () => {
  const port = await freePort();
  let api = await startApi(port);
  const login = await fetch(`${api.url}/api/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `demo-crash-${randomUUID().slice(0, 8)}` }),
  }).then((r) => r.json());
  const token: string = login.token;

  const submissions: Array<{ key: string; body: string }> = [];
  for (let i = 0; i < 6; i++) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await buildJpeg({ seed: 7000 + i }))]), 'p.jpg');
    const photo = await post(api.url, '/api/v1/photos', token, { body: form });
    submissions.push({
      key: randomUUID(),
      body: JSON.stringify({ categoryCode: 'E0103', lat: 22.7391, lng: 114.2205 + i * 0.0045, description: `崩溃测试 ${i}`, photoIds: [photo.body.photo.id] }),
    });
  }

  const send = (url: string, submission: (typeof submissions)[number]) =>
    post(url, '/api/v1/reports', token, {
      body: submission.body,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': submission.key },
    });

  // Kill the server at staggered instants while every submission is in flight.
  for (const delayMs of [0, 3, 15, 40]) {
    const inFlight = submissions.map((submission) => send(api.url, submission).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await kill(api);
    await Promise.all(inFlight);
    api = await startApi(port);
  }

  const retries = await Promise.all(submissions.map((submission) => send(api.url, submission)));
  await kill(api);
  expect(retries.map((r) => r.status)).toEqual(Array(submissions.length).fill(201));

  const db = new pg.Client(process.env.DATABASE_URL);
  await db.connect();
  try {
    const keys = submissions.map((s) => s.key);
    const reports = await db.query('select id, idempotency_key from reports where idempotency_key = any($1)', [keys]);
    expect(reports.rows).toHaveLength(submissions.length);
    const photos = await db.query('select count(*)::int as n from photos where report_id = any($1)', [reports.rows.map((r) => r.id)]);
    expect(photos.rows[0].n).toBe(submissions.length);
    const ids = new Set(retries.map((r) => r.body.report.id));
    expect(ids.size).toBe(submissions.length);
  } finally {
    await db.end();
  }
}, 120_000);
