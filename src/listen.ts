/**
 * Listens where the configuration says, with a deep accept queue: in a reconnect storm (a deploy,
 * a network blip) Node's default backlog of 511 overflows, and each refused SYN costs its client a
 * TCP retry after 1 s, 3 s, 7 s. The kernel caps the backlog at `net.core.somaxconn`.
 */
import type { Server } from 'node:net';

export const LISTEN_BACKLOG = 4096;

export function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
