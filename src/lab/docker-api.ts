/**
 * The few Docker Engine API calls the lab makes, over the engine's unix
 * socket. Paths carry no API version, so the engine uses its own.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { LabError } from './lab-error.js';

export interface DockerResponse {
  status: number;
  body: string;
}

interface RequestOptions {
  /** A file to send as the request body (an image tarball). */
  bodyFile?: string;
  contentType?: string;
  timeoutMs?: number;
}

export function dockerRequest(
  socketPath: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<DockerResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const headers = options.contentType ? { 'Content-Type': options.contentType } : undefined;
    const request = http.request(
      { socketPath, method, path, headers, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)),
    );
    request.on('error', reject);
    if (!options.bodyFile) return request.end();
    const body = createReadStream(options.bodyFile);
    body.on('error', (error) => request.destroy(error));
    body.pipe(request);
  });
}

/** Sends a request and raises a LabError unless the status is 2xx. */
async function dockerCall(
  socketPath: string,
  action: string,
  method: string,
  path: string,
  options?: RequestOptions,
): Promise<string> {
  let response: DockerResponse;
  try {
    response = await dockerRequest(socketPath, method, path, options);
  } catch (error) {
    throw new LabError(
      `${action}: ${method} ${path} on ${socketPath} failed: ${(error as Error).message}`,
    );
  }
  if (response.status < 200 || response.status > 299) {
    throw new LabError(
      `${action}: ${method} ${path} returned ${response.status}: ${response.body.trim()}`,
    );
  }
  return response.body;
}

/** Checks whether the engine responds to /_ping with 200 (it then serves the API). */
export async function pingDocker(socketPath: string): Promise<boolean> {
  try {
    const response = await dockerRequest(socketPath, 'GET', '/_ping', { timeoutMs: 2_000 });
    return response.status === 200;
  } catch {
    return false;
  }
}

export async function dockerInfo(
  socketPath: string,
  action: string,
): Promise<Record<string, unknown>> {
  return JSON.parse(await dockerCall(socketPath, action, 'GET', '/info')) as Record<
    string,
    unknown
  >;
}

export async function listContainerIds(socketPath: string, action: string): Promise<string[]> {
  const containers = JSON.parse(
    await dockerCall(socketPath, action, 'GET', '/containers/json?all=1'),
  ) as { Id: string }[];
  return containers.map((c) => c.Id);
}

/** Removes a container, running or not, with its anonymous volumes. */
export async function removeContainer(
  socketPath: string,
  action: string,
  id: string,
): Promise<void> {
  await dockerCall(socketPath, action, 'DELETE', `/containers/${id}?force=1&v=1`, {
    timeoutMs: 30_000,
  });
}

/** Removes the networks no container uses (every user-defined one, once containers are gone). */
export async function pruneNetworks(socketPath: string, action: string): Promise<void> {
  await dockerCall(socketPath, action, 'POST', '/networks/prune');
}

export interface ImageImport {
  repository: string;
  tag: string;
  tarball: string;
  /** Dockerfile instructions applied on import, e.g. `EXPOSE 5000`. */
  changes: string[];
}

/**
 * Imports a root file system tarball as an image (`docker import`). The
 * engine reports a failure inside a 200 response, as a JSON line with an
 * `error` field, so the body is read for it.
 */
export async function importImage(
  socketPath: string,
  action: string,
  image: ImageImport,
): Promise<void> {
  const query = new URLSearchParams({ fromSrc: '-', repo: image.repository, tag: image.tag });
  for (const change of image.changes) query.append('changes', change);
  const options = { bodyFile: image.tarball, contentType: 'application/x-tar', timeoutMs: 120_000 };
  const body = await dockerCall(socketPath, action, 'POST', `/images/create?${query}`, options);

  for (const line of body.split('\n')) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as { error?: string };
    if (message.error) {
      throw new LabError(
        `${action}: importing ${image.repository}:${image.tag} failed: ${message.error}`,
      );
    }
  }
}
