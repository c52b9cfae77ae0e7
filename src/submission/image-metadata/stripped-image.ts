import type { MetadataCategory } from './metadata-categories.ts';

/** An image with its metadata removed, and what kinds of metadata it held. */
export interface StrippedImage {
  bytes: Uint8Array;
  found: Set<MetadataCategory>;
}

/**
 * The file claims a format but its structure is broken or of a kind we do not handle
 * (e.g. an unknown critical PNG chunk). The caller sends such a file unchanged and says
 * it could not be cleaned; it never guesses.
 */
export class MalformedImageError extends Error {
  override name = 'MalformedImageError';
}
