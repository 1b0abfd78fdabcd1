/**
 * The network steps of `spark-connect check`: name resolution and TCP connect, then TLS (protocol,
 * chain trusted, host name, days until the certificate expires), measured with Node's own sockets.
 */
import { lookup } from 'node:dns/promises';
import { connect as netConnect } from 'node:net';
import { checkServerIdentity, type PeerCertificate, connect as tlsConnect } from 'node:tls';
import type { TlsOptions } from '../../index.js';
import type { StepResult } from './report.js';

function withTimeout<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('timed out'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves the host and opens (and closes) a TCP connection to the first address. */
export async function dnsTcpStep(host: string, port: number, signal: AbortSignal): Promise<StepResult> {
  const t0 = performance.now();
  let addresses: { address: string; family: number }[];
  try {
    addresses = await withTimeout(lookup(host, { all: true }), signal);
  } catch (e) {
    return {
      status: 'fail',
      detail: `cannot resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  const t1 = performance.now();
  const address = addresses[0].address;
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const socket = netConnect({ host: address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
        signal.addEventListener('abort', () => socket.destroy(), { once: true });
      }),
      signal,
    );
  } catch (e) {
    return {
      status: 'fail',
      detail: `${host} -> ${address}; cannot connect to port ${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  const t2 = performance.now();
  return {
    status: 'pass',
    detail: `${host} -> ${addresses.map((a) => a.address).join(', ')}; resolve ${(t1 - t0).toFixed(1)} ms, connect ${(t2 - t1).toFixed(1)} ms`,
    data: { addresses: addresses.map((a) => a.address), resolveMs: t1 - t0, connectMs: t2 - t1 },
  };
}

/** Days from now until the certificate's notAfter. */
function daysLeft(cert: PeerCertificate): number {
  return Math.floor((new Date(cert.valid_to).getTime() - Date.now()) / 86_400_000);
}

/**
 * Opens a TLS connection like the client does (ALPN h2, the same CA and server name), without
 * rejecting, to report each property separately.
 */
export async function tlsStep(
  host: string,
  port: number,
  tls: TlsOptions | undefined,
  minDays: number,
  signal: AbortSignal,
): Promise<StepResult> {
  const servername = tls?.servername ?? host;
  const isIp = /^[\d.]+$|:/.test(servername);
  let socket: ReturnType<typeof tlsConnect> | undefined;
  try {
    socket = await withTimeout(
      new Promise<ReturnType<typeof tlsConnect>>((resolve, reject) => {
        const s = tlsConnect({
          host,
          port,
          ALPNProtocols: ['h2'],
          rejectUnauthorized: false,
          ...(isIp ? {} : { servername }),
          ...(tls?.ca === undefined ? {} : { ca: tls.ca }),
          ...(tls?.cert === undefined ? {} : { cert: tls.cert }),
          ...(tls?.key === undefined ? {} : { key: tls.key }),
        });
        s.once('secureConnect', () => resolve(s));
        s.once('error', reject);
      }),
      signal,
    );
  } catch (e) {
    socket?.destroy();
    return {
      status: 'fail',
      detail: `TLS handshake failed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  try {
    const protocol = socket.getProtocol() ?? 'unknown';
    const cert = socket.getPeerCertificate(false);
    const trusted = socket.authorized;
    const chainError = trusted ? undefined : String(socket.authorizationError);
    const identity = checkServerIdentity(servername, cert);
    const days = daysLeft(cert);
    const alpn = socket.alpnProtocol;
    const problems: string[] = [];
    if (!trusted) problems.push(`chain not trusted (${chainError})`);
    if (identity !== undefined) problems.push(`host name mismatch (${identity.message})`);
    if (days < 0) problems.push(`certificate expired ${-days} days ago`);
    if (alpn !== 'h2') problems.push(`server did not negotiate HTTP/2 (ALPN ${String(alpn)})`);
    const warnings: string[] = [];
    if (days >= 0 && days < minDays) warnings.push(`certificate expires in ${days} days (< ${minDays})`);
    const parts = [
      protocol,
      trusted ? 'chain trusted' : 'chain NOT trusted',
      identity === undefined ? `host name ${servername} ok` : `host name ${servername} NOT in certificate`,
      `expires in ${days} days (${cert.valid_to})`,
    ];
    return {
      status: problems.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'pass',
      detail:
        [...problems, ...warnings].length > 0
          ? `${[...problems, ...warnings].join('; ')} [${parts.join(', ')}]`
          : parts.join(', '),
      data: {
        protocol,
        trusted,
        chainError,
        hostNameOk: identity === undefined,
        daysToExpiry: days,
        validTo: cert.valid_to,
        subject: cert.subject?.CN,
        issuer: cert.issuer?.CN,
        alpn: alpn || undefined,
      },
    };
  } finally {
    socket.destroy();
  }
}
