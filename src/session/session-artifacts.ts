/**
 * `spark.addArtifacts()` and `spark.copyFromLocalToFs()`: local files uploaded with the
 * AddArtifacts RPC under the names the server expects (`jars/`, `pyfiles/`, `archives/`,
 * `files/`, `forward_to_fs/`), as PySpark names them.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Artifact, addArtifacts } from '../client/artifacts.js';
import type { CallOptions, SessionRpc } from '../client/session-rpc.js';

/** `addArtifacts()` options: what kind of artifact the paths are (at most one), plus call options. */
export interface AddArtifactsOptions extends CallOptions {
  /** Python files (`.py`, `.zip`, `.egg`, `.jar`) for the server's Python workers. */
  pyfile?: boolean;
  /** Archives (`.zip`, `.jar`, `.tar.gz`, `.tgz`, `.tar`) the server unpacks; `path#name` names the directory. */
  archive?: boolean;
  /** Plain files, available to the server's tasks (SparkFiles). */
  file?: boolean;
}

const ARCHIVE_SUFFIXES = ['.zip', '.jar', '.tar.gz', '.tgz', '.tar'];
const PYFILE_SUFFIXES = ['.py', '.zip', '.egg', '.jar'];

/** A local path or a `file:` URI → [absolute local path, URI fragment]. */
function localPath(pathOrUri: string): [string, string] {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(pathOrUri) && !/^[a-zA-Z]:[\\/]/.test(pathOrUri)) {
    const url = new URL(pathOrUri);
    if (url.protocol !== 'file:') {
      throw new TypeError(
        `addArtifacts(): only local files can be added, not the '${url.protocol.slice(0, -1)}' scheme of ${pathOrUri}`,
      );
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    return [fileURLToPath(url), fragment];
  }
  const hash = pathOrUri.indexOf('#');
  if (hash < 0) return [resolve(pathOrUri), ''];
  return [resolve(pathOrUri.slice(0, hash)), pathOrUri.slice(hash + 1)];
}

/** The artifact name of one path, PySpark's rules. @internal */
export function artifactName(
  pathOrUri: string,
  kind: { pyfile: boolean; archive: boolean; file: boolean },
): {
  name: string;
  path: string;
} {
  const [path, fragment] = localPath(pathOrUri);
  const name = basename(path);
  const ends = (suffixes: string[]) => suffixes.some((s) => name.endsWith(s));
  if (fragment !== '' && !(kind.archive && ends(ARCHIVE_SUFFIXES))) {
    throw new TypeError(
      `addArtifacts(): '#${fragment}' names an archive's directory; it needs archive: true`,
    );
  }
  if (kind.pyfile && ends(PYFILE_SUFFIXES)) return { name: `pyfiles/${name}`, path };
  if (kind.archive && ends(ARCHIVE_SUFFIXES)) {
    return { name: `archives/${name}${fragment === '' ? '' : `#${fragment}`}`, path };
  }
  if (kind.file) return { name: `files/${name}`, path };
  if (name.endsWith('.jar')) return { name: `jars/${name}`, path };
  const hint = kind.pyfile
    ? `pyfile: true takes ${PYFILE_SUFFIXES.join(', ')}`
    : kind.archive
      ? `archive: true takes ${ARCHIVE_SUFFIXES.join(', ')}`
      : 'without an option only .jar files can be added; use file: true for other files';
  throw new TypeError(`addArtifacts(): unsupported file ${path}: ${hint}`);
}

async function readLocalFile(path: string, what: string): Promise<Uint8Array> {
  const s = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new TypeError(`${what}: cannot read ${path}: ${err.code ?? err.message}`, { cause: err });
  });
  if (!s.isFile()) throw new TypeError(`${what}: ${path} is not a file`);
  return readFile(path);
}

/** Uploads local files as session artifacts. @internal */
export async function addArtifactFiles(
  rpc: SessionRpc,
  paths: string | readonly string[],
  options: AddArtifactsOptions = {},
): Promise<void> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('addArtifacts() takes a path or a non-empty array of paths');
  }
  if (options === null || typeof options !== 'object')
    throw new TypeError('addArtifacts() options must be an object');
  const { pyfile = false, archive = false, file = false, ...call } = options;
  for (const [k, v] of Object.entries({ pyfile, archive, file })) {
    if (typeof v !== 'boolean') throw new TypeError(`addArtifacts() ${k} must be a boolean`);
  }
  if (Number(pyfile) + Number(archive) + Number(file) > 1) {
    throw new TypeError("addArtifacts(): 'pyfile', 'archive' and 'file' cannot be true together");
  }
  const artifacts: Artifact[] = [];
  for (const p of list) {
    if (typeof p !== 'string' || p.length === 0)
      throw new TypeError('addArtifacts() paths must be non-empty strings');
    const { name, path } = artifactName(p, { pyfile, archive, file });
    artifacts.push({ name, data: await readLocalFile(path, 'addArtifacts()') });
  }
  await addArtifacts(rpc, artifacts, call);
}

/** Uploads a local file to a path of the server's file system (`forward_to_fs/<dest>`). @internal */
export async function copyLocalFileToFs(
  rpc: SessionRpc,
  local: string,
  dest: string,
  opts?: CallOptions,
): Promise<void> {
  if (typeof local !== 'string' || local.length === 0) {
    throw new TypeError('copyFromLocalToFs() localPath must be a non-empty string');
  }
  if (typeof dest !== 'string' || dest.length === 0) {
    throw new TypeError('copyFromLocalToFs() destPath must be a non-empty string');
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(dest)) {
    throw new TypeError(
      `copyFromLocalToFs() destPath must not have a scheme: the server's default file system is used (got ${dest})`,
    );
  }
  if (!isAbsolute(dest) || !dest.startsWith('/')) {
    throw new TypeError(`copyFromLocalToFs() destPath must be an absolute path, got ${dest}`);
  }
  const data = await readLocalFile(resolve(local), 'copyFromLocalToFs()');
  await addArtifacts(rpc, [{ name: `forward_to_fs${dest}`, data }], opts);
}
