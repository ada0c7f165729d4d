/**
 * A database of its own for tests whose subject is global to a database: a settlement batch
 * takes every citizen's balance for its month, so tests sharing a database would settle each
 * other's rewards. Created in the PostgreSQL `npm test` started, prepared like it, dropped after.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../db/database.js';
import { prepareDatabase } from '../db/prepare.js';

export interface IsolatedDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client(process.env.DATABASE_URL);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createIsolatedDatabase(label: string): Promise<IsolatedDatabase> {
  const name = `szcg_${label}_${randomUUID().slice(0, 8)}`;
  await onServer(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { poolSize: 2 });
  await prepareDatabase(db, { demoCity: true });
  await db.destroy();
  return { url: url.toString(), drop: () => onServer(`drop database if exists ${name} with (force)`) };
}

/** Points in the demo city 250 m apart, for a database no other test file reports into. */
export function spotSequence(): () => { lat: number; lng: number } {
  let index = 0;
  return () => {
    const row = Math.floor(index / 19);
    const col = index % 19;
    index += 1;
    if (row >= 16) throw new Error('spots of this database exhausted');
    return { lat: 22.7015 + row * 0.00225, lng: 114.2215 + col * 0.00255 };
  };
}
