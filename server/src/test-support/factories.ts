/**
 * Factories: each test builds the citizens, staff, photos and spots it needs, so no test depends
 * on another's data. They go through the API, except that staff accounts are written to the
 * database (with one shared password hash) before logging in through it.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { TestApp } from './test-app.js';
import { hashPassword } from '../auth/passwords.js';
import type { StaffRole } from '../db/schema.js';
import { DEMO_STAFF_PASSWORD } from '../users/demo-staff.js';
import { insertStaff } from '../users/staff-queries.js';

export interface TestCitizen {
  id: number;
  token: string;
  name: string;
}

/** Logs a new demo citizen in through `POST /api/v1/auth/wechat`. */
export async function buildCitizen(app: TestApp, name = `citizen-${randomUUID().slice(0, 8)}`): Promise<TestCitizen> {
  const response = await app.request('POST', '/api/v1/auth/wechat', { body: { code: `demo-${name}` } });
  if (response.status !== 200) throw new Error(`demo login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.citizen.id, token: response.body.token, name };
}

export interface TestStaff {
  id: number;
  username: string;
  token: string;
}

/** The password of every account `buildStaff` makes. */
export const TEST_STAFF_PASSWORD = 'Factory-pass-2025';

// One argon2 hash per test file: hashing per account would make every factory call slow.
let testStaffHash: Promise<string> | undefined;

/**
 * A fresh staff account with these roles (and unit, for the `department` role; SIP extension, for an agent), written straight
 * to the database, then logged in through `POST /api/v1/auth/staff`.
 */
export async function buildStaff(app: TestApp, options: { roles: StaffRole[]; departmentCode?: string; sipExtension?: string }): Promise<TestStaff> {
  testStaffHash ??= hashPassword(TEST_STAFF_PASSWORD);
  const username = `test-${randomUUID().slice(0, 8)}`;
  const id = await insertStaff(app.services.db, {
    username,
    name: `测试 ${options.roles.join('/')}`,
    passwordHash: await testStaffHash,
    roles: options.roles,
    departmentCode: options.departmentCode ?? null,
    sipExtension: options.sipExtension ?? null,
    createdAt: app.clock.now(),
  });
  if (id === undefined) throw new Error(`staff username ${username} already taken`);
  return { ...(await loginStaffAs(app, username, TEST_STAFF_PASSWORD)), id };
}

/** A SIP extension no other account holds (the demo agent has 1000). */
export async function nextSipExtension(app: TestApp): Promise<string> {
  const index = await app.services.redis.incr('test-support:next-sip-extension');
  return `8${String(index).padStart(6, '0')}`;
}

/** Logs in one of the demo accounts (`reviewer`, `dept-cg-huanwei`, ...) that prepareDatabase seeds. */
export function loginDemoStaff(app: TestApp, username: string): Promise<TestStaff> {
  return loginStaffAs(app, username, DEMO_STAFF_PASSWORD);
}

async function loginStaffAs(app: TestApp, username: string, password: string): Promise<TestStaff> {
  const response = await app.request('POST', '/api/v1/auth/staff', { body: { username, password } });
  if (response.status !== 200) throw new Error(`staff login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.staff.id, username, token: response.body.token };
}

/** A small real JPEG; different `seed`s give different bytes (and so different content hashes). */
export async function buildJpeg(options: { seed?: number; width?: number; height?: number } = {}): Promise<Buffer> {
  const seed = options.seed ?? Math.floor(Math.random() * 1e9);
  return sharp({
    create: {
      width: options.width ?? 64,
      height: options.height ?? 48,
      channels: 3,
      background: { r: seed % 256, g: (seed >> 8) % 256, b: (seed >> 16) % 256 },
    },
  })
    .jpeg()
    .toBuffer();
}

/** Uploads a photo the way `wx.uploadFile` does and returns its id. */
export async function uploadPhoto(app: TestApp, citizen: TestCitizen, image?: Buffer, filename = 'photo.jpg') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(image ?? (await buildJpeg()))]), filename);
  return app.request('POST', '/api/v1/photos', { token: citizen.token, rawBody: form });
}

export async function buildPhoto(app: TestApp, citizen: TestCitizen): Promise<string> {
  const response = await uploadPhoto(app, citizen);
  if (response.status !== 201) throw new Error(`photo upload failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.photo.id;
}

/**
 * A point in the demo service area no other test uses, across test files and workers: spots sit
 * 250 m apart (wider than twice any dedup radius in the taxonomy), numbered by a Redis counter.
 */
const SPOT_ROWS = 16;
const SPOT_COLS = 19;

export async function nextSpot(app: TestApp): Promise<{ lat: number; lng: number }> {
  const index = (await app.services.redis.incr('test-support:next-spot')) - 1;
  if (index >= SPOT_ROWS * SPOT_COLS) throw new Error('test spots exhausted: widen the spot grid');
  const row = Math.floor(index / SPOT_COLS);
  const col = index % SPOT_COLS;
  return { lat: 22.7015 + row * 0.00225, lng: 114.2215 + col * 0.00255 };
}
