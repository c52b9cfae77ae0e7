// The content editor for non-developers, for real: `npm run editor`'s servers (Decap CMS
// and its file proxy) on a throw-away copy of the project, driven in Chromium. An edit
// made through the editor lands in the programme's YAML file and the build accepts it; a
// bad value typed into the editor is refused by the build, naming the file and the field.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { buildSandbox, makeSandbox } from '../support/sandbox.ts';

const projectRoot = process.cwd();
const base = Number(process.env.NGAO_TEST_PORT || 4391);
const editorPort = base + 20;
const proxyPort = base + 21;
const programme = 'content/programmes/africa-hrd-fund.yaml';
let sandbox: string;
let editor: ChildProcess;

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  sandbox = makeSandbox(projectRoot, 'editor');
  editor = spawn(process.execPath, ['src/editor/run.ts'], {
    cwd: projectRoot,
    env: { ...process.env, NGAO_EDITOR_PORT: String(editorPort), NGAO_EDITOR_PROXY_PORT: String(proxyPort), NGAO_EDITOR_REPO: sandbox },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Ngao editor:') && seen.includes('listening')) resolve();
    };
    editor.stdout!.on('data', onData);
    editor.stderr!.on('data', onData);
    editor.on('exit', (code) => reject(new Error(`editor exited with ${code}: ${seen}`)));
  });
});
test.afterAll(() => {
  editor?.kill();
  rmSync(sandbox, { recursive: true, force: true });
});

async function openProgramme(page: Page) {
  await page.goto(`http://127.0.0.1:${editorPort}/#/collections/programmes/entries/africa-hrd-fund`);
  await page.getByRole('button', { name: 'Login' }).click();
  await expect(page.getByLabel('Duration')).toBeVisible({ timeout: 60_000 });
}

async function publish(page: Page) {
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText('Publish now').click();
  await expect(page.getByText(/Entry saved/i)).toBeVisible({ timeout: 30_000 });
}

test('an edit made in the editor is written to the file and the build accepts it', async ({ page }) => {
  await openProgramme(page);
  await page.getByLabel('Duration').fill('One-off grant');
  await publish(page);
  const text = readFileSync(join(sandbox, programme), 'utf8');
  expect(text).toMatch(/^duration: One-off grant$/m);
  expect(text).toMatch(/^name: Africa HRD Fund \(Online Hub Cities\)$/m);
  const { code, output } = await buildSandbox(sandbox, { NGAO_KEYS_DIR: join(projectRoot, 'var/test/keys') });
  expect(output).not.toMatch(/\[ERROR\]/);
  expect(code).toBe(0);
});

test('a bad value typed in the editor is refused by the build, naming file and field', async ({ page }) => {
  // The editor takes free text in the e-mail field; the schema is the judge.
  await openProgramme(page);
  await page.getByLabel('Email').fill('not-an-email');
  await publish(page);
  expect(readFileSync(join(sandbox, programme), 'utf8')).toContain('email: not-an-email');
  const { code, output } = await buildSandbox(sandbox, { NGAO_KEYS_DIR: join(projectRoot, 'var/test/keys') });
  expect(code).not.toBe(0);
  expect(output).toMatch(/africa-hrd-fund/);
  expect(output).toMatch(/contact\.email/);
});
