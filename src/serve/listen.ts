import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MctlError } from '../errors.ts';
import { handleRequest, type RequestContext } from './handle-request.ts';

export interface Listening {
  url: string;
  port: number;
  /** Stops accepting connections, closes idle keep-alive ones; resolves once every request is answered. */
  close(): Promise<void>;
}

/**
 * One node:http server on host:port answering through `context` (the inference API, or
 * TorchServe's management API), from before the workers have loaded (`context.loading()`).
 * Port 0 binds a free port, which `url` then names.
 */
export function listen(host: string, port: number, context: RequestContext): Promise<Listening> {
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => void handleRequest(context, req, res));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(bindError(error, host, port)));
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${shownHost}:${bound}`, port: bound, close: () => closeServer(server) });
    });
  });
}

/**
 * Keep-alive connections become idle once their last response is written; they are closed as
 * they do (checked every 50 ms), so no client is cut off mid-response. A client that keeps a
 * request open past the grace period is cut off then.
 */
function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function bindError(error: NodeJS.ErrnoException, host: string, port: number): MctlError {
  if (error.code === 'EADDRINUSE') {
    return new MctlError('PORT_IN_USE', `${host}:${port} is already in use`, {
      exit: 'ENVIRONMENT',
      hint: 'stop what listens there, or pass --port 0 to take a free port (mctl prints it)',
    });
  }
  if (error.code === 'EACCES') {
    return new MctlError('PORT_DENIED', `binding ${host}:${port} is not permitted`, {
      exit: 'ENVIRONMENT',
      hint: 'ports below 1024 need privileges; pick a port of 1024 or more',
    });
  }
  return new MctlError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, {
    exit: 'ENVIRONMENT',
    hint: 'check --host (an address of this machine) and --port',
  });
}
