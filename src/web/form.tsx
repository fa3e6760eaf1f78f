// Accessible form pieces: labelled fields, errors tied to their field, a summary that links to them.
import type { ComponentChildren } from 'preact';
import type { FormErrors, View } from './view';

export function Form(props: {
  v: View;
  action: string;
  children: ComponentChildren;
  multipart?: boolean;
  class?: string;
}) {
  // Multipart bodies are read by the handler, after the CSRF check: the token rides in the URL too.
  const action = props.multipart
    ? `${props.action}${props.action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(props.v.csrf)}`
    : props.action;
  return (
    <form
      method="post"
      action={action}
      class={props.class ?? 'stack'}
      {...(props.multipart ? { enctype: 'multipart/form-data' } : {})}
      noValidate
    >
      <input type="hidden" name="_csrf" value={props.v.csrf} />
      {props.children}
    </form>
  );
}

export function ErrorSummary(props: { v: View; errors?: FormErrors | undefined; message?: string | undefined }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0 && !props.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <p>{props.message ?? props.v.t('form.errorSummary')}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([name, text]) => (
            <li key={name}>
              <a href={`#f-${name}`}>{text}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  v: View;
  name: string;
  label: string;
  type?: string;
  value?: string | undefined;
  errors?: FormErrors | undefined;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  multiline?: boolean;
  accept?: string;
}

export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required && <span class="req"> ({p.v.t('form.required')})</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {p.multiline ? (
        <textarea {...common} rows={4}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          {...(p.type === 'file' ? { accept: p.accept } : { value: p.value ?? '' })}
          autoComplete={p.autocomplete}
        />
      )}
    </div>
  );
}

export function Checkbox(p: { name: string; label: string; checked?: boolean; value?: string; id?: string }) {
  const id = p.id ?? `f-${p.name}-${p.value ?? 'on'}`;
  return (
    <div class="check">
      <input type="checkbox" id={id} name={p.name} value={p.value ?? 'on'} checked={p.checked} />
      <label for={id}>{p.label}</label>
    </div>
  );
}

export function Submit(props: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button type="submit" class={props.secondary ? 'button secondary' : 'button'}>
      {props.children}
    </button>
  );
}
