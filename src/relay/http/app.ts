import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { securityHeaders } from '../../security/headers.ts';
import type { AcceptSubmission } from '../accept/accept.ts';
import type { RelayConfig } from '../config.ts';
import type { RelayLog } from '../log.ts';
import type { DeliveryLoop } from '../spool/delivery.ts';
import type { MaildirSpool } from '../spool/spool.ts';
import { errorBody, refusalHeaders, relayErrors, type RelayErrorCode } from './error-codes.ts';
import type { FormEndpoint } from './form-endpoint.ts';
import type { SubmissionRateLimiter } from './rate-limit.ts';
import { ByteBudget, declaredLength, readLimitedBody } from './request-body.ts';
import { cacheControlFor, StaticSite } from './static-site.ts';

/**
 * The relay's HTTP surface, one Hono app:
 *
 *   POST /api/submissions       one armoured OpenPGP message → 202 { id } once durably spooled
 *   POST /api/submissions/form  the no-JavaScript form, encrypted here before it touches disk;
 *                               303 to its receipt page, GET /api/submissions/form/received/<token>
 *   GET  /api/health            liveness; spool depth and delivery counters for the operator only
 *   GET  /*                     the built site
 *
 * Every response carries the security headers of `src/security/headers.ts`; API errors
 * are `{ error: { code, message } }` with the codes of `error-codes.ts`. No cookie is ever
 * set, and the client's address is used for two things only: the rate limiter's keyed
 * hash, and telling the operator's monitoring on this machine from everyone else.
 */

export interface RelayAppOptions {
  config: Pick<
    RelayConfig,
    | 'maxBodyBytes'
    | 'maxBufferedBytes'
    | 'trustProxy'
    | 'healthDetails'
    | 'corsOrigins'
    | 'onionLocation'
    | 'siteDir'
  >;
  /** The accept step (`accept/accept.ts`) both submission endpoints end in. */
  accept: AcceptSubmission;
  /** Read for the operator's health counters only. */
  spool: MaildirSpool;
  limiter: SubmissionRateLimiter | null;
  delivery: DeliveryLoop | null;
  log: RelayLog;
  /** The no-JavaScript form (`no-js/form-fallback.ts`); without it the endpoint answers 404. */
  formEndpoint?: FormEndpoint;
}

/** Media type of `POST /api/submissions`. Only a type that needs a CORS preflight, so no other site can make a visitor's browser post here. */
const SUBMISSION_TYPE = 'application/pgp-encrypted';

/** 127.0.0.0/8 and ::1, also in IPv4-mapped form (`::ffff:127.0.0.1`), as Node reports a peer. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/**
 * The address the rate limiter keys on: the connection's own, unless it comes from a
 * proxy that TRUST_PROXY names, in which case the last X-Forwarded-For address (the one
 * the proxy saw; anything before it came from the client). A header from any other peer
 * is a client's claim and is ignored.
 */
export function clientAddressFor(request: { trustProxy: RelayConfig['trustProxy']; peerAddress: string; forwardedFor: string | undefined }): string {
  const { trustProxy, peerAddress } = request;
  const fromProxy =
    trustProxy === 'loopback'
      ? isLoopbackAddress(peerAddress)
      : trustProxy !== 'none' && trustProxy.includes(peerAddress.toLowerCase().replace(/^::ffff:/, ''));
  const forwarded = fromProxy ? request.forwardedFor?.split(',').at(-1)?.trim() : undefined;
  return forwarded || peerAddress;
}

/**
 * Whether a request comes from the operator's monitoring on this machine, the only client
 * shown the health counters: a direct connection from loopback that nothing forwarded.
 * Whatever TRUST_PROXY says, a connection carrying X-Forwarded-For or Forwarded is a
 * proxy passing on someone else's request, even when that someone is on loopback too (Tor
 * in front of nginx). A front end that adds neither header (Tor in front of the relay)
 * cannot be told from the operator: `HEALTH_DETAILS=off` is for that relay.
 */
export function isOperatorRequest(request: {
  healthDetails: RelayConfig['healthDetails'];
  peerAddress: string;
  forwarded: boolean;
}): boolean {
  return request.healthDetails === 'loopback' && !request.forwarded && isLoopbackAddress(request.peerAddress);
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export function apiError(c: Context, code: RelayErrorCode, message?: string): Response {
  for (const [name, value] of Object.entries(refusalHeaders(code))) c.header(name, value);
  return c.json(errorBody(code, message), relayErrors[code].status);
}

export type RelayApp = Hono<{ Bindings: HttpBindings }>;

/**
 * The app, put together from the parts below: headers on every answer, CORS where the
 * operator allows other origins, the two submission endpoints, health, the site.
 */
export function createRelayApp(options: RelayAppOptions): RelayApp {
  const { config } = options;
  const app = new Hono<{ Bindings: HttpBindings }>();
  const clients = clientAddresses(config);
  const readBody = bodyReader(config);

  app.use('*', setResponseHeaders);
  if (config.corsOrigins.length > 0) {
    app.use('/api/submissions', cors({ origin: [...config.corsOrigins], allowMethods: ['POST'], allowHeaders: ['Content-Type'], maxAge: 600 }));
  }
  app.post('/api/submissions', submissionEndpoint(options, clients, readBody));
  app.post('/api/submissions/form', formEndpoint(options, clients, readBody));
  app.get('/api/submissions/form/received/:token', receiptEndpoint(options));
  app.get('/api/health', healthEndpoint(options, clients));
  app.all('/api/*', (c) => {
    const known = ['/api/submissions', '/api/submissions/form', '/api/health'];
    const isKnown = known.includes(c.req.path) || c.req.path.startsWith('/api/submissions/form/received/');
    return isKnown ? apiError(c, 'method_not_allowed') : apiError(c, 'not_found');
  });
  app.all('*', siteEndpoint(new StaticSite({ root: config.siteDir, onionLocation: config.onionLocation })));
  app.onError((error, c) => {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : error.name;
    // Fixed words only: the path and the error message could carry what a client sent.
    options.log.service({ event: 'unexpected_error', where: c.req.path.startsWith('/api/') ? 'api' : 'site', code: code.slice(0, 40) });
    return c.req.path.startsWith('/api/') ? apiError(c, 'internal_error') : c.text('Internal error\n', 500);
  });
  return app;
}

type AppConfig = RelayAppOptions['config'];
type ClientAddresses = ReturnType<typeof clientAddresses>;
type BodyReader = ReturnType<typeof bodyReader>;

/** The security headers and caching rules of every answer, set after the route has answered. */
async function setResponseHeaders(c: Context, next: () => Promise<void>): Promise<void> {
  await next();
  // Every response here is built by the relay itself, so its headers can be changed in
  // place (re-wrapping it would turn each body into a stream and cost every request).
  const headers = c.res.headers;
  for (const [name, value] of Object.entries(securityHeaders)) headers.set(name, value);
  if (c.req.path.startsWith('/api/')) headers.set('Cache-Control', 'no-store');
  else if (!headers.has('Cache-Control')) headers.set('Cache-Control', cacheControlFor(c.req.path));
  headers.delete('Set-Cookie');
}

/** Who is asking: the connection's peer, the client behind a trusted proxy, and whether it is the operator. */
function clientAddresses(config: AppConfig) {
  const peerAddress = (c: Context): string => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
  const clientAddress = (c: Context): string =>
    clientAddressFor({ trustProxy: config.trustProxy, peerAddress: peerAddress(c), forwardedFor: c.req.header('x-forwarded-for') });
  const isOperator = (c: Context): boolean =>
    isOperatorRequest({
      healthDetails: config.healthDetails,
      peerAddress: peerAddress(c),
      forwarded: c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined,
    });
  return { clientAddress, isOperator };
}

/** Reads a request's body within the size limit and the budget all bodies in flight share. */
function bodyReader(config: AppConfig) {
  const budget = new ByteBudget(config.maxBufferedBytes);
  return (c: Context<{ Bindings: HttpBindings }>, limit = config.maxBodyBytes) =>
    readLimitedBody(c.env.incoming, { limit: Math.min(limit, config.maxBodyBytes), budget, declared: declaredLength(c.req.header('content-length')) });
}

/** `POST /api/submissions`: rate limit, media type, body within limits, then the accept step. */
function submissionEndpoint(options: RelayAppOptions, clients: ClientAddresses, readBody: BodyReader) {
  const { config, limiter, log, accept } = options;
  return async (c: Context<{ Bindings: HttpBindings }>) => {
    if (limiter) {
      // A refused request costs nothing more.
      const decision = limiter.take(clients.clientAddress(c));
      if (!decision.allowed) {
        log.submission({ id: null, size: null, outcome: 'rejected:rate_limited' });
        c.header('Retry-After', String(decision.retryAfterSeconds));
        return apiError(c, 'rate_limited');
      }
    }
    if (mediaType(c.req.header('content-type')) !== SUBMISSION_TYPE) {
      log.submission({ id: null, size: null, outcome: 'rejected:unsupported_media_type' });
      return apiError(c, 'unsupported_media_type');
    }
    const received = await readBody(c);
    if (!received.ok) {
      const code = received.problem === 'aborted' ? 'bad_request' : received.problem;
      log.submission({ id: null, size: null, outcome: `rejected:${code}` });
      const limitMiB = Math.floor(config.maxBodyBytes / (1024 * 1024));
      return code === 'too_large' ? apiError(c, code, `${relayErrors.too_large.message} The limit is ${limitMiB} MiB.`) : apiError(c, code);
    }
    try {
      const outcome = await accept(received.body);
      return outcome.ok ? c.json({ id: outcome.id }, 202) : apiError(c, outcome.code);
    } finally {
      received.release();
    }
  };
}

/** `POST /api/submissions/form`: the no-JavaScript form, answered with its own HTML pages. */
function formEndpoint(options: RelayAppOptions, clients: ClientAddresses, readBody: BodyReader) {
  const { limiter, log } = options;
  return async (c: Context<{ Bindings: HttpBindings }>) => {
    if (!options.formEndpoint) return apiError(c, 'fallback_disabled');
    const answer = await options.formEndpoint({
      contentType: c.req.header('content-type'),
      acceptLanguage: c.req.header('accept-language'),
      rateLimit: () => (limiter ? limiter.take(clients.clientAddress(c)) : { allowed: true }),
      readBody: (limit) => readBody(c, limit),
    });
    if (!answer.logged) log.submission({ id: null, size: null, outcome: answer.outcome });
    for (const [name, value] of Object.entries(answer.headers ?? {})) c.header(name, value);
    if (answer.status === 303) return c.body(null, 303);
    return c.html(answer.html, answer.status as 200);
  };
}

/** `GET /api/submissions/form/received/<token>`: the no-JS form's receipt, shown once the POST has redirected. */
function receiptEndpoint(options: RelayAppOptions) {
  return async (c: Context) => {
    if (!options.formEndpoint) return apiError(c, 'fallback_disabled');
    const answer = await options.formEndpoint.receiptAnswer(c.req.param('token')!, c.req.header('accept-language'));
    return c.html(answer.html, answer.status as 200);
  };
}

/** `GET /api/health`: liveness for anyone; spool depth and delivery counters for the operator. */
function healthEndpoint(options: RelayAppOptions, clients: ClientAddresses) {
  const { spool, delivery } = options;
  return async (c: Context) => {
    // Anyone may learn that the relay is up; how many testimonies arrive, and when, is
    // for the operator only. The public answer touches nothing, so polling it costs nothing.
    if (!clients.isOperator(c)) return c.json({ status: 'ok' });
    let queued: number;
    try {
      queued = (await spool.queued()).length;
    } catch {
      return c.json({ status: 'spool_unreadable' }, 503);
    }
    const metrics = delivery?.metrics;
    return c.json({
      status: 'ok',
      spool: { queued },
      delivery: metrics ? { mode: 'smtp', queued: metrics.queued, delivered: metrics.delivered, lastError: metrics.lastError } : { mode: 'maildir' },
    });
  };
}

/** Everything else: the built site, GET and HEAD only. */
function siteEndpoint(site: StaticSite) {
  return async (c: Context) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      c.header('Allow', 'GET, HEAD');
      return c.text('Method not allowed\n', 405);
    }
    const url = new URL(c.req.url);
    return site.respond({
      method,
      pathname: url.pathname,
      search: url.search,
      acceptEncoding: c.req.header('accept-encoding'),
      ifNoneMatch: c.req.header('if-none-match'),
    });
  };
}
