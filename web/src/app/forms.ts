import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { NamePath } from 'antd/es/form/interface';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { isApiProblem, type FieldError } from './api.ts';
import { problemText } from './components/states.tsx';

export interface ZodRuleOptions {
  /** The message when the value is present but wrong (a regex or format), instead of "格式不正确". */
  invalid?: string;
  /** The field is picked (Select, DatePicker…), not typed: "请选择…" when empty. */
  choose?: boolean;
  /** The message when the field is empty, instead of "请输入…" / "请选择…". */
  missing?: string;
}

/**
 * An antd Form rule backed by a zod schema (the same shape the API validates), with the message
 * taken from the catalogue so it follows the language switch.
 */
export function zodRule(schema: ZodType, label: string, t: TFunction, options: ZodRuleOptions = {}): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      // An empty optional field is left out of the request, so it passes when the schema allows it absent.
      if ((value === undefined || value === null || value === '') && schema.safeParse(undefined).success) return;
      const result = schema.safeParse(value ?? '');
      if (result.success) return;
      const issue = result.error.issues[0];
      const filled = typeof value === 'string' ? value.trim() !== '' : Array.isArray(value) ? value.length > 0 : value != null;
      const missing = () =>
        new Error(options.missing ?? (options.choose ? t('form.choose', { field: label }) : t('form.required', { field: label })));
      if (!filled) throw missing();
      if ((issue?.code === 'too_small' || issue?.code === 'too_big') && issue.exact) {
        throw new Error(
          options.invalid ?? t('form.exactLength', { field: label, n: Number(issue.code === 'too_small' ? issue.minimum : issue.maximum) }),
        );
      }
      if (issue?.code === 'too_small') {
        const min = Number(issue.minimum);
        // Something typed but too short: say how long it must be, not that it is missing.
        if (issue.origin === 'string' && min > 1) throw new Error(t('form.tooShort', { field: label, min }));
        if (issue.origin === 'number' || issue.origin === 'int') throw new Error(t('form.range', { field: label }));
        throw missing();
      }
      if (issue?.code === 'too_big') {
        if (issue.origin === 'number' || issue.origin === 'int') throw new Error(t('form.range', { field: label }));
        throw new Error(t('form.tooLong', { field: label, max: Number(issue.maximum) }));
      }
      throw new Error(options.invalid ?? t('form.invalid', { field: label }));
    },
  };
}

/** "body/username", "/username", "body.username" → "username". */
function fieldName(field: string): string {
  const parts = field.split(/[./]/).filter(Boolean);
  return parts[parts.length - 1] ?? field;
}

/**
 * Where a server field goes in a form whose names are not flat: "certificates.0.number" →
 * ['certificates', 0, 'number'], "priceFen" → 'price'. Return undefined to fall back to the last segment.
 */
export type FieldResolver = (field: string) => NamePath | undefined;

/** "body.certificates.0.number", "/certificates/0/number", "certificates[0].number" → ['certificates', '0', 'number']. */
export function fieldPath(field: string): string[] {
  return field
    .replace(/\[(\w+)\]/g, '.$1')
    .split(/[./]/)
    .filter((part) => part && part !== 'body');
}

/**
 * Puts the server's field errors (problem+json `errors`) on the fields they name.
 * Returns the errors that name no field of this form, to show above it.
 */
export function applyFieldErrors<T extends object>(
  form: FormInstance<T>,
  errors: FieldError[] | undefined,
  fields: readonly (keyof T & string)[],
  resolve?: FieldResolver,
): FieldError[] {
  const rest: FieldError[] = [];
  const byField = new Map<string, { name: NamePath; messages: string[] }>();
  for (const error of errors ?? []) {
    const resolved = resolve?.(error.field);
    const name: NamePath | undefined =
      resolved ?? ((fields as readonly string[]).includes(fieldName(error.field)) ? fieldName(error.field) : undefined);
    if (name === undefined) {
      rest.push(error);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, messages: [] };
    entry.messages.push(error.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map(({ name, messages }) => ({ name: name as never, errors: messages })));
  return rest;
}

/**
 * What a form does with a failed save: field errors (400 validation, 422 rule) go on the fields they
 * name; anything else (409, a rule naming no field of this form, a network error) shows above the form.
 */
export function useFormProblem<T extends object>(form: FormInstance<T>, fields: readonly (keyof T & string)[], resolve?: FieldResolver) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  return {
    formError,
    clear: () => setFormError(null),
    onError: (error: unknown) => {
      if (isApiProblem(error) && (error.status === 400 || error.status === 422) && error.errors?.length) {
        const rest = applyFieldErrors(form, error.errors, fields, resolve);
        setFormError(rest.length > 0 ? rest.map((e) => e.message).join('；') : null);
        return;
      }
      setFormError(problemText(error, t));
    },
  };
}
