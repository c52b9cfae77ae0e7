// What a mail server and everyone who handles the mail afterwards learn from the outside
// of a delivered submission, checked against a real SMTP server: the headers are exactly
// the relay's seven, the Date is on the hour, the Message-ID is the submission id at the
// sender's domain, nothing carries the exact time, the client's address or this machine's
// name, and the EHLO greeting (which the server writes into its Received header) names the
// sender's domain rather than the relay's host.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { encryptArmoured } from '../../support/encrypt.ts';
import { sampleEntity } from '../../support/entity.ts';
import { makeRecipient } from '../../support/keys.ts';
import { startRelayInProcess } from '../../support/relay.ts';
import { mailingRelayEnv } from '../../support/site.ts';
import { startSmtpServer } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

describe('the delivered mail, seen from outside', () => {
  it('carries only the relay’s own headers, hour-rounded, and greets the server with the sender’s domain', async () => {
    const organisation = await makeRecipient('Organisation');
    const smtp = await startSmtpServer();
    const relay = await startRelayInProcess(mailingRelayEnv([organisation], smtp.url, { MAIL_FROM: 'relay@reports.example.org' }));
    try {
      const armoured = await encryptArmoured(sampleEntity('outer-headers').bytes, [organisation.publicKey]);
      const before = Date.now();
      const answer = await fetch(`${relay.url}/api/submissions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/pgp-encrypted', 'X-Forwarded-For': '203.0.113.77', 'User-Agent': 'CANARY-agent' },
        body: armoured,
      });
      expect(answer.status).toBe(202);
      const { id } = (await answer.json()) as { id: string };
      await waitFor('the mail to arrive', () => smtp.received.length === 1);
      const mail = smtp.received[0]!;

      expect(mail.helo).toBe('reports.example.org');
      expect(mail.from).toBe('relay@reports.example.org');

      const raw = mail.raw.toString('latin1');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      const headers = head.split('\r\n').map((line) => /^([^:]+): (.*)$/.exec(line)!);
      expect(headers.map((match) => match[1])).toEqual(['Message-ID', 'Date', 'From', 'To', 'Subject', 'MIME-Version', 'Content-Type']);
      const value = (name: string) => headers.find((match) => match[1] === name)![2]!;
      expect(value('Message-ID')).toBe(`<${id}@reports.example.org>`);
      expect(value('Subject')).toBe('Encrypted submission');
      expect(value('Date')).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:00:00 \+0000$/);
      expect(new Date(value('Date')).getTime()).toBe(Math.floor(before / 3_600_000) * 3_600_000);

      // Nothing else in the message may carry the machine, the client or the exact time.
      const everythingButTheArmour = raw.replace(/-----BEGIN PGP MESSAGE-----[\s\S]*-----END PGP MESSAGE-----/, '');
      for (const secret of ['127.0.0.1', '203.0.113.77', 'CANARY-agent', ...(hostname().length >= 4 ? [hostname()] : [])]) {
        expect(everythingButTheArmour).not.toContain(secret);
      }
      expect(everythingButTheArmour).not.toMatch(/\d\d:(?!00:00)\d\d:\d\d/);
    } finally {
      await relay.close();
      await smtp.close();
    }
  });
});
