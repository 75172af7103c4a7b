import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { ZodType } from 'zod';
import type { FieldError } from './api.ts';

/**
 * An antd Form rule backed by a zod schema (the same shape the API validates), with the message
 * taken from the catalogue so it follows the language switch.
 */
export function zodRule(schema: ZodType, label: string, t: TFunction): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value ?? '');
      if (result.success) return;
      const issue = result.error.issues[0];
      if (issue?.code === 'too_small') throw new Error(t('form.required', { field: label }));
      if (issue?.code === 'too_big') throw new Error(t('form.tooLong', { field: label, max: Number(issue.maximum) }));
      throw new Error(t('form.invalid', { field: label }));
    },
  };
}

/** "body/username", "/username", "body.username" → "username". */
function fieldName(field: string): string {
  const parts = field.split(/[./]/).filter(Boolean);
  return parts[parts.length - 1] ?? field;
}

/**
 * Puts the server's field errors (problem+json `errors`) on the fields they name.
 * Returns the errors that name no field of this form, to show above it.
 */
export function applyFieldErrors<T extends object>(
  form: FormInstance<T>,
  errors: FieldError[] | undefined,
  fields: readonly (keyof T & string)[],
): FieldError[] {
  const rest: FieldError[] = [];
  const byField = new Map<string, string[]>();
  for (const error of errors ?? []) {
    const name = fieldName(error.field);
    if ((fields as readonly string[]).includes(name)) byField.set(name, [...(byField.get(name) ?? []), error.message]);
    else rest.push(error);
  }
  form.setFields([...byField].map(([name, messages]) => ({ name: name as never, errors: messages })));
  return rest;
}
