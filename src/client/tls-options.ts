/**
 * The TLS options of a client. Kept apart from the transport so that the published types of the
 * public API do not load the transport library's declarations.
 */

/** TLS options, with Node's names and meanings (`tls.connect`). Giving them turns TLS on. */
export interface TlsOptions {
  /** Trusted CA certificates (PEM). Like Node, this replaces the default (Mozilla) CA list. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate chain (PEM) for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM) for mutual TLS. */
  key?: string | Buffer;
  /** Server name for SNI and certificate verification (default: the host, unless it is an IP). */
  servername?: string;
  /** Set to false to skip server certificate verification (insecure; default true). */
  rejectUnauthorized?: boolean;
}
