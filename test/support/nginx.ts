/**
 * A real TLS-terminating gRPC ingress for tests: nginx (Debian's package, unpacked into the cache
 * by `scripts/provision-nginx`) with `grpc_pass` to a plaintext Spark Connect server, a certificate made by the
 * test, and optionally client-certificate verification (mutual TLS).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertPair } from './certs.js';

/** Options of an NginxTlsProxy. */
export interface NginxTlsOptions {
  /** The plaintext gRPC server to forward to. */
  target: { host: string; port: number };
  /** The server certificate nginx presents. */
  server: CertPair;
  /** When given, nginx requires a client certificate signed by this CA (PEM). */
  clientCa?: string;
}

let provisioned: string | undefined;

/**
 * The nginx binary: `SPARK_CONNECT_TS_NGINX` when set, else the one `scripts/provision-nginx`
 * unpacks from Debian's package into the cache (done once; later calls reuse it).
 */
export function nginxBinary(): string {
  const fromEnv = process.env.SPARK_CONNECT_TS_NGINX;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (provisioned !== undefined) return provisioned;
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'provision-nginx');
  try {
    const out = execFileSync(script, [], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
    const lines = out.trim().split('\n');
    provisioned = lines[lines.length - 1];
    return provisioned;
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? '';
    throw new Error(`scripts/provision-nginx could not provide nginx for the TLS ingress tests:\n${stderr}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * nginx terminating TLS (HTTP/2, ALPN h2) on 127.0.0.1 and proxying gRPC to a plaintext server.
 *
 * @example
 * const nginx = new NginxTlsProxy({ target: { host: '127.0.0.1', port: 15002 }, server: certs.server });
 * const port = await nginx.start();
 * // ... sc://localhost:<port>/;use_ssl=true with tls: { ca: certs.ca }
 * await nginx.close();
 */
export class NginxTlsProxy {
  private dir: string | undefined;
  private child: ChildProcess | undefined;
  private listenPort = 0;
  private output = '';

  constructor(private readonly options: NginxTlsOptions) {}

  /** The listening port (after start()). */
  get port(): number {
    return this.listenPort;
  }

  /** Writes the configuration, starts nginx in the foreground and waits until it listens. */
  async start(): Promise<number> {
    const binary = nginxBinary();
    const dir = await mkdtemp(join(tmpdir(), 'spark-connect-ts-nginx-'));
    this.dir = dir;
    // nginx workers may run as an unprivileged user: everything they read must be readable.
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'tmp'), { mode: 0o777 });
    await chmod(join(dir, 'tmp'), 0o777);
    await writeFile(join(dir, 'server.crt'), this.options.server.cert, { mode: 0o644 });
    await writeFile(join(dir, 'server.key'), this.options.server.key, { mode: 0o644 });
    if (this.options.clientCa !== undefined) {
      await writeFile(join(dir, 'client-ca.crt'), this.options.clientCa, { mode: 0o644 });
    }
    const port = await freePort();
    this.listenPort = port;
    const { host, port: targetPort } = this.options.target;
    const tmp = join(dir, 'tmp');
    const conf = `
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${join(dir, 'server.crt')};
    ssl_certificate_key ${join(dir, 'server.key')};
    ssl_protocols TLSv1.2 TLSv1.3;
${this.options.clientCa === undefined ? '' : `    ssl_client_certificate ${join(dir, 'client-ca.crt')};\n    ssl_verify_client on;\n`}
    client_max_body_size 0;
    location / {
      grpc_pass grpc://${host}:${targetPort};
      grpc_read_timeout 600s;
      grpc_send_timeout 600s;
    }
  }
}
`;
    await writeFile(join(dir, 'nginx.conf'), conf, { mode: 0o644 });
    const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    const deadline = Date.now() + 20_000;
    while (!(await portOpen(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
        await this.close();
        throw new Error(`nginx did not start on port ${port}:\n${this.output}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return port;
  }

  /** Stops nginx and removes its files. */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dir !== undefined) {
      await rm(this.dir, { recursive: true, force: true });
      this.dir = undefined;
    }
  }
}
