import pino from 'pino';
import { EslPeer } from '../test-support/esl-peer.js';
import { FreeswitchControl } from './freeswitch-control.js';

const logger = pino({ level: 'silent' });
const retry = { initialMs: 5, maxMs: 40 };

describe('the connection into FreeSWITCH', () => {
  let peer: EslPeer;
  let control: FreeswitchControl | null = null;

  beforeEach(() => {
    peer = new EslPeer();
  });
  afterEach(async () => {
    control?.stop();
    await peer.close();
  });

  it('authenticates and originates, reporting the answer or the hangup cause', async () => {
    const port = await peer.listenInbound({ password: 'ClueCon', onOriginate: () => ({ answer: false, cause: 'USER_BUSY' }) });
    control = new FreeswitchControl({ host: '127.0.0.1', port, password: 'ClueCon' }, retry, logger);
    control.start();
    await control.ready();

    await expect(control.originate('{originate_timeout=30}user/1000', '&park()')).resolves.toEqual({ answered: false, cause: 'USER_BUSY' });
    expect(peer.originates).toEqual([{ dialString: 'user/1000', app: '&park()', variables: { originate_timeout: '30' } }]);
  });

  it('waits for FreeSWITCH to come up and reconnects after it drops the connection', async () => {
    const port = await peer.listenInbound({ password: 'ClueCon' });
    await peer.stopInbound();
    control = new FreeswitchControl({ host: '127.0.0.1', port, password: 'ClueCon' }, retry, logger);
    control.start();
    await expect(control.originate('user/1000', '&park()')).rejects.toThrow(/not connected/);

    await peer.listenInbound({ password: 'ClueCon', port });
    await control.ready();
    expect(control.connected).toBe(true);

    await peer.stopInbound();
    await waitFor(() => !control!.connected);
    await peer.listenInbound({ password: 'ClueCon', port, onOriginate: () => ({ answer: false, cause: 'NO_ANSWER' }) });
    await control.ready();
    await expect(control.originate('user/1000', '&park()')).resolves.toEqual({ answered: false, cause: 'NO_ANSWER' });
    expect(peer.inboundConnections).toBe(1);
  });

  it('keeps retrying when the password is refused, and connects once it is right', async () => {
    const port = await peer.listenInbound({ password: 'not-ClueCon' });
    control = new FreeswitchControl({ host: '127.0.0.1', port, password: 'ClueCon' }, retry, logger);
    control.start();
    await waitFor(() => peer.inboundConnections === 0);
    expect(control.connected).toBe(false);

    await peer.stopInbound();
    await peer.listenInbound({ password: 'ClueCon', port });
    await control.ready();
    expect(control.connected).toBe(true);
  });
});

/** Polls a condition driven by socket events (not by time passing). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
