// Checks over the built files themselves: valid HTML everywhere, no broken internal link.
import { expect, test } from '@playwright/test';
import { HtmlValidate, FileSystemConfigLoader } from 'html-validate';
import { join } from 'node:path';
import { builtPages } from '../../src/integrations/built-pages.ts';
import { findBrokenLinks } from '../../src/integrations/internal-links.ts';
import { testPaths } from '../support/test-site.ts';

test('every built page is valid HTML', async () => {
  const validator = new HtmlValidate(new FileSystemConfigLoader({
    extends: ['html-validate:recommended'],
    rules: {
      // Astro writes void elements as <meta ...> and inlines style/script; both are valid HTML.
      'void-style': 'off',
      'no-inline-style': 'off',
      'long-title': 'off',
      // HTML5 allows any non-space character in an id; Arabic headings get Arabic ids.
      'valid-id': ['error', { relaxed: true }],
    },
  }));
  const problems: string[] = [];
  for (const page of builtPages(testPaths.site)) {
    const file = join(testPaths.site, page.endsWith('/') ? `${page}index.html` : page);
    const report = await validator.validateFile(file);
    for (const result of report.results) {
      for (const message of result.messages) problems.push(`${page}:${message.line}: ${message.ruleId} ${message.message}`);
    }
  }
  expect(problems).toEqual([]);
});

test('every internal link resolves', () => {
  expect(findBrokenLinks(testPaths.site)).toEqual([]);
});
