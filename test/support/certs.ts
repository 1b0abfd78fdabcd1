/**
 * Test certificates made with the `openssl` CLI in a temporary directory: a CA, a server
 * certificate for localhost / 127.0.0.1 / ::1, a server certificate for a wrong host name (same
 * CA), and a client certificate for mutual TLS. Keys are EC P-256 (fast to generate).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PEM certificate and its PEM private key. */
export interface CertPair {
  cert: string;
  key: string;
}

/** Everything generateTestCerts() makes. */
export interface TestCerts {
  /** The temporary directory holding the files. */
  dir: string;
  /** The test CA's certificate (PEM): trust it with `tls: { ca }`. */
  ca: string;
  /** Server certificate with SANs DNS:localhost, IP:127.0.0.1, IP:::1, signed by the CA. */
  server: CertPair;
  /** Server certificate for `wrong-host.example.com` only, signed by the CA. */
  wrongHost: CertPair;
  /** Client certificate (extendedKeyUsage clientAuth) for mutual TLS, signed by the CA. */
  client: CertPair;
  /** Removes the temporary directory. */
  cleanup(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir, timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${err.stderr ?? err.message}`);
  }
}

async function issue(
  dir: string,
  name: string,
  subject: string,
  extensions: string[],
  days = 2,
): Promise<CertPair> {
  await openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`]);
  await openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
  await writeFile(join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    String(days),
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
  return {
    cert: await readFile(join(dir, `${name}.crt`), 'utf8'),
    key: await readFile(join(dir, `${name}.key`), 'utf8'),
  };
}

/**
 * Generates a fresh CA and the server, wrong-host and client certificates it signs, valid for
 * `days` (default 2: a certificate about to expire).
 *
 * @example
 * const certs = await generateTestCerts();
 * try { ... } finally { await certs.cleanup(); }
 */
export async function generateTestCerts(options: { days?: number } = {}): Promise<TestCerts> {
  const days = options.days ?? 2;
  const dir = await mkdtemp(join(tmpdir(), 'spark-connect-ts-certs-'));
  try {
    await openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
    await writeFile(
      join(dir, 'ca.ext'),
      [
        '[req]',
        'distinguished_name = dn',
        '[dn]',
        '[v3_ca]',
        'basicConstraints = critical, CA:TRUE',
        'keyUsage = critical, keyCertSign, cRLSign',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
    );
    await openssl(dir, [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=spark-connect-ts test CA',
      '-days',
      String(days),
      '-sha256',
      '-config',
      'ca.ext',
      '-extensions',
      'v3_ca',
      '-out',
      'ca.crt',
    ]);
    const serverExt = (san: string) => [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      `subjectAltName = ${san}`,
    ];
    const server = await issue(
      dir,
      'server',
      '/CN=localhost',
      serverExt('DNS:localhost, IP:127.0.0.1, IP:::1'),
      days,
    );
    const wrongHost = await issue(
      dir,
      'wrong-host',
      '/CN=wrong-host.example.com',
      serverExt('DNS:wrong-host.example.com'),
    );
    const client = await issue(dir, 'client', '/CN=spark-connect-ts test client', [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = clientAuth',
    ]);
    return {
      dir,
      ca: await readFile(join(dir, 'ca.crt'), 'utf8'),
      server,
      wrongHost,
      client,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
