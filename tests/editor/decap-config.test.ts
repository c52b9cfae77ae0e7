// The editor's configuration is generated from the zod schemas: every field of the schema
// is in the editor with the schema's choices and whether it is required, and nothing else.
import { describe, expect, it } from 'vitest';
import { decapConfig, decapFields, type DecapField } from '../../src/editor/decap-config.ts';
import { programmeKindSchema, programmeSchema } from '../../src/schemas/programme.ts';

const names = (fields: DecapField[] | undefined) => (fields ?? []).map((f) => f.name);
const field = (fields: DecapField[], name: string) => fields.find((f) => f.name === name)!;

describe('the editor configuration', () => {
  const fields = decapFields(programmeSchema);

  it('has exactly the fields of the programme schema, nested ones too', () => {
    expect(names(fields)).toEqual(Object.keys(programmeSchema.shape));
    expect(names(field(fields, 'contact').fields)).toEqual(Object.keys(programmeSchema.shape.contact.shape));
    expect(names(field(fields, 'sources').fields)).toEqual(['title', 'publisher', 'url', 'accessed']);
    expect(names(field(fields, 'summary').fields)).toEqual(['en', 'fr', 'pt', 'ar', 'sw']);
  });

  it("offers the schema's choices and marks what it requires", () => {
    expect(field(fields, 'kinds')).toMatchObject({ widget: 'select', multiple: true, options: programmeKindSchema.options, required: true });
    expect(field(fields, 'status')).toMatchObject({ widget: 'select', options: ['open', 'paused', 'unclear'], required: false, default: 'open' });
    expect(field(fields, 'duration')).toMatchObject({ widget: 'string', required: false });
    expect(field(field(fields, 'summary').fields!, 'en').required).toBe(true);
    expect(field(field(fields, 'summary').fields!, 'fr').required).toBe(false);
    expect(field(fields, 'languages')).toMatchObject({ widget: 'list', field: { widget: 'string' } });
  });

  it('edits content/programmes through the local proxy only', () => {
    const config = decapConfig('http://127.0.0.1:8081/api/v1');
    expect(config.backend).toEqual({ name: 'proxy', proxy_url: 'http://127.0.0.1:8081/api/v1', branch: 'main' });
    expect(config.collections.map((c) => c.folder)).toEqual(['content/programmes']);
  });
});
