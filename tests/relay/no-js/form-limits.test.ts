// The no-JavaScript form's bounds, against a real relay: a body of countless parts, too
// many files, or more bytes than the attachment limit allows is refused before the form
// is parsed, and nothing is stored; forms within the bounds still go through. And one
// form is sealed at a time, however many arrive together.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormFallback } from '../../../src/relay/no-js/form-fallback.ts';
import { formPartCount, maxFormFiles } from '../../../src/relay/no-js/form-limits.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { startRelayInProcess, type InProcessRelay } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

let organisation: TestRecipient;
let relay: InProcessRelay;

const fields = { locale: 'en', affectedType: 'person', affected: 'A person', whatHappened: 'CANARY-limits', whenText: 'yesterday', country: 'UG', perpetratorType: 'state', consent: 'anonymised' };

beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
  relay = await startRelayInProcess({ SITE_DIR: makeSiteFolder([organisation]), MAILDIR: temporaryFolder('maildir'), RATE_LIMIT_PER_HOUR: '0' });
});

afterAll(async () => {
  await relay.close();
});

const stored = () => readdirSync(join(relay.config.maildir, 'new')).length;
const post = (body: BodyInit, headers: Record<string, string> = {}) => fetch(`${relay.url}/api/submissions/form`, { method: 'POST', headers, body });

function formWithFiles(count: number, bytes = 1): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (let index = 0; index < count; index++) form.append('attachments', new File([new Uint8Array(bytes).fill(65)], `file-${index}.txt`, { type: 'text/plain' }));
  return form;
}

describe('bounds of the no-JavaScript form', () => {
  it('refuses a URL-encoded body of 100 000 fields with 413, storing nothing', async () => {
    const before = stored();
    const response = await post(`${new URLSearchParams(fields)}${'&z='.repeat(100_000)}`, { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('too large');
    expect(stored()).toBe(before);
    expect(relay.log.submissions.at(-1)?.outcome).toBe('rejected:too_many_parts');
  });

  it('refuses a multipart body of 20 000 empty parts, and more files than it takes', async () => {
    const before = stored();
    const parts = new FormData();
    for (const [name, value] of Object.entries(fields)) parts.append(name, value);
    for (let index = 0; index < 20_000; index++) parts.append('z', '');
    expect((await post(parts)).status).toBe(413);
    expect((await post(formWithFiles(maxFormFiles + 1))).status).toBe(413);
    expect(stored()).toBe(before);
  });

  it(`still takes ${maxFormFiles} files`, async () => {
    const before = stored();
    expect((await post(formWithFiles(maxFormFiles))).status).toBe(200);
    expect(stored()).toBe(before + 1);
  });

  it('refuses a body larger than the attachments allowed plus the text fields, before parsing it', async () => {
    const before = stored();
    const response = await post(formWithFiles(1, 28 * 1024 * 1024));
    expect(response.status).toBe(413);
    expect(relay.log.submissions.at(-1)?.outcome).toBe('rejected:too_large');
    expect(stored()).toBe(before);
  });
});

describe('sealing no-JS forms', () => {
  it('seals one form at a time when several arrive together', async () => {
    let sealing = 0;
    let mostAtOnce = 0;
    const handle = createFormFallback({
      siteDir: temporaryFolder('site'),
      enabled: true,
      // Called inside sealing; the pause lets a second form catch up if it is allowed to.
      recipients: async () => {
        mostAtOnce = Math.max(mostAtOnce, ++sealing);
        await new Promise((resolve) => setTimeout(resolve, 50));
        sealing--;
        return { pinnedFingerprints: [organisation.fingerprint], armoredKeys: [organisation.armoredPublicKey] };
      },
      accept: async () => ({ ok: true, id: '0'.repeat(32) }),
    });
    const body = new TextEncoder().encode(new URLSearchParams(fields).toString());
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        handle(
          {
            contentType: 'application/x-www-form-urlencoded',
            acceptLanguage: 'en',
            rateLimit: () => ({ allowed: true }),
            readBody: async () => ({ ok: true, body: body.slice(), release: () => {} }),
          },
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303, 303]);
    expect(mostAtOnce).toBe(1);
  });
});

describe('formPartCount', () => {
  it('counts URL-encoded pairs and multipart parts without parsing', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(formPartCount('application/x-www-form-urlencoded', bytes('a=1&b=2&c='))).toBe(3);
    expect(formPartCount('application/x-www-form-urlencoded', bytes(''))).toBe(0);
    const multipart = '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n--XyZ--\r\n';
    expect(formPartCount('multipart/form-data; boundary=XyZ', bytes(multipart))).toBe(2);
    expect(formPartCount('multipart/form-data; boundary="XyZ"', bytes(multipart))).toBe(2);
    expect(formPartCount('multipart/form-data', bytes(multipart))).toBeUndefined();
  });
});
