import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { corruptBody, type FaultRule, type Faults } from './faults';
import { rpcErrorResponse } from './rpc/errors';
import type { ServerState } from './state';
import type { EmuRequest, EmuResponse, EmulatorState, Service } from './types';

/** Requests with a larger body get 413 before any service sees them. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** One entry of `emulator.requests()`. */
export interface RequestLogEntry {
  service: string;
  action: string;
  method: string;
  /** Path without the query string, as sent. */
  path: string;
  /** HTTP status sent; 0 when a `hang` fault kept the request unanswered. */
  status: number;
  /** Emulator clock when the request arrived. */
  at: Date;
}

export interface RouterDeps {
  state: ServerState;
  services: Service[];
  faults: Faults;
  log: RequestLogEntry[];
  /** Sockets held open by `hang` faults, destroyed on close. */
  hung: Set<Socket>;
}

/** Parses a Node request into the services' `EmuRequest`. */
export function parseRequest(req: IncomingMessage, body: Uint8Array): EmuRequest {
  const rawUrl = req.url ?? '/';
  const hostHeader = req.headers.host ?? '127.0.0.1';
  let url: URL;
  try {
    // String concatenation, not `new URL(path, base)`: a path like `//bucket/key` must stay a path.
    url = new URL(`http://${hostHeader}${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`);
  } catch {
    url = new URL(`http://127.0.0.1${rawUrl.startsWith('/') ? rawUrl : `/${rawUrl}`}`);
  }
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const q = rawUrl.indexOf('?');
  const contentType = headers['content-type'] ?? '';
  return {
    method: req.method ?? 'GET',
    url,
    rawPath: q === -1 ? rawUrl : rawUrl.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
    headers,
    body,
    form: contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(Buffer.from(body).toString('utf8'))
      : new URLSearchParams(),
    host: hostHeader.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase(),
  };
}

function readBody(req: IncomingMessage): Promise<Uint8Array | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** The request handler shared by the http and https listeners. */
export function createHandler(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void route(deps, req, res).catch(() => {
      // A broken socket or a bug must not take the emulator down; the client sees a reset connection.
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    });
  };
}

async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrivedAt = deps.state.now();
  const body = await readBody(req);
  if (body === 'too-large') {
    send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request body too large' });
    return;
  }
  const emuReq = parseRequest(req, body);
  const service = deps.services.find((s) => s.matches(emuReq, deps.state)) ?? deps.services[deps.services.length - 1]!;
  let action = 'Unknown';
  try {
    action = service.action(emuReq);
  } catch {
    // An unparsable request still gets logged and answered by its service.
  }
  const entry: RequestLogEntry = { service: service.name, action, method: emuReq.method, path: emuReq.rawPath, status: 0, at: arrivedAt };
  deps.log.push(entry);

  const fault = deps.faults.take(service.name, action);
  if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault?.hang) {
    deps.hung.add(req.socket);
    req.socket.once('close', () => deps.hung.delete(req.socket));
    return;
  }

  let response: EmuResponse;
  const faulted = fault?.status !== undefined || fault?.throttle ? faultResponse(service.name, fault, deps.state, emuReq) : undefined;
  if (faulted) response = faulted;
  else {
    try {
      response = await service.handle(emuReq, requestState(deps.state, fault));
    } catch (e) {
      response = internalError(service.name, deps.state, emuReq, e);
    }
  }
  if (fault?.body) response = { ...response, body: corruptBody(fault.body, response.body) };
  entry.status = response.status;
  send(res, response, emuReq.method === 'HEAD');
}

function send(res: ServerResponse, response: EmuResponse, head = false): void {
  const body = response.body === undefined ? undefined : typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : Buffer.from(response.body);
  res.statusCode = response.status;
  for (const [k, v] of Object.entries(response.headers ?? {})) res.setHeader(k, v);
  if (body && !res.hasHeader('content-length')) res.setHeader('content-length', String(body.byteLength));
  if (!body && !res.hasHeader('content-length') && !head) res.setHeader('content-length', '0');
  res.end(head ? undefined : body);
}

/** A view of the state for one request: the fault's clock skew and expired-credentials flag applied. */
function requestState(state: ServerState, fault: FaultRule | undefined): EmulatorState {
  if (!fault?.clockSkewSeconds && !fault?.expiredCredentials) return state;
  const skewMs = (fault.clockSkewSeconds ?? 0) * 1000;
  const view: EmulatorState = Object.create(state) as EmulatorState;
  view.now = () => new Date(state.now().getTime() + skewMs);
  if (fault.expiredCredentials) view.expiredCredentials = true;
  return view;
}

/** The error each service would send for a `status` or `throttle` fault. */
function faultResponse(service: string, fault: FaultRule, state: EmulatorState, req: EmuRequest): EmuResponse {
  const requestId = state.newRequestId();
  const status = fault.status ?? (service === 'oss' ? 503 : service === 'ecs' || service === 'uri' ? 429 : 400);
  const [code, message] = fault.throttle
    ? service === 'oss'
      ? ['SlowDown', 'Please reduce your request rate.']
      : ['Throttling.User', 'Request was denied due to user flow control.']
    : status >= 500
      ? ['ServiceUnavailable', 'The request has failed due to a temporary failure of the server.']
      : ['InjectedFault', `The emulator answered ${status} because a fault rule asked it to.`];
  if (service === 'sts' || service === 'kms') {
    return rpcErrorResponse({ status, code, message }, requestId, req.headers['host'] ?? req.host, service === 'kms' ? 'Kms' : 'Sts');
  }
  if (service === 'oss') {
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-oss-request-id': requestId },
      body:
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n` +
        `  <RequestId>${requestId}</RequestId>\n  <HostId>${req.host}</HostId>\n</Error>\n`,
    };
  }
  if (service === 'uri') return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Code: code, Message: message }) };
  return { status, headers: { 'content-type': 'text/plain' }, body: `${code}: ${message}` };
}

function internalError(service: string, state: EmulatorState, req: EmuRequest, error: unknown): EmuResponse {
  const requestId = state.newRequestId();
  // The error text is the emulator's own; it is not echoed raw in case a service put request data in it.
  const message = `The emulator's ${service} service failed: ${error instanceof Error ? error.name : 'error'}.`;
  if (service === 'oss') {
    return {
      status: 500,
      headers: { 'content-type': 'application/xml', 'x-oss-request-id': requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>InternalError</Code>\n  <Message>${message}</Message>\n  <RequestId>${requestId}</RequestId>\n</Error>\n`,
    };
  }
  return rpcErrorResponse({ status: 500, code: 'InternalError', message }, requestId, req.headers['host'] ?? req.host);
}

/** Listens on `host:port` and resolves with the bound port. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function createServers(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  tls?: { cert: string; key: string },
): { http: Server; https?: Server } {
  const http = createHttpServer(handler);
  const https = tls ? (createHttpsServer({ cert: tls.cert, key: tls.key }, handler) as unknown as Server) : undefined;
  return https ? { http, https } : { http };
}
