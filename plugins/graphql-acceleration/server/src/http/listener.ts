import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'http';
import type { Core } from '@strapi/strapi';
import type { ResponseCache } from '../cache/response-cache';
import { collectBody, koaListener, replaceListener } from '../internals/http-server';
import { jsonAccepted, keyOfBody } from './request';

/**
 * Cache hits answered on the HTTP server, before Koa.
 *
 * A hit answered by the middleware still pays for Koa and every global middleware before it
 * (request context, logger, errors, helmet, CORS, rate limit): most of its cost, since the answer
 * itself is stored bytes. This listener sits in front of Koa's on Strapi's HTTP server and
 * answers a plain public GraphQL POST whose answer is cached, with:
 *
 * - the headers Koa's stack gave the last cached answer for a request from the same `Origin`
 *   (`HitHeaders`): nothing is sent here that the middlewares would not send, and until Koa has
 *   answered one hit for an origin, requests from it take the Koa path;
 * - the app's gates (`ResponseCache.gates`: a rate limit counted as its middleware counts it);
 * - the access log line Strapi's logger writes.
 *
 * Everything else goes to Koa untouched: other paths and methods, GET, requests with an
 * Authorization header, another content type, Accept or Content-Encoding, a body over 64 KiB or
 * without Content-Length, a body that is not a plain JSON object, a miss. The body is read
 * without consuming the request stream (`collectBody`), so Koa's body parser reads it as it
 * always does; the key computed here goes with the request to the middleware.
 */

const MAX_BODY_BYTES = 64 * 1024;

/** Whether the request may be answered here, judged by its head alone. */
function candidate(req: IncomingMessage, endpoint: string, cache: ResponseCache): boolean {
  const { headers } = req;
  if (req.method !== 'POST' || req.url !== endpoint || headers.authorization !== undefined || headers['transfer-encoding'] !== undefined) return false;
  if (headers['content-encoding'] !== undefined && headers['content-encoding'].toLowerCase() !== 'identity') return false;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > MAX_BODY_BYTES) return false;
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' && jsonAccepted(headers.accept) && cache.hitHeaders.of(req) !== undefined;
}

/** Puts the hit listener in front of Koa's on Strapi's HTTP server, with the cache on. */
export function installHitListener(strapi: Core.Strapi, cache: ResponseCache): void {
  const server = strapi.server.httpServer as Server;
  const found = koaListener(server);
  if ('reason' in found) {
    strapi.log.warn(`[graphql-acceleration] ${found.reason}: cache hits are answered by the middleware only`);
    return;
  }
  const { koa } = found;
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const app = strapi.server.app;
  cache.hitHeaders.listening = true;
  cache.hitHeaders.clear();

  /** The client address as Koa computes it (proxy settings included). */
  const clientIp = (req: IncomingMessage): string => {
    const request = Object.create(app.request) as { app: unknown; req: IncomingMessage; ip: string };
    request.app = app;
    request.req = req;
    return request.ip;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, body: Buffer, started: number): Promise<boolean> {
    const key = keyOfBody(body);
    if (key === null) return false;
    cache.keepKeyBeforeKoa(req, key);
    const gateHeaders: Record<string, string> = {};
    if (cache.gates.length > 0) {
      const ip = clientIp(req);
      for (const gate of cache.gates) {
        const verdict = await gate(req, ip);
        if (!verdict.pass) return false; // Koa answers it, and its middleware does not count it twice
        Object.assign(gateHeaders, verdict.headers);
      }
    }
    const lookup = await cache.lookupKey(key);
    const template = cache.hitHeaders.of(req);
    if (!lookup || 'miss' in lookup || !template || res.headersSent) return false;
    const { wire, etag, cacheControl, tagHeaders } = lookup.response;
    const headers: OutgoingHttpHeaders = {
      ...template,
      ...gateHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(wire),
      ETag: etag,
      'Cache-Control': cacheControl,
      'X-Cache': 'HIT',
      ...tagHeaders,
      ...(cache.diagnostics ? { 'X-Cache-Path': 'listener' } : {}),
    };
    res.writeHead(200, headers);
    res.end(wire);
    // Not even formatted when the log level leaves access lines out (winston formats before it filters).
    if (strapi.log.isLevelEnabled?.('http') !== false) strapi.log.http(`POST ${req.url} (${Math.ceil(Date.now() - started)} ms) 200`);
    return true;
  }

  replaceListener(server, koa, (req, res) => {
    if (!candidate(req, endpoint, cache)) return koa(req, res);
    const started = Date.now();
    collectBody(req, (body) => {
      if (!body) return; // the client went away before its body was in
      // A client gone meanwhile is not handed on: Koa would read a destroyed stream.
      const handOn = () => {
        if (!req.destroyed && !res.destroyed && !res.headersSent) koa(req, res);
      };
      answer(req, res, body, started).then(
        (answered) => answered || handOn(),
        (error) => {
          strapi.log.warn(`[graphql-acceleration] answering a hit before Koa failed (${(error as Error).message}): handing the request to Koa`);
          handOn();
        }
      );
    });
  });
}
