// Which African regions a programme's `regions` reach, for the triage's country
// narrowing. The same rule as `getProgrammesForRegion`: the region itself, all of
// Africa, or the world.
export const regionsOfAfrica = ['north', 'west', 'central', 'east', 'southern'] as const;

/** Whether a programme listing `regions` supports people in `region`. */
export function programmeCovers(regions: readonly string[], region: string): boolean {
  return regions.some((r) => r === region || r === 'africa' || r === 'global');
}
