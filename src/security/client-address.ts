/**
 * The client's address for per-address limits on requests Express never sees (Socket.IO
 * handshakes), following TRUST_PROXY exactly as Express's `req.ip` does: a forged
 * X-Forwarded-For from a client is ignored unless the hop that passed it on is trusted.
 */
import type { IncomingMessage } from 'node:http';
import express from 'express';

/** Express's compiled `trust proxy`: is the address `hops` steps from this server trusted? */
type TrustFunction = (address: string, hops: number) => boolean;

export type AddressResolver = (req: IncomingMessage) => string;

export function createAddressResolver(trustProxy: boolean | number | string): AddressResolver {
  // Express compiles the setting (boolean, hop count, addresses and subnets) into this function;
  // its value is always a function once `trust proxy` is set.
  const trust = express().set('trust proxy', trustProxy).get('trust proxy fn') as TrustFunction;
  return (req) => {
    const header = req.headers['x-forwarded-for'] ?? '';
    const forwarded = [header]
      .flat()
      .join(',')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .reverse();
    // Nearest first: the peer, then each address the proxies in front of it reported.
    const chain = [req.socket.remoteAddress ?? 'unknown', ...forwarded];
    for (let hops = 0; hops < chain.length - 1; hops++) {
      const address = chain[hops];
      if (address !== undefined && !trust(address, hops)) return address;
    }
    return chain[chain.length - 1] ?? 'unknown';
  };
}
