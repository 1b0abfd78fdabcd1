import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  connectionStringFromEnv,
  DEFAULT_GRPC_MAX_MESSAGE_SIZE,
  DEFAULT_PORT,
  describeEndpoint,
  parseConnectionString,
  redactConnectionString,
} from '../../src/client/connection-string.js';
import { clientType, validateUserAgent } from '../../src/client/user-agent.js';
import { InvalidConnectionStringError } from '../../src/errors/base.js';
import { CLIENT_VERSION, SPARK_PROTO_VERSION } from '../../src/version.js';

const UUID = '550e8400-e29b-41d4-a716-446655440000';

/** The error parseConnectionString throws for `url` (fails the test when it does not throw). */
function parseError(url: string): InvalidConnectionStringError {
  try {
    parseConnectionString(url);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidConnectionStringError);
    return e as InvalidConnectionStringError;
  }
  throw new Error(`expected '${url}' to be rejected`);
}

describe('parseConnectionString: valid strings', () => {
  it('applies the defaults', () => {
    expect(DEFAULT_PORT).toBe(15002);
    expect(DEFAULT_GRPC_MAX_MESSAGE_SIZE).toBe(134217728);
    for (const url of ['sc://localhost', 'sc://localhost/', 'sc://localhost/;']) {
      expect(parseConnectionString(url)).toEqual({
        host: 'localhost',
        port: 15002,
        useSsl: false,
        grpcMaxMessageSize: 134217728,
        headers: {},
      });
    }
  });

  it('reads host and port (the spec examples)', () => {
    expect(parseConnectionString('sc://myhost.com/')).toMatchObject({ host: 'myhost.com', port: 15002 });
    expect(parseConnectionString('sc://myhost.com:443/;use_ssl=true')).toMatchObject({
      host: 'myhost.com',
      port: 443,
      useSsl: true,
    });
    expect(parseConnectionString('sc://myhost.com:443/;use_ssl=true;token=ABCDEFG')).toMatchObject({
      port: 443,
      useSsl: true,
      token: 'ABCDEFG',
    });
    expect(parseConnectionString('sc://127.0.0.1:1')).toMatchObject({ host: '127.0.0.1', port: 1 });
    expect(parseConnectionString('sc://h:65535')).toMatchObject({ port: 65535 });
    expect(parseConnectionString('sc://spark.example.com.:15003/')).toMatchObject({
      host: 'spark.example.com.',
    });
    expect(parseConnectionString('SC://Host-1.example_x.com')).toMatchObject({
      host: 'Host-1.example_x.com',
    });
  });

  it('accepts IPv6 addresses in brackets', () => {
    const cfg = parseConnectionString('sc://[::1]:15003/');
    expect(cfg).toMatchObject({ host: '::1', port: 15003 });
    expect(describeEndpoint(cfg)).toBe('[::1]:15003');
    expect(parseConnectionString('sc://[2001:db8::7]')).toMatchObject({ host: '2001:db8::7', port: 15002 });
  });

  it('reads every known parameter', () => {
    const cfg = parseConnectionString(
      `sc://h/;user_id=Martin;user_agent=my_data_query_app;session_id=${UUID};grpc_max_message_size=1024;use_ssl=false`,
    );
    expect(cfg).toEqual({
      host: 'h',
      port: 15002,
      useSsl: false,
      userId: 'Martin',
      userAgent: 'my_data_query_app',
      sessionId: UUID,
      grpcMaxMessageSize: 1024,
      headers: {},
    });
  });

  it('accepts use_ssl in any letter case', () => {
    expect(parseConnectionString('sc://h/;use_ssl=TRUE').useSsl).toBe(true);
    expect(parseConnectionString('sc://h/;use_ssl=False').useSsl).toBe(false);
  });

  it('lets a token imply TLS, except on localhost without use_ssl (as PySpark does)', () => {
    expect(parseConnectionString('sc://h/;token=abc').useSsl).toBe(true);
    expect(parseConnectionString('sc://127.0.0.1/;token=abc').useSsl).toBe(true);
    expect(parseConnectionString('sc://localhost/;token=abc').useSsl).toBe(false);
    expect(parseConnectionString('sc://LocalHost:15002/;token=abc').useSsl).toBe(false);
    expect(parseConnectionString('sc://localhost/;token=abc;use_ssl=true').useSsl).toBe(true);
    // An explicit use_ssl=false is kept: the transport decides whether that is allowed.
    expect(parseConnectionString('sc://h/;token=abc;use_ssl=false').useSsl).toBe(false);
  });

  it('turns every other key into a header (names lowercased)', () => {
    const cfg = parseConnectionString('sc://h/;x-databricks-cluster-id=0123-abc;X-Trace_Id.v2=T1;user_id=u');
    expect(cfg.headers).toEqual({ 'x-databricks-cluster-id': '0123-abc', 'x-trace_id.v2': 'T1' });
    expect(cfg.userId).toBe('u');
  });

  it('percent-decodes values, and allows = inside values', () => {
    const cfg = parseConnectionString(
      'sc://h/;user_id=J%C3%BCrgen%20M;token=a%3Bb%3D;x-a=b==;user_agent=my%20app',
    );
    expect(cfg.userId).toBe('Jürgen M');
    expect(cfg.token).toBe('a;b=');
    expect(cfg.headers['x-a']).toBe('b==');
    expect(cfg.userAgent).toBe('my app');
  });

  it('keeps keys case sensitive: a known key in another case is an error, not a header', () => {
    expect(parseError('sc://h/;Use_SSL=true').message).toContain(
      "Invalid parameter 'Use_SSL': parameter keys are case sensitive; did you mean 'use_ssl'?",
    );
    expect(parseError('sc://h/;TOKEN=abcdef').message).toContain("did you mean 'token'?");
  });
});

describe('parseConnectionString: invalid strings name the offending part', () => {
  const cases: [string, string][] = [
    [
      'http://h:15002',
      "Unsupported scheme 'http': a Spark Connect connection string must start with 'sc://'",
    ],
    ['grpc://h', "Unsupported scheme 'grpc'"],
    ['localhost', "it must start with 'sc://'"],
    ['', "it must start with 'sc://'"],
    ['//h:15002', "it must start with 'sc://'"],
    ['sc:h:15002', "'sc:' must be followed by '//'"],
    ['sc://', 'the host is missing'],
    ['sc://:15002/', 'the host is missing'],
    ['sc://h:0', "Invalid port '0': expected an integer between 1 and 65535"],
    ['sc://h:65536', "Invalid port '65536'"],
    ['sc://h:123456', "Invalid port '123456'"],
    ['sc://h:-1', "Invalid port '-1'"],
    ['sc://h:abc/', "Invalid port 'abc'"],
    ['sc://h:', "Invalid port ''"],
    ['sc://h:1.5', "Invalid port '1.5'"],
    ['sc://h/path', "Invalid path '/path': the path must be empty"],
    ['sc://h/mypathprefix/;token=AAAAAAA', "Invalid path '/mypathprefix/'"],
    ['sc://h//;a=b', "Invalid path '//'"],
    ['sc://h;a=b', "parameters must follow '/' after the host and port"],
    ['sc://h/?a=b', "a query ('?') is not allowed"],
    ['sc://h/#top', "a fragment ('#') is not allowed"],
    ['sc://user@h', "user information ('...@') is not supported"],
    ['sc://ho st/', 'the character U+0020 at position 7 is not allowed in a URI'],
    ['sc://h/;user_id=a b', 'the character U+0020 at position 17'],
    ['sc://h/;user_id=a"b', `the character '"' at position 17`],
    ['sc://h/;user_id=\u00e9', "the character 'é' at position 16"],
    ['sc://ho!st/', "Invalid host 'ho!st'"],
    ['sc://a..b/', "Invalid host 'a..b'"],
    ['sc://999.1.1.1/', "Invalid host '999.1.1.1': not a valid IPv4 address"],
    ['sc://::1:15002/', "Invalid host '::1:15002': IPv6 addresses must be in brackets"],
    ['sc://[::1/', "Invalid host '[::1': missing ']'"],
    ['sc://[zz::q]/', "Invalid host '[zz::q]': not an IPv6 address"],
    ['sc://[::1]x/', "expected ':port' after ']'"],
    ['sc://[::1]:0/', "Invalid port '0'"],
    ['sc://h/;novalue', "Invalid parameter 'novalue': parameters must be key=value pairs"],
    ['sc://h/;a=1;', "Invalid parameter '': parameters must be key=value pairs"],
    ['sc://h/;a=1;;b=2', "Invalid parameter ''"],
    ['sc://h/;=v', "Invalid parameter '=...': the key is empty"],
    ['sc://h/;a=1;a=2', "Duplicate parameter 'a'"],
    ['sc://h/;use_ssl=true;use_ssl=true', "Duplicate parameter 'use_ssl'"],
    ['sc://h/;x-a=1;X-A=2', "Parameters 'x-a' and 'X-A' name the same header 'x-a'"],
    ['sc://h/;user_id=%zz', "Invalid parameter 'user_id': its value is not valid percent-encoding"],
    ['sc://h/;user_id=%C3', "Invalid parameter 'user_id': its value is not valid percent-encoding"],
    ['sc://h/;use_ssl=yes', "Invalid value 'yes' for 'use_ssl': expected 'true' or 'false'"],
    ['sc://h/;use_ssl=', "Invalid value '' for 'use_ssl'"],
    ['sc://h/;session_id=abc', "Invalid value 'abc' for 'session_id': expected a UUID"],
    [`sc://h/;session_id=${UUID.replaceAll('-', '')}`, "for 'session_id'"],
    [
      'sc://h/;grpc_max_message_size=0',
      "Invalid value '0' for 'grpc_max_message_size': expected a positive integer",
    ],
    ['sc://h/;grpc_max_message_size=-5', "Invalid value '-5' for 'grpc_max_message_size'"],
    ['sc://h/;grpc_max_message_size=1.5', "Invalid value '1.5' for 'grpc_max_message_size'"],
    ['sc://h/;grpc_max_message_size=1e6', "Invalid value '1e6' for 'grpc_max_message_size'"],
    ['sc://h/;grpc_max_message_size=4294967296', "Invalid value '4294967296' for 'grpc_max_message_size'"],
    ['sc://h/;token=', "Invalid parameter 'token': the token must not be empty"],
    ['sc://h/;token=%0A', "Invalid parameter 'token': the token must consist of printable ASCII characters"],
    ['sc://h/;user_agent=', "'user_agent' must not be empty"],
    ['sc://h/;user_agent=a%0Ab', "'user_agent' must not contain control characters"],
    [
      `sc://h/;user_agent=${'a'.repeat(2049)}`,
      "'user_agent' must not exceed 2048 characters after URL escaping, found 2049",
    ],
    [`sc://h/;user_agent=${'%20'.repeat(683)}`, 'found 2049'],
    ['sc://h/;grpc-timeout=1S', "Invalid parameter 'grpc-timeout': 'grpc-timeout' is a reserved header"],
    ['sc://h/;Content-Type=text', "'content-type' is a reserved header"],
    ['sc://h/;te=x', "'te' is a reserved header"],
    ['sc://h/;x:y=1', "Invalid parameter 'x:y': a custom header name may only contain"],
    [
      'sc://h/;x-a=%C3%BC',
      "Invalid parameter 'x-a': a header value must consist of printable ASCII characters",
    ],
    ['sc://h/;token=abc;authorization=Basic%20eHl6', "give either 'token' or an 'authorization' header"],
  ];

  it.each(cases)('%s', (url, fragment) => {
    expect(parseError(url).message).toContain(fragment);
  });

  it('accepts the longest user_agent (2048 after escaping)', () => {
    expect(parseConnectionString(`sc://h/;user_agent=${'a'.repeat(2048)}`).userAgent).toHaveLength(2048);
    expect(parseConnectionString(`sc://h/;user_agent=${'%20'.repeat(682)}ab`).userAgent).toHaveLength(684);
  });

  it('rejects non-strings', () => {
    expect(() => parseConnectionString(42 as unknown as string)).toThrow(InvalidConnectionStringError);
  });
});

describe('token values never appear in error messages', () => {
  const token = 'sekrit-TOKEN-value';
  const cases = [
    `sc://h/;token=${token};use_ssl=maybe`,
    `sc://h;token=${token}`,
    `sc://h:15002;token=${token}`,
    `sc://h/;token ${token}`,
    `sc://h/;token:${token}`,
    `sc://h/;Token=${token}`,
    `sc://h/;token=${token} x`,
    `sc://h/;token=${token}"`,
    `sc://h/;token=${token}%zz`,
    `sc://h/;token=${token};token=${token}`,
    `sc://h/path;token=${token}`,
    `sc://h:abc/;token=${token}`,
    `sc://ho st/;token=${token}`,
    `sc://h/?token=${token}`,
    `sc://h/#token=${token}`,
    `sc://[::1;token=${token}`,
    `sc://h/;token=${token};authorization=${token}`,
    `sc://h/;authorization=${token}%0A`,
    `sc://h/;token=${encodeURIComponent(token)}%0A`,
    `sc://h/;token=${token};x-a=%C3%BC`,
    `http://h/;token=${token}`,
  ];
  it.each(cases)('%s', (url) => {
    const e = parseError(url);
    expect(e.message).not.toContain(token);
    expect(e.message).not.toContain('sekrit');
  });
});

describe('describeEndpoint and redactConnectionString', () => {
  it('formats host:port', () => {
    expect(describeEndpoint(parseConnectionString('sc://h'))).toBe('h:15002');
    expect(describeEndpoint({ host: '2001:db8::1', port: 443 })).toBe('[2001:db8::1]:443');
  });

  it('replaces token values with ***', () => {
    expect(redactConnectionString('sc://h/;token=abc;x=1')).toBe('sc://h/;token=***;x=1');
    expect(redactConnectionString('sc://h/;use_ssl=true;token=abc')).toBe('sc://h/;use_ssl=true;token=***');
    expect(redactConnectionString('sc://h/;Token=abc;authorization=Basic%20x')).toBe(
      'sc://h/;Token=***;authorization=***',
    );
    expect(redactConnectionString('sc://u:pw@h/;token=a b')).toBe('sc://u:***@h/;token=***');
    expect(redactConnectionString('sc://h/;user_id=token')).toBe('sc://h/;user_id=token');
  });
});

describe('connectionStringFromEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads SPARK_REMOTE', () => {
    vi.stubEnv('SPARK_REMOTE', ' sc://env-host:1234/;use_ssl=true ');
    expect(connectionStringFromEnv()).toBe('sc://env-host:1234/;use_ssl=true');
    expect(parseConnectionString(connectionStringFromEnv()!)).toMatchObject({ host: 'env-host', port: 1234 });
  });

  it('is undefined when SPARK_REMOTE is unset or blank', () => {
    vi.stubEnv('SPARK_REMOTE', '  ');
    expect(connectionStringFromEnv()).toBeUndefined();
    vi.stubEnv('SPARK_REMOTE', undefined);
    expect(connectionStringFromEnv()).toBeUndefined();
  });
});

describe('versions', () => {
  it('CLIENT_VERSION equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(CLIENT_VERSION).toBe(pkg.version);
  });

  it('SPARK_PROTO_VERSION equals the version= line of src/gen/SPARK_RELEASE', () => {
    const release = readFileSync(new URL('../../src/gen/SPARK_RELEASE', import.meta.url), 'utf8');
    const line = release.split('\n').find((l) => l.startsWith('version='));
    expect(line).toBeDefined();
    expect(SPARK_PROTO_VERSION).toBe(line!.slice('version='.length).trim());
  });
});

describe('clientType', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const tail = `spark-connect-ts/${CLIENT_VERSION} spark/${SPARK_PROTO_VERSION} os/${process.platform} node/${process.versions.node}`;

  it('starts with spark-connect-ts/<version> without a user agent', () => {
    vi.stubEnv('SPARK_CONNECT_USER_AGENT', undefined);
    expect(clientType()).toBe(tail);
    expect(clientType(undefined)).toMatch(
      /^spark-connect-ts\/\d+\.\d+\.\d+ spark\/\d+\.\d+\.\d+ os\/\S+ node\/\d+/,
    );
  });

  it('puts the user agent first', () => {
    expect(clientType('my_data_query_app')).toBe(`my_data_query_app ${tail}`);
    expect(clientType(parseConnectionString('sc://h/;user_agent=etl%20job').userAgent)).toBe(
      `etl job ${tail}`,
    );
  });

  it('falls back to SPARK_CONNECT_USER_AGENT like PySpark', () => {
    vi.stubEnv('SPARK_CONNECT_USER_AGENT', 'from_env');
    expect(clientType()).toBe(`from_env ${tail}`);
    expect(clientType('explicit')).toBe(`explicit ${tail}`);
  });

  it('validates the user agent', () => {
    expect(() => clientType('a'.repeat(2049))).toThrow(InvalidConnectionStringError);
    expect(() => clientType('a'.repeat(2049))).toThrow(
      'must not exceed 2048 characters after URL escaping, found 2049',
    );
    expect(() => clientType('ü'.repeat(342))).toThrow('found 2052'); // 2 UTF-8 bytes, %XX each
    expect(() => clientType('ü'.repeat(341))).not.toThrow();
    expect(() => clientType('a\tb')).toThrow('must not contain control characters');
    expect(() => validateUserAgent('')).toThrow('must not be empty');
    expect(() => validateUserAgent('a/b.c-d_e~f')).not.toThrow();
  });
});
