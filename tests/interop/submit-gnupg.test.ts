// The submission pipeline against the real peers: validateSubmission and sealSubmission run in Node (with
// OpenPGP.js's Node build and with the lightweight build the browser loads), GnuPG 2.2
// decrypts with keys it generated itself (Curve25519, RSA 4096, and both at once), a
// real MIME parser (postal-mime) reads the plaintext, exiftool inspects the photos, and
// Chromium decodes them to prove the pixels did not change.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import * as openpgpNode from 'openpgp';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryLabels } from '../../src/submission/record/summary-labels.ts';
import { useTranslations } from '../../src/i18n/index.ts';
import { submissionRecordSchema } from '../../src/submission/record/schema.ts';
import type { OpenPGPModule } from '../../src/submission/seal/encrypt.ts';
import { sealSubmission, type SealedSubmission } from '../../src/submission/seal/seal.ts';
import { stripImageMetadata } from '../../src/submission/image-metadata/strip-metadata.ts';
import { validateSubmission } from '../../src/submission/record/validate.ts';
import { launchChromium } from '../support/chromium.ts';
import { generateGpgKey, gpgDecryptWithStatus, type TestKeyKind } from '../support/gpg.ts';

// The browser's entry point is only exported under the "browser" condition; load its file.
const lightweightBuild = new URL('../../node_modules/openpgp/dist/lightweight/openpgp.mjs', import.meta.url).href;
const openpgpLightweight = (await import(lightweightBuild)) as OpenPGPModule;

const scratch = mkdtempSync(join(tmpdir(), 'ngao-interop-'));
const keyKinds: TestKeyKind[] = ['curve25519', 'rsa3072', 'rsa4096'];
const homes = Object.fromEntries(keyKinds.map((kind) => [kind, join(scratch, `gnupg-${kind}`)])) as Record<TestKeyKind, string>;
const publicKeys = {} as Record<TestKeyKind, string>;
let browser: Browser;

beforeAll(async () => {
  for (const kind of keyKinds) publicKeys[kind] = generateGpgKey(homes[kind], kind, `${kind}@test.ngao.example`);
  browser = await launchChromium();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const images = new URL('../fixtures/images/', import.meta.url).pathname;
const photos = {
  jpeg: new Uint8Array(readFileSync(join(images, 'gps.jpg'))),
  png: new Uint8Array(readFileSync(join(images, 'gps.png'))),
  webp: new Uint8Array(readFileSync(join(images, 'gps.webp'))),
};
const blob = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 2654435761) >>> 24);

const canaries = {
  affected: 'CANARY-affected-5e1d Wanjiru (mwanaharakati)',
  whatHappened: 'CANARY-story-0b7c\nWalivamia mkutano wetu saa tatu usiku.\nمرحبا — «quoted» = sign\ttab, trailing space \nend',
  perpetrator: 'CANARY-perpetrator-77aa',
};
const fields = {
  affectedType: 'group',
  affected: canaries.affected,
  whatHappened: canaries.whatHappened,
  whenDate: '',
  whenText: 'Machi 2026',
  country: 'tz',
  locality: 'CANARY-locality-9d2f',
  perpetratorType: 'non-state',
  perpetrator: canaries.perpetrator,
  consequences: 'Two people were injured.',
  stepsTaken: '',
  consent: 'named',
  replyChannel: 'CANARY-reply-signal',
  website: '',
};
const attachments = [
  { name: 'picha_1.jpg', type: 'image/jpeg', bytes: photos.jpeg, keepOriginal: false },
  { name: 'screenshot.png', type: 'image/png', bytes: photos.png, keepOriginal: false },
  { name: 'صورة.webp', type: 'image/webp', bytes: photos.webp, keepOriginal: false },
  { name: 'original kept.jpg', type: 'image/jpeg', bytes: photos.jpeg, keepOriginal: true },
  { name: 'CANARY-recording.bin', type: 'application/octet-stream', bytes: blob, keepOriginal: false },
];

function prepare(recipients: TestKeyKind[], openpgp: OpenPGPModule): Promise<SealedSubmission> {
  return sealSubmission(validateSubmission({ fields, attachments, now: new Date() }), {
    locale: 'sw',
    labels: summaryLabels(useTranslations('sw')),
    now: new Date(),
    recipients: {
      pinnedFingerprints: recipients.map((kind) => /^fpr:+([0-9A-F]{40}):/m.exec(execFileSync('gpg', ['--with-colons', '--show-keys'], { input: publicKeys[kind], encoding: 'utf8' }))![1]!),
      armoredKeys: recipients.map((kind) => publicKeys[kind]),
    },
    openpgp,
    encryptedIn: 'browser',
  });
}

/** GnuPG's view of the packets, without decrypting (an empty home has no secret key). */
function gpgPackets(armored: string): string {
  const home = mkdtempSync(join(scratch, 'empty-'));
  return spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--list-packets'], { input: armored, encoding: 'utf8' }).stdout;
}

/** Decodes an image in Chromium; returns its size and its RGBA pixels. */
async function chromiumPixels(bytes: Uint8Array, type: string, orientation: 'none' | 'from-image') {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ data, type, orientation }) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(data)], { type }), { imageOrientation: orientation, colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return { width: bitmap.width, height: bitmap.height, rgba: Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data) };
      },
      { data: [...bytes], type, orientation },
    );
  } finally {
    await page.close();
  }
}

const cases: { label: string; recipients: TestKeyKind[]; openpgp: OpenPGPModule }[] = [
  { label: 'Curve25519 (OpenPGP.js lightweight build, as in the browser)', recipients: ['curve25519'], openpgp: openpgpLightweight },
  { label: 'RSA 3072 (lightweight build)', recipients: ['rsa3072'], openpgp: openpgpLightweight },
  { label: 'RSA 4096', recipients: ['rsa4096'], openpgp: openpgpNode },
  { label: 'Curve25519 and RSA 4096 in one message', recipients: ['curve25519', 'rsa4096'], openpgp: openpgpNode },
];

describe.each(cases)('GnuPG 2.2 reads a submission encrypted to $label', ({ recipients, openpgp }) => {
  let prepared: SealedSubmission;
  beforeAll(async () => {
    prepared = await prepare(recipients, openpgp);
  }, 120_000);

  it('the ciphertext is a plain SEIPD v1 message with one v3 session key per recipient, and holds no plaintext', () => {
    const packets = gpgPackets(prepared.armored);
    expect(packets.match(/:pubkey enc packet: version 3,/g)).toHaveLength(recipients.length);
    expect(packets).toMatch(/:encrypted data packet:\n\tlength: \d+\n\tmdc_method: 2/);
    expect(packets).not.toMatch(/compressed packet|aead encrypted packet|literal data packet/i);
    for (const canary of Object.values(canaries)) expect(prepared.armored).not.toContain(canary.slice(0, 12));
  });

  it.each(recipients)('the %s key decrypts it, integrity checked, and a MIME parser reads exactly what was entered', async (kind) => {
    const { plaintext, status } = gpgDecryptWithStatus(homes[kind], prepared.armored);
    expect(status).toMatch(/\[GNUPG:\] DECRYPTION_OKAY/);
    expect(status).toMatch(/\[GNUPG:\] GOODMDC/);
    expect(status).not.toMatch(/BADMDC|DECRYPTION_FAILED|NO_SECKEY.*\n.*DECRYPTION_FAILED/);
    expect(status.match(/\[GNUPG:\] ENC_TO /g)).toHaveLength(recipients.length);

    const email = await PostalMime.parse(new Uint8Array(plaintext));
    expect(email.subject).toBe(`${useTranslations('sw')('summary.subject')} ${prepared.receipt}`);
    for (const value of Object.values(canaries)) expect(email.text).toContain(value.replace(/\r\n?/g, '\n'));
    expect(email.text).toContain(prepared.receipt);

    const [json, ...files] = email.attachments;
    const record = submissionRecordSchema.parse(JSON.parse(new TextDecoder().decode(json!.content as ArrayBuffer)));
    expect(record).toEqual(prepared.record);
    expect(record.fields.whatHappened).toBe(canaries.whatHappened);

    expect(files.map((file) => file.filename)).toEqual(attachments.map((attachment) => attachment.name));
    expect(files.map((file) => file.mimeType)).toEqual(attachments.map((attachment) => attachment.type));
    const received = files.map((file) => new Uint8Array(file.content as ArrayBuffer));
    const cleaned = await Promise.all(attachments.map((attachment) => stripImageMetadata(attachment.bytes)));
    expect(Buffer.compare(received[0]!, cleaned[0]!.bytes)).toBe(0);
    expect(Buffer.compare(received[1]!, cleaned[1]!.bytes)).toBe(0);
    expect(Buffer.compare(received[2]!, cleaned[2]!.bytes)).toBe(0);
    expect(Buffer.compare(received[3]!, photos.jpeg)).toBe(0); // the original, as the person chose
    expect(Buffer.compare(received[4]!, blob)).toBe(0);
    received.forEach((bytes, index) => expect(record.attachments[index]!.size).toBe(bytes.length));
  });

  it('the photos arrive without metadata (exiftool) and with identical pixels (Chromium)', async () => {
    const { plaintext } = gpgDecryptWithStatus(homes[recipients[0]!], prepared.armored);
    const email = await PostalMime.parse(new Uint8Array(plaintext));
    const sent = [
      { format: 'jpeg', file: email.attachments[1]!, original: photos.jpeg },
      { format: 'png', file: email.attachments[2]!, original: photos.png },
      { format: 'webp', file: email.attachments[3]!, original: photos.webp },
    ] as const;
    for (const { format, file, original } of sent) {
      const bytes = new Uint8Array(file.content as ArrayBuffer);
      const path = join(scratch, `received.${format}`);
      writeFileSync(path, bytes);
      const tags = JSON.parse(execFileSync('exiftool', ['-j', '-G1', '-a', path], { encoding: 'utf8' }))[0] as Record<string, unknown>;
      // The ICC colour profile is kept on purpose (colours need it); its header fields describe the profile, not the camera.
      const leaked = Object.keys(tags).filter(
        (key) => !key.startsWith('ICC') && (/^(GPS|ExifIFD|IFD1|XMP|IPTC|Photoshop|MakerNotes)/.test(key) || /GPS|Make|Model|Serial|Artist|Software|Author|Comment|DateTimeOriginal|CreateDate|City/.test(key)),
      );
      expect(leaked, format).toEqual([]);
      expect(new TextDecoder('latin1').decode(bytes)).not.toMatch(/Canary|CANARY/);

      for (const orientation of ['none', 'from-image'] as const) {
        const [before, after] = await Promise.all([chromiumPixels(original, file.mimeType, orientation), chromiumPixels(bytes, file.mimeType, orientation)]);
        expect(after, `${format}, orientation ${orientation}`).toEqual(before);
        // Chromium turns JPEG and PNG by their EXIF orientation (6: 90° clockwise), so this
        // proves the kept orientation entry still works; it ignores it in WebP.
        if (orientation === 'from-image' && format !== 'webp') expect([after.width, after.height]).toEqual([32, 48]);
      }
    }
  });
});
