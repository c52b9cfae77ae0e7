/**
 * The form's behaviour in the browser. This part is small and loads with the page; the
 * heavy parts are fetched on demand: the validation chunk (`submission/record/validate.ts`, the zod
 * schema) and the encryption chunk (`encryption.ts`, OpenPGP.js) on the first interaction
 * with the form, the metadata stripper when a file is attached.
 *
 * What must never happen: plaintext in a request, in storage, or in the URL. The only
 * request this file makes is the POST of an armoured OpenPGP message; the ciphertext is
 * kept in memory for retry, download and copy, and dropped on success.
 */
import type { SubmissionFieldError } from '../../submission/record/form-fields.ts';

type Validation = typeof import('../../submission/record/validate.ts');
type Encryption = typeof import('./encryption.ts');
interface SelectedFile { file: File; keepOriginal: boolean }

// Kept inside this script on purpose: a component script that imports nothing is inlined
// into the page by the build, saving a request on every page.
function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`SubmissionForm: expected an element matching ${selector}`);
  return element;
}

export function enableSubmissionForm(): void {
  const form = required<HTMLFormElement>(document, '[data-submission-form]');
  const body = required<HTMLFieldSetElement>(form, '[data-form-body]');
  const fileInput = required<HTMLInputElement>(form, 'input[type="file"]');
  const fileList = required<HTMLUListElement>(form, '[data-attachment-list]');
  const fileTotal = required<HTMLElement>(form, '[data-attachment-total]');
  const progress = required<HTMLElement>(form, '[data-progress]');
  const summary = required<HTMLElement>(form, '[data-error-summary]');
  const success = required<HTMLElement>(document, '[data-success]');
  const failure = required<HTMLElement>(document, '[data-failure]');
  const messages = JSON.parse(form.dataset.messages!) as Record<string, string> & { meta: Record<string, string> };
  const errorTexts = JSON.parse(form.dataset.errors!) as Record<string, string>;
  const maxBytes = Number(form.dataset.maxBytes);

  // From here on the script validates and encrypts; the server-side fallback is not used,
  // so its note goes, and the honeypot too (autofill could fill it and block a person;
  // it only ever served against bots posting the no-JS form).
  body.disabled = false;
  form.noValidate = true;
  form.removeAttribute('action');
  required<HTMLElement>(form, '[data-keep-originals]').hidden = true;
  form.querySelector('[data-fallback-note]')?.remove();
  form.querySelector('.honeypot')?.remove();
  const sendButton = required<HTMLButtonElement>(form, '[data-send]');
  sendButton.textContent = sendButton.dataset.label ?? sendButton.textContent;

  let validation: Promise<Validation> | undefined;
  let encryption: Promise<Encryption> | undefined;
  const loadValidation = () => (validation ??= import('../../submission/record/validate.ts'));
  const loadEncryption = () => (encryption ??= import('./encryption.ts'));
  form.addEventListener(
    'focusin',
    () => {
      void loadValidation().catch(() => undefined);
      void loadEncryption().catch(() => undefined);
    },
    { once: true },
  );

  let selected: SelectedFile[] = [];
  let armored: string | undefined;
  let receipt: string | undefined;
  let dirty = false;
  let sending = false;
  // A change after a failed send makes the encrypted copy stale: drop it, so what is sent
  // is always what is on screen.
  const discardCiphertext = () => {
    armored = undefined;
    receipt = undefined;
    failure.hidden = true;
  };
  form.addEventListener('input', () => ((dirty = true), discardCiphertext()));
  form.addEventListener('change', discardCiphertext);
  window.addEventListener('beforeunload', (event) => {
    // Never stand in the way of the quick exit: a "Leave site?" dialog is the last thing a
    // person in danger needs on screen.
    if (document.documentElement.classList.contains('ngao-exiting')) return;
    if (dirty || armored) event.preventDefault();
  });

  const sizeText = (bytes: number) => new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024) + ' MB';
  const renderFiles = () => {
    fileList.replaceChildren();
    selected.forEach((entry, index) => {
      const item = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = entry.file.name;
      const details = document.createElement('span');
      details.textContent = ` (${sizeText(entry.file.size)}) `;
      const note = document.createElement('p');
      note.className = 'meta';
      const keep = document.createElement('label');
      keep.className = 'choice';
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.checked = entry.keepOriginal;
      checkbox.addEventListener('change', () => {
        entry.keepOriginal = checkbox.checked;
        discardCiphertext();
        void describe();
      });
      keep.append(checkbox, ` ${messages.keep!.replace('{name}', entry.file.name)}`);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'secondary';
      remove.textContent = messages.remove!.replace('{name}', entry.file.name);
      remove.addEventListener('click', () => {
        selected = selected.filter((_, i) => i !== index);
        discardCiphertext();
        renderFiles();
      });
      item.append(name, details, note, keep, remove);
      fileList.append(item);
      // What hidden information the file holds is shown before anything is sent.
      const describe = async () => {
        const { stripImageMetadata } = await import('../../submission/image-metadata/strip-metadata.ts');
        const found = await stripImageMetadata(new Uint8Array(await entry.file.arrayBuffer()));
        if (!found.cleanable) {
          note.textContent = messages.cannotClean!;
          keep.hidden = true;
          return;
        }
        const names = found.found.map((kind) => messages.meta[kind]).join(', ');
        note.textContent = found.found.length === 0 ? messages.none! : (entry.keepOriginal ? messages.kept! : messages.removed!).replace('{details}', names);
      };
      void describe();
    });
    const total = selected.reduce((sum, s) => sum + s.file.size, 0);
    fileTotal.textContent = selected.length ? messages.total!.replace('{count}', String(selected.length)).replace('{size}', sizeText(total)) : '';
  };
  fileInput.addEventListener('change', () => {
    selected = [...selected, ...[...(fileInput.files ?? [])].map((file) => ({ file, keepOriginal: false }))];
    fileInput.value = '';
    renderFiles();
  });

  const clearErrors = () => {
    summary.hidden = true;
    form.querySelectorAll<HTMLElement>('.field-error').forEach((p) => ((p.hidden = true), (p.textContent = '')));
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  };
  const showErrors = (errors: readonly SubmissionFieldError[]) => {
    const list = summary.querySelector('ul')!;
    list.replaceChildren();
    for (const { field, code } of errors) {
      const message = errorTexts[code] ?? errorTexts.invalid!;
      const slot = form.querySelector<HTMLElement>(`#f-${field}-error`);
      const control = form.querySelector<HTMLElement>(`[name="${field}"]`);
      if (slot) {
        slot.textContent = message;
        slot.hidden = false;
      }
      control?.setAttribute('aria-invalid', 'true');
      const link = document.createElement('a');
      link.href = `#f-${field === 'affectedType' || field === 'perpetratorType' || field === 'consent' ? `${field}-error` : field}`;
      const label = control?.closest('.field')?.querySelector('label, legend')?.textContent?.trim();
      link.textContent = label ? `${label}: ${message}` : message;
      const item = document.createElement('li');
      item.append(link);
      list.append(item);
    }
    summary.hidden = false;
    summary.focus();
  };

  const failureReason = required<HTMLElement>(failure, '[data-failure-reason]');
  const showFailure = (reason: string) => {
    progress.textContent = '';
    failureReason.textContent = reason;
    required<HTMLButtonElement>(failure, '[data-download]').hidden = !armored;
    required<HTMLButtonElement>(failure, '[data-copy]').hidden = !armored;
    required<HTMLButtonElement>(failure, '[data-retry]').hidden = false;
    const mailRow = required<HTMLElement>(failure, '[data-mail-row]');
    mailRow.hidden = !armored || !form.dataset.mail;
    if (!mailRow.hidden) {
      // The subject is only the receipt code: a mail provider or a Sent folder learns nothing
      // from it. The ciphertext travels as the attached file.
      required<HTMLAnchorElement>(mailRow, '[data-mail-link]').href = `mailto:${form.dataset.mail}?subject=${encodeURIComponent(receipt ?? '')}`;
    }
    failure.hidden = false;
    failure.focus();
  };

  const send = async () => {
    if (!armored || sending) return;
    sending = true;
    failure.hidden = true;
    progress.textContent = messages.sending!;
    let response: Response;
    try {
      response = await fetch(form.dataset.relay!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/pgp-encrypted' },
        body: armored,
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      sending = false;
      showFailure(messages.network!);
      return;
    }
    sending = false;
    if (response.status === 202) {
      required<HTMLElement>(success, '[data-receipt]').textContent = receipt ?? '';
      // The testimony leaves memory with the form: nothing of it stays on the page.
      form.reset();
      selected = [];
      renderFiles();
      armored = undefined;
      receipt = undefined;
      dirty = false;
      progress.textContent = '';
      form.hidden = true;
      failure.hidden = true;
      success.hidden = false;
      success.focus();
      return;
    }
    const reasons: Record<number, string | undefined> = { 413: messages.tooLarge, 422: messages.keyChanged, 429: messages.rateLimited };
    showFailure(reasons[response.status] ?? messages.server!);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (armored) return void send();
    clearErrors();
    failure.hidden = true;
    progress.textContent = messages.preparing!;
    sendButton.disabled = true;
    try {
      const { validateSubmission, SubmissionValidationError } = await loadValidation();
      // Only text fields: the file input's own value is ignored, the files come from the list the person curated.
      const fields = Object.fromEntries([...new FormData(form)].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const attachments = await Promise.all(
        selected.map(async ({ file, keepOriginal }) => ({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()), keepOriginal })),
      );
      let submission;
      try {
        submission = validateSubmission({ fields, attachments, now: new Date(), maxAttachmentBytes: maxBytes });
      } catch (error) {
        if (!(error instanceof SubmissionValidationError)) throw error;
        progress.textContent = '';
        showErrors(error.errors);
        return;
      }
      const sealed = await (await loadEncryption()).sealForm(form, submission, () => (progress.textContent = messages.encrypting!));
      armored = sealed.armored;
      receipt = sealed.receipt;
      await send();
    } catch {
      // Whatever failed, nothing unencrypted was sent: fetch is only ever given `armored`.
      showFailure(armored ? messages.server! : messages.encryption!);
    } finally {
      sendButton.disabled = false;
    }
  });

  required<HTMLButtonElement>(failure, '[data-retry]').addEventListener('click', () => void send());
  required<HTMLButtonElement>(failure, '[data-download]').addEventListener('click', () => {
    if (!armored) return;
    const url = URL.createObjectURL(new Blob([armored], { type: 'application/pgp-encrypted' }));
    const link = document.createElement('a');
    link.href = url;
    // A neutral name: a Downloads folder that is searched shows only a code.
    link.download = `${receipt ?? 'message'}.asc`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  required<HTMLButtonElement>(failure, '[data-copy]').addEventListener('click', async () => {
    if (!armored) return;
    await navigator.clipboard.writeText(armored);
    required<HTMLElement>(failure, '[data-copy-status]').textContent = messages.copied!;
  });
}
