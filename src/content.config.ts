import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { yamlFolderLoader } from './catalogue/yaml-loader.ts';
import { countryNarrativeSchema, countrySchema } from './schemas/country.ts';
import { guideSchema } from './schemas/guide.ts';
import { pageSchema } from './schemas/page.ts';
import { programmeSchema } from './schemas/programme.ts';

// Content lives in `content/` at the project root, outside `src/`: it is the part an
// organisation edits. Entry ids are paths without extension, as written: `ml`, `ml/fr`,
// `arrest/en`; `catalogue/file-names.ts` refuses names that are not slugs.
const idAsWritten = ({ entry }: { entry: string }) => entry.replace(/\.mdx$/, '');

/** Country facts, `content/countries/<iso2>.yaml`. */
const countries = defineCollection({
  loader: yamlFolderLoader('content/countries'),
  schema: countrySchema,
});

/** Country narratives, `content/countries/<iso2>/<lang>.mdx`. */
const countryNarratives = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content/countries', generateId: idAsWritten }),
  schema: countryNarrativeSchema,
});

/** Protection guides, `content/guides/<slug>/<lang>.mdx`. */
const guides = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content/guides', generateId: idAsWritten }),
  schema: guideSchema,
});

/** Support programmes, `content/programmes/<slug>.yaml`. */
const programmes = defineCollection({
  loader: yamlFolderLoader('content/programmes'),
  schema: programmeSchema,
});

/** Standing pages (help, browse safely, about, open data), `content/pages/<slug>/<lang>.mdx`. */
const pages = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content/pages', generateId: idAsWritten }),
  schema: pageSchema,
});

export const collections = { countries, countryNarratives, guides, programmes, pages };
