// Environment parsing: defaults for the one-machine demo, and a message naming every bad
// variable (and never echoing a value, since SMTP_URL may hold a password).
import { describe, expect, it } from 'vitest';
import { loadRelayConfig, parseByteSize, RelayConfigError } from '../../src/relay/config.ts';

const cwd = '/srv/ngao';

function problemsOf(env: Record<string, string>): string {
  try {
    loadRelayConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(RelayConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadRelayConfig', () => {
  it('has defaults for a local run: loopback, dist/, var/mail, no SMTP, 48 MiB bodies', () => {
    const config = loadRelayConfig({}, cwd);
    expect(config).toMatchObject({
      port: 4321,
      host: '127.0.0.1',
      siteDir: '/srv/ngao/dist',
      maildir: '/srv/ngao/var/mail',
      smtp: null,
      maxBodyBytes: 48 * 1024 * 1024,
      maxBufferedBytes: 4 * 48 * 1024 * 1024,
      rateLimit: { burst: 10, perHour: 60 },
      trustProxy: 'none',
      healthDetails: 'loopback',
      noJsFallback: true,
      onionLocation: null,
      corsOrigins: [],
    });
  });

  it('reads a full production configuration', () => {
    const onion = `http://${'a'.repeat(56)}.onion`;
    const config = loadRelayConfig(
      {
        PORT: '8080',
        HOST: '::1',
        SITE_DIR: '/var/www/ngao',
        MAILDIR: 'spool',
        SMTP_URL: 'smtps://relay:s3cret@mail.example.org:465',
        MAIL_TO: 'reports@example.org, duty@example.org',
        MAIL_FROM: 'relay@example.org',
        MAX_BODY_SIZE: '60MiB',
        RATE_LIMIT_BURST: '5',
        RATE_LIMIT_PER_HOUR: '20',
        TRUST_PROXY: 'on',
        HEALTH_DETAILS: 'off',
        NOJS_FALLBACK: 'off',
        ONION_LOCATION: onion,
        CORS_ORIGINS: 'https://ngao.example.org',
      },
      cwd,
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '::1',
      siteDir: '/var/www/ngao',
      maildir: '/srv/ngao/spool',
      smtp: { url: 'smtps://relay:s3cret@mail.example.org:465', to: ['reports@example.org', 'duty@example.org'], from: 'relay@example.org' },
      maxBodyBytes: 60 * 1024 * 1024,
      rateLimit: { burst: 5, perHour: 20 },
      trustProxy: 'loopback',
      healthDetails: 'off',
      noJsFallback: false,
      onionLocation: onion,
      corsOrigins: ['https://ngao.example.org'],
    });
  });

  it('treats empty variables as unset and RATE_LIMIT_PER_HOUR=0 as no rate limit', () => {
    const config = loadRelayConfig({ PORT: '', SMTP_URL: ' ', RATE_LIMIT_PER_HOUR: '0' }, cwd);
    expect(config.port).toBe(4321);
    expect(config.smtp).toBeNull();
    expect(config.rateLimit).toBeNull();
  });

  it('names each bad variable and what it expects', () => {
    const message = problemsOf({
      PORT: 'eighty',
      HOST: 'example.org',
      NOJS_FALLBACK: 'maybe',
      MAX_BODY_SIZE: '2TB',
      ONION_LOCATION: 'http://example.onion/',
      HEALTH_DETAILS: 'everyone',
    });
    expect(message).toMatch(/PORT: expected a whole number from 0 to 65535/);
    expect(message).toMatch(/HOST: expected an IP address/);
    expect(message).toMatch(/NOJS_FALLBACK: expected on or off/);
    expect(message).toMatch(/MAX_BODY_SIZE: expected a size/);
    expect(message).toMatch(/ONION_LOCATION: expected http:\/\/<56 base32 characters>\.onion/);
    expect(message).toMatch(/HEALTH_DETAILS: expected loopback or off/);
  });

  it('requires MAIL_TO and MAIL_FROM with SMTP_URL, and SMTP_URL with MAIL_TO', () => {
    expect(problemsOf({ SMTP_URL: 'smtp://mail.example.org' })).toMatch(/MAIL_TO: required when SMTP_URL is set[\s\S]*MAIL_FROM: required/);
    expect(problemsOf({ MAIL_TO: 'reports@example.org' })).toMatch(/SMTP_URL: required when MAIL_TO is set/);
    expect(problemsOf({ SMTP_URL: 'http://mail.example.org', MAIL_TO: 'x', MAIL_FROM: 'y@example.org' })).toMatch(
      /SMTP_URL: expected smtp:\/\/[\s\S]*MAIL_TO: expected an e-mail address/,
    );
  });

  it('never repeats a value in its message (an SMTP password must not reach a log)', () => {
    const message = problemsOf({ SMTP_URL: 'ftp://relay:hunter2-secret@mail.example.org', MAIL_TO: 'r@example.org', MAIL_FROM: 'f@example.org' });
    expect(message).toMatch(/SMTP_URL/);
    expect(message).not.toMatch(/hunter2/);
  });
});

describe('parseByteSize', () => {
  it('keeps the mailbox 90 days by default, for ever with 0, and refuses a Maildir retention beside SMTP', () => {
    expect(loadRelayConfig({}, cwd).retention).toEqual({ mailbox: { keepMs: 90 * 86_400_000 }, deliveredMarker: { keepMs: 24 * 3_600_000 } });
    expect(loadRelayConfig({ MAILDIR_RETENTION_DAYS: '0' }, cwd).retention.mailbox).toBeNull();
    expect(loadRelayConfig({ MAILDIR_RETENTION_DAYS: '30', DELIVERED_RETENTION_HOURS: '2' }, cwd).retention).toEqual({
      mailbox: { keepMs: 30 * 86_400_000 },
      deliveredMarker: { keepMs: 2 * 3_600_000 },
    });
    expect(problemsOf({ MAILDIR_RETENTION_DAYS: 'forever', DELIVERED_RETENTION_HOURS: '0' })).toMatch(
      /MAILDIR_RETENTION_DAYS: expected a whole number of days from 0 \(keep\) to 3650[\s\S]*DELIVERED_RETENTION_HOURS: expected a whole number from 1 to 720/,
    );
    expect(
      problemsOf({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_TO: 'a@example.org', MAIL_FROM: 'b@example.org', MAILDIR_RETENTION_DAYS: '30' }),
    ).toMatch(/MAILDIR_RETENTION_DAYS: has no effect with SMTP_URL/);
  });

  it('reads bytes and binary units', () => {
    expect(parseByteSize('1024')).toBe(1024);
    expect(parseByteSize('35MiB')).toBe(35 * 1024 * 1024);
    expect(parseByteSize('35 mb')).toBe(35 * 1024 * 1024);
    expect(parseByteSize('512K')).toBe(512 * 1024);
    expect(parseByteSize('1G')).toBe(1024 ** 3);
    expect(parseByteSize('1.5M')).toBeUndefined();
    expect(parseByteSize('lots')).toBeUndefined();
  });
});
