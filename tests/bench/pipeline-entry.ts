// Bundled by `pipeline.ts` for the browser and added to a page of the built site: the
// submission pipeline exactly as the form's validation and encryption chunks import it, beside the bare
// OpenPGP.js build the chunk uses, so both run on the same bytes in the same page.
import * as openpgp from 'openpgp/lightweight';
import { sealSubmission } from '../../src/submission/seal/seal.ts';
import { validateSubmission } from '../../src/submission/record/validate.ts';

(globalThis as { ngaoBench?: unknown }).ngaoBench = { openpgp, validateSubmission, sealSubmission };
