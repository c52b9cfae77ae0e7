import type { APIRoute } from 'astro';
import { getRecipients, type RecipientSummary } from '../../config/recipients.ts';

/** Each pinned recipient key, published for independent verification and fetched by the form. */
export async function getStaticPaths() {
  return (await getRecipients()).map((recipient) => ({ params: { fingerprint: recipient.fingerprint }, props: { recipient } }));
}

export const GET: APIRoute = ({ props }) =>
  new Response((props as { recipient: RecipientSummary }).recipient.armored, { headers: { 'Content-Type': 'application/pgp-keys' } });
