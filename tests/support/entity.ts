// A small plaintext MIME entity of the kind the form encrypts: a text summary and one
// attachment. The relay never reads it; the tests use it to check that what comes out
// of GnuPG at the far end is exactly what went in.
import { randomBytes } from 'node:crypto';

export interface SampleEntity {
  bytes: Buffer;
  summary: string;
  attachmentName: string;
  attachment: Buffer;
}

export function sampleEntity(label: string, attachmentBytes = 2048): SampleEntity {
  const boundary = `=_test_${randomBytes(8).toString('hex')}`;
  const summary = `Testimony ${label}: canary-${randomBytes(6).toString('hex')}`;
  const attachment = randomBytes(attachmentBytes);
  const attachmentName = `evidence-${label}.bin`;
  const base64Lines = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
  const bytes = Buffer.from(
    [
      `Content-Type: multipart/mixed; boundary="${boundary}"; protected-headers="v1"`,
      `Subject: Testimony ${label}`,
      'MIME-Version: 1.0',
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      summary,
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${attachmentName}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${attachmentName}"`,
      '',
      base64Lines,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
  return { bytes, summary, attachmentName, attachment };
}
