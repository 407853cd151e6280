/**
 * wait_for's `url` check through the host's connection. The host's SSH
 * server opens each TCP connection (direct-tcpip), so the URL's host is
 * resolved and reached from the host, as curl there would reach it, and no
 * program starts on the host for each probe. A server that does not
 * forward connections leaves the check to the remote curl/wget loop.
 */
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { isIP } from 'node:net';
import { ForwardingRefusedError, type HostSockets } from '../../connection/connection.js';

export interface UrlWait {
  url: string;
  statusCodes: number[];
  validateCerts: boolean;
  /** Wait until its status is one of statusCodes (true), or until it is no longer (false). */
  present: boolean;
  timeout: number;
  delay: number;
  sleep: number;
  connectTimeout: number;
}

export type UrlWaitResult = { ready: true } | { ready: false; lastCode: string };

/** Requests the URL once and returns the status, or '' without a response (refused, timed out, not HTTP). */
async function requestStatus(sockets: HostSockets, url: URL, check: UrlWait): Promise<string> {
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const timeoutMs = check.connectTimeout * 1000;
  let stream: Duplex;
  try {
    stream = await withTimeout(sockets.openTcp(url.hostname.replace(/^\[|\]$/g, ''), port), timeoutMs);
  } catch (error) {
    if (isNoAnswer(error)) return '';
    // A refusal to forward, or a connection that is gone (closed at the end
    // of a run or on an interrupt), so polling on would only wait out the timeout.
    throw error;
  }
  const socket = https
    ? tlsConnect({ socket: stream, rejectUnauthorized: check.validateCerts, ...(isIP(url.hostname) ? {} : { servername: url.hostname }) })
    : stream;
  return new Promise<string>((resolve) => {
    const call = request(
      { createConnection: () => socket as never, method: 'GET', path: `${url.pathname}${url.search}`, headers: { Host: url.host }, timeout: timeoutMs },
      (response) => {
        response.resume();
        resolve(String(response.statusCode ?? ''));
        socket.destroy();
      },
    );
    call.on('timeout', () => call.destroy());
    call.on('error', () => {
      socket.destroy();
      resolve('');
    });
    call.end();
  });
}

class NoConnectionInTime extends Error {}

/** Tells whether an error means that nothing listens on the port yet, which is what the wait polls for. */
function isNoAnswer(error: unknown): boolean {
  if (error instanceof ForwardingRefusedError) return false;
  if (error instanceof NoConnectionInTime) return true;
  // The SSH server could not connect (RFC 4254 reason 2), or a local connect failed.
  const { reason, code } = error as { reason?: unknown; code?: unknown };
  if (reason === 2) return true;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT'].includes(code);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new NoConnectionInTime(`no connection within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const sleepFor = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Polls the URL from the host until its status is (or, for present false,
 * is no longer) one of statusCodes, or the timeout passes. Returns
 * undefined when the host's SSH server does not forward connections.
 */
export async function waitForUrlThroughHost(sockets: HostSockets, check: UrlWait): Promise<UrlWaitResult | undefined> {
  const url = new URL(check.url);
  if (check.delay > 0) await sleepFor(check.delay);
  const started = Date.now();
  for (;;) {
    let code: string;
    try {
      code = await requestStatus(sockets, url, check);
    } catch (error) {
      if (error instanceof ForwardingRefusedError) return undefined;
      throw error;
    }
    const matches = check.statusCodes.includes(Number(code));
    if (matches === check.present) return { ready: true };
    if (Date.now() - started >= Math.ceil(check.timeout) * 1000) return { ready: false, lastCode: code };
    await sleepFor(check.sleep);
  }
}
