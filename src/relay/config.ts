import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'astro/zod';
import type { Retention } from './retention/retention.ts';

/**
 * The relay's configuration, read from environment variables once at start-up.
 *
 * Every variable is optional except where noted, and every default is chosen for the
 * one-machine demo (`npm start`): listen on loopback, serve `dist/`, keep mail in
 * `var/mail`. A variable that is set but wrong stops the process with a message naming
 * it; values are never echoed back, because `SMTP_URL` may carry a password.
 */

const MiB = 1024 * 1024;

/** Whose X-Forwarded-For the relay believes: nobody, a proxy on loopback, or the proxies at these addresses. */
export type TrustedProxies = 'none' | 'loopback' | readonly string[];

/** Systemd `EnvironmentFile`s and shells often leave a variable set but empty: treat that as unset. */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function wholeNumber(min: number, max: number, fallback: number) {
  const expected = `expected a whole number from ${min} to ${max}`;
  return z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^\d+$/, expected)
      .transform(Number)
      .pipe(z.number().int().min(min, expected).max(max, expected))
      .default(fallback),
  );
}

/** Sizes are written in bytes or with a binary suffix: `36700160`, `35MiB`, `35M`, `512KiB`. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+)\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]?.toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? 1024 * MiB : 1;
  return Number(match[1]) * factor;
}

function byteSizeSchema(min: number, max: number) {
  const expected = `expected a size from ${min} bytes to ${max / MiB} MiB, in bytes or with a unit (e.g. 48MiB)`;
  return z.string().transform((text, ctx) => {
    const bytes = parseByteSize(text);
    if (bytes === undefined || bytes < min || bytes > max) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return bytes;
  });
}

const byteSize = (min: number, max: number, fallback: number) =>
  z.preprocess(unsetIfEmpty, byteSizeSchema(min, max).default(fallback));

const optionalByteSize = (min: number, max: number) => z.preprocess(unsetIfEmpty, byteSizeSchema(min, max).optional());

function onOff(fallback: boolean) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? unsetIfEmpty(value.trim().toLowerCase()) : value),
    z
      .enum(['on', 'off', 'true', 'false', 'yes', 'no', '1', '0'], { error: 'expected on or off' })
      .transform((value) => ['on', 'true', 'yes', '1'].includes(value))
      .default(fallback),
  );
}

const emailAddress = z.email({ error: 'expected an e-mail address such as reports@example.org' });

/** Recognises a v3 onion service address: 56 base32 characters then `.onion`. */
const onionOrigin = /^https?:\/\/[a-z2-7]{56}\.onion$/;

const environmentSchema = z
  .object({
    /** TCP port to listen on; 0 picks a free one (the tests use that). */
    PORT: wholeNumber(0, 65535, 4321),
    /** Address to listen on. Loopback by default: put nginx or a load balancer in front for the Internet. */
    HOST: z.preprocess(
      unsetIfEmpty,
      z
        .union([z.ipv4(), z.ipv6(), z.literal('localhost')], {
          error: 'expected an IP address to listen on, e.g. 127.0.0.1, ::1 or 0.0.0.0',
        })
        .default('127.0.0.1'),
    ),
    /** The built static site. Its `keys/` folder holds the recipient keys the relay accepts. */
    SITE_DIR: z.preprocess(unsetIfEmpty, z.string().default('dist')),
    /** The Maildir: spool of accepted submissions and, without SMTP, the mailbox itself. */
    MAILDIR: z.preprocess(unsetIfEmpty, z.string().default('var/mail')),
    /** SMTP server to deliver to, e.g. `smtps://user:password@mail.example.org:465`. Unset: keep mail in the Maildir. */
    SMTP_URL: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .refine(
          (text) => URL.canParse(text) && ['smtp:', 'smtps:'].includes(new URL(text).protocol) && new URL(text).hostname !== '',
          'expected smtp://host:port or smtps://user:password@host:port',
        )
        .optional(),
    ),
    /** Where delivered mail goes: one address or several separated by commas. Required with SMTP_URL. */
    MAIL_TO: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .transform((text) => text.split(',').map((part) => part.trim()).filter(Boolean))
        .pipe(z.array(emailAddress).min(1, 'expected at least one e-mail address'))
        .optional(),
    ),
    /** Envelope sender and From header. Required with SMTP_URL: most servers only relay for their own addresses. */
    MAIL_FROM: z.preprocess(unsetIfEmpty, emailAddress.optional()),
    /**
     * Largest request body accepted, the armoured message; bodies are cut off at this
     * size, never buffered past it. The default fits the form's largest submission:
     * 25 MiB of attachments, base64 in the MIME entity (× 1.35) → 33.8 MiB, Padmé
     * padding (≤ 1 MiB at that size) → 34.8 MiB, ASCII armour (× 4/3, plus a line end
     * every 60 characters) → 47.2 MiB. Raise it with the site's `maxAttachmentBytes`.
     */
    MAX_BODY_SIZE: byteSize(1024, 1024 * MiB, 48 * MiB),
    /** Bytes held in memory for all requests still being received, together; past it the relay answers 503 and the client retries. Default: 4 × MAX_BODY_SIZE. */
    MAX_BUFFERED_SIZE: optionalByteSize(1024, 16 * 1024 * MiB),
    /** Submissions one client may send in a burst. */
    RATE_LIMIT_BURST: wholeNumber(1, 1_000_000, 10),
    /** Submissions per hour one client regains after a burst; 0 switches rate limiting off. */
    RATE_LIMIT_PER_HOUR: wholeNumber(0, 100_000_000, 60),
    /**
     * Who may tell the relay a client's address in X-Forwarded-For (the rate limit then
     * keys on its last address). `off` (default): nobody. `on`: a reverse proxy on this
     * machine, i.e. a connection from loopback. Or the proxies' own addresses, comma
     * separated (`10.0.0.5, 10.0.0.6`), for a load balancer elsewhere. From any other
     * peer the header is ignored: a client that reached the relay directly could
     * otherwise name a new address with every request and never be limited.
     */
    TRUST_PROXY: z.preprocess(
      (value) => (typeof value === 'string' ? unsetIfEmpty(value.trim().toLowerCase()) : value),
      z
        .string()
        .transform((text, ctx): TrustedProxies => {
          if (['off', 'false', 'no', '0'].includes(text)) return 'none';
          if (['on', 'true', 'yes', '1'].includes(text)) return 'loopback';
          const addresses = text.split(',').map((part) => part.trim());
          if (addresses.some((address) => isIP(address) === 0)) {
            ctx.addIssue({ code: 'custom', message: 'expected on, off, or the proxies\' IP addresses separated by commas' });
            return z.NEVER;
          }
          return addresses;
        })
        .default('none'),
    ),
    /**
     * Who sees the counters of `/api/health` (spool depth, deliveries, last error), which
     * tell when testimonies arrive. `loopback` (default): a client connected from this
     * machine without an `X-Forwarded-For` or `Forwarded` header, i.e. the operator's
     * monitoring, not a proxy passing on a visitor. `off`: nobody; for a relay that
     * something reaches over loopback without adding `X-Forwarded-For`, as Tor does for
     * an onion service. Everyone else gets the liveness answer only.
     */
    HEALTH_DETAILS: z.preprocess(
      (value) => (typeof value === 'string' ? unsetIfEmpty(value.trim().toLowerCase()) : value),
      z.enum(['loopback', 'off'], { error: 'expected loopback or off' }).default('loopback'),
    ),
    /** The no-JavaScript fallback form, which encrypts on the server. */
    NOJS_FALLBACK: onOff(true),
    /** The site's onion service, e.g. `http://<56 characters>.onion`; sent as `Onion-Location` on pages. */
    ONION_LOCATION: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .regex(onionOrigin, 'expected http://<56 base32 characters>.onion, without a path or trailing slash')
        .optional(),
    ),
    /** Origins of a separately hosted copy of the site allowed to post to the API, comma-separated https origins. */
    CORS_ORIGINS: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .transform((text) => text.split(',').map((part) => part.trim()).filter(Boolean))
        .pipe(
          z.array(
            z
              .string()
              .refine(
                (text) => URL.canParse(text) && new URL(text).origin === text && /^https?:$/.test(new URL(text).protocol),
                'expected origins such as https://ngao.example.org, comma-separated, without paths',
              ),
          ),
        )
        .default([]),
    ),
    /**
     * Without SMTP, the Maildir is the organisation's mailbox: its messages are removed
     * for good this many days after they arrived (plus a jitter of up to a tenth of that,
     * so removal times do not give back arrival times). 0 keeps them until someone
     * deletes them. Default 90: a quarter to read each testimony and move what must be
     * kept into the organisation's own records; a seized relay holds no more than that.
     * With SMTP it does not apply: delivered mail leaves the spool at once.
     */
    MAILDIR_RETENTION_DAYS: z.preprocess(
      unsetIfEmpty,
      z.string().trim().regex(/^\d+$/, 'expected a whole number of days from 0 (keep) to 3650').transform(Number)
        .pipe(z.number().int().min(0, 'expected a whole number of days from 0 (keep) to 3650').max(3650, 'expected a whole number of days from 0 (keep) to 3650'))
        .optional(),
    ),
    /**
     * With SMTP, the empty marker a delivered message leaves in `cur/`, which stops a
     * retry of the same bytes (after a lost answer) from being delivered twice, is
     * removed this many hours after the message arrived (plus jitter). Default 24: a
     * browser retries within minutes, and a closed page never does.
     */
    DELIVERED_RETENTION_HOURS: wholeNumber(1, 720, 24),
    /** Longest a whole request may take, in seconds; generous, for large attachments on slow networks. */
    REQUEST_TIMEOUT_SECONDS: wholeNumber(10, 24 * 3600, 1800),
    /** A connection that sends nothing for this many seconds is closed. */
    IDLE_TIMEOUT_SECONDS: wholeNumber(5, 3600, 60),
    /** First retry delay after a failed SMTP delivery, in milliseconds; it doubles on each failure. */
    DELIVERY_RETRY_BASE_MS: wholeNumber(10, 3_600_000, 5_000),
    /** Longest wait between two delivery attempts, in milliseconds. Delivery never gives up. */
    DELIVERY_RETRY_MAX_MS: wholeNumber(10, 24 * 3_600_000, 15 * 60_000),
  })
  .superRefine((env, ctx) => {
    if (env.SMTP_URL && !env.MAIL_TO) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_TO'], message: 'required when SMTP_URL is set: the address to deliver to' });
    }
    if (env.MAIL_TO && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'required when MAIL_TO is set: the server to deliver through' });
    }
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required when SMTP_URL is set: a sender address the server accepts' });
    }
    if (env.DELIVERY_RETRY_BASE_MS > env.DELIVERY_RETRY_MAX_MS) {
      ctx.addIssue({ code: 'custom', path: ['DELIVERY_RETRY_MAX_MS'], message: 'expected at least DELIVERY_RETRY_BASE_MS' });
    }
    if (env.SMTP_URL && env.MAILDIR_RETENTION_DAYS !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['MAILDIR_RETENTION_DAYS'], message: 'has no effect with SMTP_URL: delivered mail leaves the spool at once; unset it' });
    }
    if (env.MAX_BUFFERED_SIZE !== undefined && env.MAX_BUFFERED_SIZE < env.MAX_BODY_SIZE) {
      ctx.addIssue({ code: 'custom', path: ['MAX_BUFFERED_SIZE'], message: 'expected at least MAX_BODY_SIZE' });
    }
  });

export type RelayEnvironment = z.infer<typeof environmentSchema>;

/** The validated configuration the rest of the relay works with. */
export interface RelayConfig {
  port: number;
  host: string;
  /** Absolute path of the built site. */
  siteDir: string;
  /** Absolute path of the Maildir. */
  maildir: string;
  /** SMTP delivery, or null to keep mail in the Maildir only. */
  smtp: { url: string; to: string[]; from: string } | null;
  /** From address written into spooled messages (also used without SMTP, for mail clients reading the Maildir). */
  mailFrom: string;
  maxBodyBytes: number;
  maxBufferedBytes: number;
  /** Token bucket per client, or null when switched off. */
  rateLimit: { burst: number; perHour: number } | null;
  trustProxy: TrustedProxies;
  /** Who may read the health counters (`HEALTH_DETAILS`). */
  healthDetails: RelayEnvironment['HEALTH_DETAILS'];
  noJsFallback: boolean;
  onionLocation: string | null;
  corsOrigins: string[];
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  delivery: { retryBaseMs: number; retryMaxMs: number };
  /** What the retention sweep removes, and after how long (`spool/retention-sweep.ts`). */
  retention: { mailbox: Retention; deliveredMarker: Retention };
}

/** Thrown for an invalid environment; the message lists every bad variable and what it expects. */
export class RelayConfigError extends Error {
  override name = 'RelayConfigError';
}

/** Reads and validates the relay's variables from `env`; relative paths resolve against `cwd`. */
export function loadRelayConfig(env: Record<string, string | undefined>, cwd: string): RelayConfig {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? '(environment)')}: ${issue.message}`);
    throw new RelayConfigError(`Invalid relay configuration; fix these environment variables:\n${lines.join('\n')}`);
  }
  const values = result.data;
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    port: values.PORT,
    host: values.HOST,
    siteDir: absolute(values.SITE_DIR),
    maildir: absolute(values.MAILDIR),
    smtp:
      values.SMTP_URL && values.MAIL_TO && values.MAIL_FROM
        ? { url: values.SMTP_URL, to: values.MAIL_TO, from: values.MAIL_FROM }
        : null,
    mailFrom: values.MAIL_FROM ?? 'ngao-relay@localhost',
    maxBodyBytes: values.MAX_BODY_SIZE,
    maxBufferedBytes: values.MAX_BUFFERED_SIZE ?? 4 * values.MAX_BODY_SIZE,
    rateLimit:
      values.RATE_LIMIT_PER_HOUR === 0 ? null : { burst: values.RATE_LIMIT_BURST, perHour: values.RATE_LIMIT_PER_HOUR },
    trustProxy: values.TRUST_PROXY,
    healthDetails: values.HEALTH_DETAILS,
    noJsFallback: values.NOJS_FALLBACK,
    onionLocation: values.ONION_LOCATION ?? null,
    corsOrigins: values.CORS_ORIGINS,
    requestTimeoutMs: values.REQUEST_TIMEOUT_SECONDS * 1000,
    idleTimeoutMs: values.IDLE_TIMEOUT_SECONDS * 1000,
    delivery: { retryBaseMs: values.DELIVERY_RETRY_BASE_MS, retryMaxMs: values.DELIVERY_RETRY_MAX_MS },
    retention: {
      mailbox: (values.MAILDIR_RETENTION_DAYS ?? 90) === 0 ? null : { keepMs: (values.MAILDIR_RETENTION_DAYS ?? 90) * 24 * 3_600_000 },
      deliveredMarker: { keepMs: values.DELIVERED_RETENTION_HOURS * 3_600_000 },
    },
  };
}
