// The "What is happening?" triage: each emergency a reader may be in, the guide whose
// `firstSteps` answer it, the kinds of programme that fit, and the form to use. One table,
// so adding a situation or switching a form is one line.
import type { z } from 'astro/zod';
import type { programmeKindSchema } from '../schemas/programme.ts';

type ProgrammeKind = z.infer<typeof programmeKindSchema>;

/**
 * Where a reader asks for help. Today the testimony form; when `/request-help/` exists,
 * this one line changes (or a situation sets its own `form`).
 */
export const helpForm = '/submit/';

/** One situation of the triage. */
export interface Situation {
  /** Its URL part, `/what-is-happening/<slug>/`, and the key of its UI strings `triage.<slug>`. */
  readonly slug: string;
  /** The guide (folder in `content/guides/`) whose `firstSteps` are shown. */
  readonly guide: string;
  /** Programmes of these kinds are listed, most urgent kind first. */
  readonly kinds: readonly ProgrammeKind[];
  /** The form that fits, a path after the locale. */
  readonly form: string;
}

export const situations = [
  { slug: 'arrested', guide: 'if-you-are-arrested', kinds: ['hotline', 'legal', 'emergency-grant'], form: helpForm },
  { slug: 'attacked', guide: 'physical-security', kinds: ['hotline', 'emergency-grant', 'relocation'], form: helpForm },
  { slug: 'leave-home', guide: 'emergency-relocation', kinds: ['relocation', 'hotline', 'emergency-grant'], form: helpForm },
  { slug: 'device-hacked', guide: 'digital-security', kinds: ['hotline'], form: helpForm },
  { slug: 'money', guide: 'emergency-grants', kinds: ['emergency-grant'], form: helpForm },
  { slug: 'talk', guide: 'wellbeing', kinds: ['psychosocial', 'rest-respite', 'hotline'], form: helpForm },
] as const satisfies readonly Situation[];
