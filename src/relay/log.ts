/**
 * The relay's only way to write logs, shaped so that nothing identifying can get in.
 *
 * A submission line carries the submission id (random, linked to nothing), the size in
 * bytes and the outcome: never an address, a header, a file name or any part of a body.
 * Service lines (listening, keys loaded, delivery paused) carry fixed words and numbers
 * chosen by the relay, never anything a client sent. Lines are JSON on stdout, so
 * journald or a container runtime can keep them without further configuration.
 */

export interface SubmissionLogLine {
  /** The submission id, or null when the request was refused before one was given. */
  id: string | null;
  /** Body size in bytes, or null when unknown. */
  size: number | null;
  /** `accepted`, `rejected:<code>`, `delivered`, `delivery_failed:<code>`, … */
  outcome: string;
}

export type ServiceEvent =
  | { event: 'listening'; host: string; port: number; recipients: string[]; delivery: 'smtp' | 'maildir' }
  | { event: 'keys_reload_failed'; reason: string }
  | { event: 'spool_swept'; removed: number }
  | { event: 'retention_swept'; removed: number; emptied: number }
  | { event: 'retention_sweep_failed'; code: string }
  | { event: 'shutting_down'; signal: string }
  | { event: 'stopped' }
  | { event: 'unexpected_error'; where: string; code: string };

export interface RelayLog {
  submission(line: SubmissionLogLine): void;
  service(line: ServiceEvent): void;
}

/** Writes JSON lines to a stream (stdout by default). */
export function jsonLinesLog(write: (text: string) => void = (text) => process.stdout.write(text)): RelayLog {
  return {
    submission: ({ id, size, outcome }) => write(`${JSON.stringify({ id, size, outcome })}\n`),
    service: (line) => write(`${JSON.stringify(line)}\n`),
  };
}

/** A log that keeps nothing, for tests and benchmarks that do not look at it. */
export const silentLog: RelayLog = { submission: () => {}, service: () => {} };
