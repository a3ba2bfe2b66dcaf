import type { IncomingMessage, Server, ServerResponse } from 'http';
import type { Internal } from './fence';

/**
 * Two members replaced outside Strapi's API, for the hit listener:
 * - the request listener of Strapi's HTTP server (`strapi.server.httpServer`), which is Koa's
 *   callback alone in Strapi 5: the listener goes in front of it and hands Koa what it does not answer;
 * - `IncomingMessage#push` of one request while its body arrives, to see the HTTP parser's chunks
 *   without reading the stream (Node's Readable API: `push` is how the parser hands them over).
 */
export const serverListener: Internal = {
  what: "the request listener of Strapi's HTTP server (replaced by the hit listener, which hands on to it)",
  packageName: '@strapi/core',
  writtenAgainst: '5.54.0',
  file: 'http-server.ts',
};

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Koa's request listener on the server, or a reason why there is not exactly one (then the
 * listener is not installed and hits are answered by the middleware only).
 */
export function koaListener(server: Server): { koa: Listener } | { reason: string } {
  const listeners = server.listeners('request') as Listener[];
  if (listeners.length === 1) return { koa: listeners[0] };
  const { packageName, writtenAgainst, file } = serverListener;
  return { reason: `the HTTP server has ${listeners.length} request listeners, not Koa's alone (written against ${packageName} ${writtenAgainst}, internals/${file})` };
}

/** Puts `front` in place of Koa's listener. */
export function replaceListener(server: Server, koa: Listener, front: Listener): void {
  server.removeListener('request', koa);
  server.on('request', front);
}

/**
 * Collects the body as the HTTP parser pushes it, without reading the stream: `done` gets the
 * bytes once the parser has pushed them all (then the stream holds them, unread, as before), or
 * null when the request ends early.
 */
export function collectBody(req: IncomingMessage, done: (body: Buffer | null) => void): void {
  const push = req.push;
  const chunks: Buffer[] = [];
  let settled = false;
  const settle = (body: Buffer | null) => {
    if (settled) return;
    settled = true;
    req.push = push;
    for (const chunk of chunks) push.call(req, chunk);
    if (body) push.call(req, null);
    done(body);
  };
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (settled) return push.call(req, chunk, encoding);
    if (chunk === null) {
      settle(Buffer.concat(chunks));
      return false;
    }
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding));
    return true;
  };
  req.once('close', () => settle(null));
}
