import type { Country } from '../schemas/country.ts';

/** The map's five categories, from most to least dangerous. */
export const mapCategories = ['death', 'criminalised', 'de_facto_criminalised', 'unclear', 'legal'] as const;
export type MapCategory = (typeof mapCategories)[number];

/** Where a country falls on the map: the status for men, with a death penalty shown apart. */
export function mapCategory(country: Country): MapCategory {
  const { male, maxPenalty } = country.sameSexActs;
  if (male === 'criminalised' && maxPenalty.kind === 'death') return 'death';
  return male;
}

/** Whether any anti-discrimination protection exists, in the strongest form found. */
export function strongestProtection(country: Country): 'yes' | 'limited' | 'no' | 'unclear' {
  const levels = Object.values(country.protections);
  for (const level of ['yes', 'limited', 'unclear'] as const) if (levels.includes(level)) return level;
  return 'no';
}
