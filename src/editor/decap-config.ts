/**
 * The editor's configuration, generated from the zod schemas so that a field cannot
 * exist in the editor and not in the schema, or the other way round. Each schema is
 * turned into JSON Schema by zod and each property into a Decap CMS widget: enums become
 * selects, arrays of enums multi-selects, arrays of objects lists, nested objects objects;
 * the schema's doc comments cannot be read at run time, so hints come from zod's
 * `description` where one is set. The build stays the judge of what is valid: the editor
 * only helps fill the right shape.
 */
import { z } from 'astro/zod';
import { programmeSchema } from '../schemas/programme.ts';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  description?: string;
  default?: unknown;
};

export interface DecapField {
  name: string;
  label: string;
  widget: string;
  required: boolean;
  hint?: string;
  options?: string[];
  multiple?: boolean;
  fields?: DecapField[];
  field?: DecapField;
  default?: unknown;
}

/** `howToApply` → "How to apply". */
const label = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

function widgetFor(name: string, schema: JsonSchema, required: boolean): DecapField {
  const base = { name, label: label(name), required, ...(schema.description ? { hint: schema.description } : {}), ...(schema.default !== undefined ? { default: schema.default } : {}) };
  if (schema.enum) return { ...base, widget: 'select', options: schema.enum.map(String) };
  if (schema.type === 'array' && schema.items) {
    if (schema.items.enum) return { ...base, widget: 'select', multiple: true, options: schema.items.enum.map(String) };
    if (schema.items.type === 'object') return { ...base, widget: 'list', fields: objectFields(schema.items) };
    return { ...base, widget: 'list', field: widgetFor('value', schema.items, true) };
  }
  if (schema.type === 'object') return { ...base, widget: 'object', fields: objectFields(schema) };
  if (schema.type === 'boolean') return { ...base, widget: 'boolean' };
  if (schema.type === 'number' || schema.type === 'integer') return { ...base, widget: 'number' };
  // Long prose gets a text area; names, dates, URLs and amounts a single line.
  return { ...base, widget: (schema.minLength ?? 0) >= 10 ? 'text' : 'string' };
}

function objectFields(schema: JsonSchema): DecapField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => widgetFor(name, property, required.has(name) && property.default === undefined));
}

/** The Decap fields of one zod object schema, as the files hold it (input side: defaults are optional). */
export function decapFields(schema: z.ZodType): DecapField[] {
  return objectFields(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

/** The whole editor configuration: the local proxy backend, and one collection per content kind it can edit. */
export function decapConfig(proxyUrl: string) {
  return {
    backend: { name: 'proxy', proxy_url: proxyUrl, branch: 'main' },
    load_config_file: false,
    media_folder: 'public/media',
    collections: [
      {
        name: 'programmes',
        label: 'Support programmes',
        label_singular: 'Programme',
        folder: 'content/programmes',
        extension: 'yaml',
        format: 'yaml',
        create: true,
        identifier_field: 'name',
        slug: '{{slug}}',
        fields: decapFields(programmeSchema),
      },
    ],
  };
}
