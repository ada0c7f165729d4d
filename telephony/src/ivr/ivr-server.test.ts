/**
 * Where the outbound-socket server listens when its port is already taken: a production
 * configuration fails loudly (FreeSWITCH's dialplan names that port), `npm start`'s demo moves
 * to a free port so a second instance beside the first still starts.
 */
import net from 'node:net';
import pino from 'pino';
import { freePort } from '../../../scripts/lib/host.js';
import { IvrServer } from './ivr-server.js';

const logger = pino({ level: 'silent' });
const noCalls = async () => undefined;
let taken: net.Server;
let takenPort: number;

beforeEach(async () => {
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  takenPort = (taken.address() as net.AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => taken.close(resolve));
});

test('a taken port stops the service when no other port will do', async () => {
  await expect(IvrServer.listen({ host: '127.0.0.1', port: takenPort }, noCalls, logger)).rejects.toMatchObject({ code: 'EADDRINUSE' });
});

test('a taken port moves the demo to a free one, which accepts connections', async () => {
  const ivr = await IvrServer.listen({ host: '127.0.0.1', port: takenPort, orAnyFreePort: true }, noCalls, logger);
  try {
    const [host, port] = ivr.address.split(':');
    expect(host).toBe('127.0.0.1');
    expect(Number(port)).not.toBe(takenPort);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect(Number(port), host, () => resolve(true)).once('error', () => resolve(false));
      socket.once('connect', () => socket.destroy());
    });
    expect(connected).toBe(true);
  } finally {
    await ivr.close();
  }
});

test('a free port is used as configured', async () => {
  const free = await freePort();
  const ivr = await IvrServer.listen({ host: '127.0.0.1', port: free, orAnyFreePort: true }, noCalls, logger);
  await ivr.close();
  expect(ivr.address).toBe(`127.0.0.1:${free}`);
});
