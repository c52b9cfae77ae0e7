import { localeSchema, type Locale } from '../../schemas/common.ts';
import { textDirection, useTranslations, type UiKey } from '../../i18n/index.ts';
import { submissionFieldNames, type SubmissionFieldError } from '../../submission/record/form-fields.ts';

/**
 * The pages a person sees after using the form without JavaScript: the receipt (the
 * site's own built page, with the receipt code written in) and, when something is wrong,
 * a plain page in the form's language that says what, and gives back everything they
 * wrote, so that nothing they typed is lost whatever their browser does on "Back".
 *
 * Pure string building; every piece of text that came from the request is escaped.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The best of the site's languages for an `Accept-Language` header, else English. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const wanted = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().toLowerCase().split(';');
      const q = Number(parameters.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean) ?? 1);
      return { language: tag.split('-')[0]!, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of wanted) {
    const parsed = localeSchema.safeParse(language);
    if (parsed.success) return parsed.data;
  }
  return 'en';
}

function page(locale: Locale, title: string, body: string): string {
  const direction = textDirection(locale);
  return [
    '<!doctype html>',
    `<html lang="${locale}" dir="${direction}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title></head>`,
    `<body><main>${body}</main></body></html>`,
  ].join('\n');
}

/** The submission form page of `locale`, where "try again" leads. */
const formPath = (locale: Locale) => `/${locale}/submit/`;

/**
 * The built receipt page (`/<locale>/submit/received/`) with the code written into its
 * `data-received-receipt` element; a plain page if the site has none.
 */
export function receiptPage(locale: Locale, receipt: string, builtTemplate: string | undefined): string {
  const code = escapeHtml(receipt);
  const filled = builtTemplate?.replace(/(<[a-z]+\b[^>]*\bdata-received-receipt\b[^>]*>)(<\/[a-z]+>)/, `$1${code}$2`);
  if (filled && filled !== builtTemplate) return filled;
  const t = useTranslations(locale);
  return page(
    locale,
    t('success.title'),
    `<h1>${escapeHtml(t('success.title'))}</h1><p>${escapeHtml(t('received.weaker'))}</p>` +
      `<p>${escapeHtml(t('success.receipt'))}:</p><p dir="ltr" data-received-receipt>${code}</p>`,
  );
}

const fieldLabelKeys: Record<string, UiKey> = {
  ...Object.fromEntries(submissionFieldNames.map((name) => [name, `field.${name}` as UiKey])),
  attachments: 'field.attachments',
  website: 'submit.title',
};

/**
 * The form's errors, each with its field, then what the person wrote (so they can copy
 * it if their browser does not keep it when they go back), then a link to the form.
 */
export function validationErrorPage(
  locale: Locale,
  errors: readonly SubmissionFieldError[],
  written: Readonly<Record<string, string>>,
): string {
  const t = useTranslations(locale);
  const items = errors
    .map((error) => `<li>${escapeHtml(t(fieldLabelKeys[error.field] ?? 'submit.title'))}: ${escapeHtml(t(`error.${error.code}` as UiKey))}</li>`)
    .join('');
  const echoes = submissionFieldNames
    .filter((name) => (written[name] ?? '').trim() !== '')
    .map((name) => `<h2>${escapeHtml(t(fieldLabelKeys[name]!))}</h2><pre>${escapeHtml(written[name]!)}</pre>`)
    .join('');
  return page(
    locale,
    t('submit.errorsTitle'),
    `<h1>${escapeHtml(t('submit.errorsTitle'))}</h1><ul>${items}</ul>${echoes}` +
      `<p><a href="${formPath(locale)}">${escapeHtml(t('submit.title'))}</a></p>`,
  );
}

/** Why the fallback could not take the testimony (size, rate, server), and the way back to the form. */
export function failurePage(locale: Locale, reason: 'failure.tooLarge' | 'failure.rateLimited' | 'failure.server' | 'submit.noJsUnavailable'): string {
  const t = useTranslations(locale);
  const heading = reason === 'submit.noJsUnavailable' ? t('submit.title') : t('failure.title');
  return page(
    locale,
    heading,
    `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(t(reason))}</p><p><a href="${formPath(locale)}">${escapeHtml(t('submit.title'))}</a></p>`,
  );
}
