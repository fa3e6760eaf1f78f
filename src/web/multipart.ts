// Reading a form that may carry files: multipart (fields and files) or urlencoded / JSON (fields only).
// A file over `maxBytes` stops the reading and is reported as `tooLarge`, with the fields read so
// far, so that a page can show the form again with what was typed.
import type { FastifyRequest } from 'fastify';

export type FormFields = Record<string, string | string[]>;

export interface UploadedPart {
  field: string;
  filename: string;
  mimetype: string;
  bytes: Buffer;
}

export interface ReadForm {
  fields: FormFields;
  files: UploadedPart[];
  tooLarge?: boolean;
}

export async function readForm(request: FastifyRequest, options: { maxBytes: number; maxFiles: number }): Promise<ReadForm> {
  const fields: FormFields = {};
  const add = (name: string, value: string) => {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  };
  if (!request.isMultipart()) {
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>))
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') add(name, v);
    return { fields, files: [] };
  }
  const files: UploadedPart[] = [];
  try {
    for await (const part of request.parts({ limits: { fileSize: options.maxBytes, files: options.maxFiles } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // A file input left empty sends a part with no name and no bytes.
        if (bytes.length > 0 || part.filename) files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, bytes });
      } else if (typeof part.value === 'string') add(part.fieldname, part.value);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') return { fields, files, tooLarge: true };
    throw error;
  }
  return { fields, files: files.filter((f) => f.bytes.length > 0) };
}
