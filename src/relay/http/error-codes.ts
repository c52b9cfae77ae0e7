/**
 * Every error the relay's API answers with: a stable code the form can switch on, the
 * HTTP status, and a message for the person or developer who reads the raw response.
 * The form shows its own translated text for each code; these messages are the English
 * fallback and the operator's reference (`docs/relay.md` lists them).
 */
export const relayErrors = {
  not_openpgp: {
    status: 400,
    message: 'The body is not a complete ASCII-armoured OpenPGP message.',
  },
  cleartext_present: {
    status: 422,
    message: 'The message carries data outside the encryption. Only encrypted data is accepted; nothing was stored.',
  },
  password_encrypted: {
    status: 422,
    message: "The message is encrypted with a password. It must be encrypted to the organisation's public keys only.",
  },
  wrong_recipients: {
    status: 422,
    message:
      "The message is not encrypted to exactly this organisation's keys. Reload the page to get the current keys and send again.",
  },
  not_encrypted: {
    status: 422,
    message: 'The message holds no encrypted data.',
  },
  unsupported_encryption: {
    status: 422,
    message:
      "The message uses an encryption format the organisation's mail software may not read. Integrity-protected data (SEIPD version 1) is required.",
  },
  bad_request: {
    status: 400,
    message: 'The request body could not be read completely.',
  },
  too_large: {
    status: 413,
    message: 'The submission is larger than this relay accepts.',
  },
  unsupported_media_type: {
    status: 415,
    message: 'Send the armoured message with Content-Type: application/pgp-encrypted.',
  },
  rate_limited: {
    status: 429,
    message: 'Too many submissions from this connection. Wait a while, then send again.',
  },
  busy: {
    status: 503,
    message: 'The relay is receiving too much at once. Nothing was stored; send again in a minute.',
  },
  spool_unavailable: {
    status: 503,
    message: 'The relay cannot store submissions right now. Nothing was stored; send again later.',
  },
  not_found: {
    status: 404,
    message: 'There is nothing at this address.',
  },
  method_not_allowed: {
    status: 405,
    message: 'This address does not accept that method.',
  },
  fallback_disabled: {
    status: 404,
    message: 'The form without JavaScript is switched off on this site.',
  },
  invalid_form: {
    status: 422,
    message: 'Some fields of the form are missing or invalid.',
  },
  internal_error: {
    status: 500,
    message: 'The relay failed unexpectedly. Nothing was acknowledged; send again later.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type RelayErrorCode = keyof typeof relayErrors;

/** The JSON body of every API error: `{ error: { code, message } }`. */
export function errorBody(code: RelayErrorCode, message: string = relayErrors[code].message) {
  return { error: { code, message } };
}
