/**
 * Kinds of hidden information found in a file, named the way a person thinks of them,
 * in the order the form lists them (location first: it is the most dangerous):
 * - `location`: GPS coordinates or place names.
 * - `device`: camera or phone make and model, serial numbers, lens.
 * - `date`: when the picture was taken or edited.
 * - `owner`: author, owner or copyright names.
 * - `software`: the app or editor that wrote the file.
 * - `other`: anything else (comments, thumbnails, descriptions, vendor data).
 *
 * Kept apart from the zod schema so the metadata stripper, which the form loads as
 * soon as a file is attached, does not pull the schema library in with it.
 */
export const metadataCategoryOptions = ['location', 'device', 'date', 'owner', 'software', 'other'] as const;
export type MetadataCategory = (typeof metadataCategoryOptions)[number];
