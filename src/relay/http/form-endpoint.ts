// What the HTTP app hands to the no-JavaScript form and what it gets back: the contract
// between `app.ts` and `no-js/`, kept here so that the app needs nothing from the form's
// code and the form nothing from the app's.
import type { LimitedBody } from './request-body.ts';

export interface FormRequest {
  contentType: string | undefined;
  acceptLanguage: string | undefined;
  /** Whether the client may post now (the relay's rate limit). */
  rateLimit(): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** Reads the body within the relay's limits and `limit`, whichever is lower. */
  readBody(limit: number): Promise<LimitedBody>;
}

export interface FormAnswer {
  status: number;
  html: string;
  headers?: Record<string, string>;
  /** For the log line: `accepted`, or why not. */
  outcome: string;
  /** The submission id, when one was stored. */
  id?: string;
  /** The submission went through the accept step, which wrote its own log line. */
  logged?: true;
}

/**
 * `POST /api/submissions/form`, as the app calls it, and `receiptAnswer` for
 * `GET /api/submissions/form/received/<token>`, the page the POST redirects to.
 */
export type FormEndpoint = ((request: FormRequest) => Promise<FormAnswer>) & {
  receiptAnswer(token: string, acceptLanguage: string | undefined): Promise<FormAnswer>;
};
