// The no-JS form answers Post/Redirect/Get: a browser keeps a POST's body with the
// history entry it produced (and Chromium writes it to disk for session restore), so a
// sealed form is answered 303 See Other to a GET page whose address holds a random token,
// never the testimony or the receipt; the token shows the receipt for ten minutes.
import { describe, expect, it } from 'vitest';
import { ReceiptHandoff } from '../../../src/relay/no-js/receipt-handoff.ts';
import { makeRecipient } from '../../support/keys.ts';
import { startRelayInProcess } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

const fields = { locale: 'fr', affectedType: 'person', affected: 'A person', whatHappened: 'CANARY-prg', whenText: 'hier', country: 'UG', perpetratorType: 'state', consent: 'anonymised' };

describe('the no-JS form’s answer', () => {
  it('is a 303 to a token page that shows the receipt, never cached, and nothing of the testimony in the address', async () => {
    const relay = await startRelayInProcess({ SITE_DIR: makeSiteFolder([await makeRecipient('Organisation')]), MAILDIR: temporaryFolder('maildir'), RATE_LIMIT_PER_HOUR: '0' });
    try {
      const posted = await fetch(`${relay.url}/api/submissions/form`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
      expect(posted.status).toBe(303);
      expect(posted.headers.get('cache-control')).toBe('no-store');
      const location = posted.headers.get('location')!;
      expect(location).toMatch(/^\/api\/submissions\/form\/received\/[A-Za-z0-9_-]{22}$/);
      expect(await posted.text()).toBe('');

      const shown = await fetch(`${relay.url}${location}`);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('cache-control')).toBe('no-store');
      const html = await shown.text();
      const receipt = /data-received-receipt>([0-9A-Z-]{19})</.exec(html)?.[1];
      expect(receipt).toBeDefined();
      expect(html).toContain('lang="fr"');
      expect(html).not.toContain('CANARY-prg');
      expect(location).not.toContain(receipt!);

      // Any other token, or none, is an ordinary "no longer available" page.
      const unknown = await fetch(`${relay.url}/api/submissions/form/received/AAAAAAAAAAAAAAAAAAAAAA`, { headers: { 'Accept-Language': 'sw' } });
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('Ukurasa huu wa risiti haupatikani tena');
    } finally {
      await relay.close();
    }
  });
});

describe('ReceiptHandoff', () => {
  it('finds a receipt by its token for ten minutes, then forgets it', () => {
    const handoff = new ReceiptHandoff();
    const token = handoff.put({ locale: 'en', receipt: '7K2M-Q9XD-3HBT-0ZQE' }, 0);
    expect(handoff.get(token, 9 * 60_000)).toEqual({ locale: 'en', receipt: '7K2M-Q9XD-3HBT-0ZQE' });
    expect(handoff.get(token, 10 * 60_000)).toBeUndefined();
    expect(handoff.get(token, 0)).toBeUndefined();
  });

  it('makes a fresh token each time and stays within its bound', () => {
    const handoff = new ReceiptHandoff({ maxEntries: 3 });
    const tokens = Array.from({ length: 5 }, (_, index) => handoff.put({ locale: 'en', receipt: `R${index}` }, index));
    expect(new Set(tokens).size).toBe(5);
    expect(tokens.map((token) => handoff.get(token, 10)?.receipt)).toEqual([undefined, undefined, 'R2', 'R3', 'R4']);
  });
});
