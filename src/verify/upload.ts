// Reading what the verify form and the API receive: a multipart body (the file in the `file` field,
// and the text fields) or urlencoded fields.
import type { FastifyRequest } from 'fastify';

export const FILE_FIELD = 'file';

export interface VerifyForm {
  /** Text fields (`text`, `url`, `recipient`…), the first value of each. */
  fields: Record<string, string>;
  /** The uploaded file, when one was chosen and is not empty. */
  file?: Buffer;
  /** The file was larger than allowed (nothing else is read after it). */
  tooLarge?: boolean;
}

export async function readVerifyForm(request: FastifyRequest, maxBytes: number): Promise<VerifyForm> {
  const fields: Record<string, string> = {};
  if (!request.isMultipart()) {
    for (const [name, value] of Object.entries((request.body ?? {}) as Record<string, unknown>)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string' && !(name in fields)) fields[name] = first;
    }
    return { fields };
  }
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === FILE_FIELD && bytes.length > 0 && file === undefined) file = bytes;
      } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return { fields, tooLarge: true };
    throw error;
  }
  return file ? { fields, file } : { fields };
}
