import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FieldErrors } from '../errors';
import type { Translate } from '../i18n';
import type { FormErrors } from './view';

/** Sends a server-rendered page. Preact escapes every text and attribute. */
export function sendPage(reply: FastifyReply, page: VNode<any>, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}

export function translateFields(t: Translate, fields: FieldErrors): FormErrors {
  const out: FormErrors = {};
  for (const [name, { key, params }] of Object.entries(fields)) out[name] = t(key, params);
  return out;
}

/** Only same-site paths are followed after a form (no open redirects). */
export function safeBack(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : fallback;
}
