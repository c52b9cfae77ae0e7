import { createHash } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { securityHeaders } from '../../security/headers.ts';
import type { RelayConfig } from '../config.ts';
import type { DeliveryLoop } from '../spool/delivery.ts';
import type { FormFallback } from '../no-js/form-fallback.ts';
import { errorBody, relayErrors, type RelayErrorCode } from './error-codes.ts';
import type { RelayLog } from '../log.ts';
import { wrapAsPgpMime } from '../spool/pgp-mime.ts';
import type { SubmissionRateLimiter } from './rate-limit.ts';
import { ByteBudget, declaredLength, readLimitedBody } from './request-body.ts';
import type { MaildirSpool } from '../spool/spool.ts';
import { cacheControlFor, StaticSite } from './static-site.ts';
import { verifySubmission, type RecipientKey } from '../verify/verify.ts';

/**
 * The relay's HTTP surface, one Hono app:
 *
 *   POST /api/submissions       one armoured OpenPGP message → 202 { id } once durably spooled
 *   POST /api/submissions/form  the no-JavaScript form, encrypted here before it touches disk
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
    | 'mailFrom'
    | 'smtp'
  >;
  keyring: { current(): Promise<RecipientKey[]> };
  spool: MaildirSpool;
  limiter: SubmissionRateLimiter | null;
  delivery: DeliveryLoop | null;
  log: RelayLog;
  /** The no-JavaScript form (`form-fallback.ts`); without it the endpoint answers 404. */
  formFallback?: FormFallback;
  now?: () => Date;
}

/** Verifies and durably spools one armoured message; shared by both submission endpoints. */
export type SpoolArmoured = (
  armoured: Uint8Array,
) => Promise<{ ok: true; id: string } | { ok: false; code: RelayErrorCode }>;

/**
 * The submission id: the first 128 bits of the SHA-256 of the armoured message as
 * received, in hex. It says nothing about the sender, and since every encryption is
 * random, only a retry of the very same bytes (after a lost answer) gets the same id,
 * which lets the spool store it once.
 */
export function submissionIdFor(armoured: Uint8Array): string {
  return createHash('sha256').update(armoured).digest('hex').slice(0, 32);
}

/** Media type of `POST /api/submissions`. Only a type that needs a CORS preflight, so no other site can make a visitor's browser post here. */
const SUBMISSION_TYPE = 'application/pgp-encrypted';

/** 127.0.0.0/8 and ::1, also in IPv4-mapped form (`::ffff:127.0.0.1`), as Node reports a peer. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.toLowerCase().replace(/^::ffff:/, '');
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
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
  return c.json(errorBody(code, message), relayErrors[code].status);
}

export type RelayApp = Hono<{ Bindings: HttpBindings }>;

export function createRelayApp(options: RelayAppOptions): RelayApp {
  const { config, keyring, spool, limiter, delivery, log } = options;
  const now = options.now ?? (() => new Date());
  const site = new StaticSite({ root: config.siteDir, onionLocation: config.onionLocation });
  const budget = new ByteBudget(config.maxBufferedBytes);
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.use('*', async (c, next) => {
    await next();
    // Every response here is built by the relay itself, so its headers can be changed in
    // place (re-wrapping it would turn each body into a stream and cost every request).
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(securityHeaders)) headers.set(name, value);
    if (c.req.path.startsWith('/api/')) headers.set('Cache-Control', 'no-store');
    else if (!headers.has('Cache-Control')) headers.set('Cache-Control', cacheControlFor(c.req.path));
    headers.delete('Set-Cookie');
  });

  if (config.corsOrigins.length > 0) {
    app.use(
      '/api/submissions',
      cors({ origin: [...config.corsOrigins], allowMethods: ['POST'], allowHeaders: ['Content-Type'], maxAge: 600 }),
    );
  }

  const peerAddress = (c: Context): string => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };

  const clientAddress = (c: Context): string => {
    if (config.trustProxy) {
      // The proxy in front appends the address it saw last; anything before it came from the client.
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return peerAddress(c);
  };

  const isOperator = (c: Context): boolean =>
    isOperatorRequest({
      healthDetails: config.healthDetails,
      peerAddress: peerAddress(c),
      forwarded: c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined,
    });

  /** The API's rate limit; a refused request costs nothing more. */
  const rateLimited = (c: Context): Response | undefined => {
    if (!limiter) return undefined;
    const decision = limiter.take(clientAddress(c));
    if (decision.allowed) return undefined;
    log.submission({ id: null, size: null, outcome: 'rejected:rate_limited' });
    c.header('Retry-After', String(decision.retryAfterSeconds));
    return apiError(c, 'rate_limited');
  };

  const spoolArmoured: SpoolArmoured = async (armoured) => {
    const verdict = verifySubmission(armoured, await keyring.current());
    if (!verdict.ok) {
      log.submission({ id: null, size: armoured.length, outcome: `rejected:${verdict.code}` });
      return { ok: false, code: verdict.code };
    }
    const id = submissionIdFor(armoured);
    const acceptedAt = now();
    const message = wrapAsPgpMime(armoured, { id, from: config.mailFrom, to: config.smtp?.to ?? [], acceptedAt });
    let stored: 'stored' | 'already_stored';
    try {
      stored = await spool.store(id, message, acceptedAt);
    } catch {
      log.submission({ id, size: armoured.length, outcome: 'rejected:spool_unavailable' });
      return { ok: false, code: 'spool_unavailable' };
    }
    log.submission({ id, size: armoured.length, outcome: stored === 'stored' ? 'accepted' : 'accepted_again' });
    if (stored === 'stored') delivery?.wake();
    return { ok: true, id };
  };

  app.post('/api/submissions', async (c) => {
    const limited = rateLimited(c);
    if (limited) return limited;
    if (mediaType(c.req.header('content-type')) !== SUBMISSION_TYPE) {
      log.submission({ id: null, size: null, outcome: 'rejected:unsupported_media_type' });
      return apiError(c, 'unsupported_media_type');
    }

    const received = await readLimitedBody(c.env.incoming, {
      limit: config.maxBodyBytes,
      budget,
      declared: declaredLength(c.req.header('content-length')),
    });
    if (!received.ok) {
      const code = received.problem === 'aborted' ? 'bad_request' : received.problem;
      log.submission({ id: null, size: null, outcome: `rejected:${code}` });
      if (code === 'busy') c.header('Retry-After', '30');
      // The rest of an oversized upload is not wanted: close instead of reading it.
      if (code === 'too_large') c.header('Connection', 'close');
      const limitMiB = Math.floor(config.maxBodyBytes / (1024 * 1024));
      return code === 'too_large'
        ? apiError(c, code, `${relayErrors.too_large.message} The limit is ${limitMiB} MiB.`)
        : apiError(c, code);
    }
    try {
      const outcome = await spoolArmoured(received.body);
      if (!outcome.ok) {
        if (outcome.code === 'spool_unavailable') c.header('Retry-After', '60');
        return apiError(c, outcome.code);
      }
      return c.json({ id: outcome.id }, 202);
    } finally {
      received.release();
    }
  });

  app.post('/api/submissions/form', async (c) => {
    if (!options.formFallback) return apiError(c, 'fallback_disabled');
    const answer = await options.formFallback(
      {
        contentType: c.req.header('content-type'),
        acceptLanguage: c.req.header('accept-language'),
        rateLimit: () => (limiter ? limiter.take(clientAddress(c)) : { allowed: true }),
        readBody: () =>
          readLimitedBody(c.env.incoming, { limit: config.maxBodyBytes, budget, declared: declaredLength(c.req.header('content-length')) }),
      },
      spoolArmoured,
    );
    if (!answer.logged) log.submission({ id: null, size: null, outcome: answer.outcome });
    for (const [name, value] of Object.entries(answer.headers ?? {})) c.header(name, value);
    return c.html(answer.html, answer.status as 200);
  });

  app.get('/api/health', async (c) => {
    // Anyone may learn that the relay is up; how many testimonies arrive, and when, is
    // for the operator only. The public answer touches nothing, so polling it costs nothing.
    if (!isOperator(c)) return c.json({ status: 'ok' });
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
      delivery: metrics
        ? { mode: 'smtp', queued: metrics.queued, delivered: metrics.delivered, lastError: metrics.lastError }
        : { mode: 'maildir' },
    });
  });

  app.all('/api/*', (c) => {
    const known = ['/api/submissions', '/api/submissions/form', '/api/health'];
    return known.includes(c.req.path) ? apiError(c, 'method_not_allowed') : apiError(c, 'not_found');
  });

  app.all('*', async (c) => {
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
  });

  app.onError((error, c) => {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : error.name;
    // Fixed words only: the path and the error message could carry what a client sent.
    log.service({ event: 'unexpected_error', where: c.req.path.startsWith('/api/') ? 'api' : 'site', code: code.slice(0, 40) });
    return c.req.path.startsWith('/api/') ? apiError(c, 'internal_error') : c.text('Internal error\n', 500);
  });

  return app;
}
