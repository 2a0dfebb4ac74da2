import { hashKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm, type FieldValues, type UseFormReturn, type UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import type { AppErrorData } from '../../../shared/errors';
import { useErrorText, useFieldText } from '../i18n';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../lib/form';

/** True when the core named at least one field it refused, so the message belongs under that field. */
function placedOnFields(problem: AppErrorData): boolean {
  return problem.fields?.some((f) => f.path) ?? false;
}

/**
 * A refusal a query brought back (a filter the core refused) shown like a submitted form's: each
 * field problem under its field, the first taking the focus. Returns the message that belongs to
 * no field (for FormError), or null.
 */
export function useRefusalOnFields<V extends FieldValues>(problem: AppErrorData | null, setError: UseFormSetError<V>): string | null {
  const errorText = useErrorText();
  const fe = useFieldText();
  useEffect(() => {
    if (problem && placedOnFields(problem)) applyServerErrors(problem, setError, errorText, fe);
  }, [problem, setError, errorText, fe]);
  if (!problem) return null;
  return placedOnFields(problem) ? null : errorText(problem);
}

export interface SearchForm<S extends z.ZodType<FieldValues, FieldValues>> {
  form: UseFormReturn<z.input<S>, unknown, z.output<S>>;
  /** The form's onSubmit: checks the fields with the schema, then searches once at a time. */
  submit: (event?: React.BaseSyntheticEvent) => Promise<void>;
  /** The last search's refusal that belongs to no field, worded; null when there is none. */
  refusal: string | null;
}

/**
 * A search form whose search is a call the person asks for (an audited read, run through a
 * mutation): the fields are checked with the channel's own schema, the search runs once at a
 * time, and what the core refuses shows under its field (the first taking the focus).
 * `search` resolves to the core's refusal, or null.
 */
export function useSearchForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: z.input<S>, search: (values: z.output<S>) => Promise<AppErrorData | null>): SearchForm<S> {
  const errorText = useErrorText();
  const fe = useFieldText();
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver: keyedResolver(schema), defaultValues: defaultValues as never });
  const [refusal, setRefusal] = useState<string | null>(null);
  const submit = useSubmitOnce(
    form.handleSubmit(async (values) => {
      setRefusal(null);
      const problem = await search(values);
      if (problem) setRefusal(applyServerErrors(problem, form.setError, errorText, fe));
    }),
  );
  return { form, submit, refusal };
}

export interface FilterForm<S extends z.ZodType<FieldValues, FieldValues>> {
  form: UseFormReturn<z.input<S>, unknown, z.output<S>>;
  /** The form's onSubmit: checks the fields with the schema and applies them. */
  submit: (event?: React.BaseSyntheticEvent) => Promise<void>;
  /** The values last submitted (at first, the defaults as the schema reads them): the query's input. */
  applied: z.output<S>;
}

/**
 * A filter form over a query: the fields are checked with the channel's schema (or one picked
 * from it), and the query asks with the values last submitted. Submitting the same values again
 * calls `again` (say, the query's refetch), as the key, and so the cache entry, is the same.
 * A refusal the query brings back is put on its field with useRefusalOnFields.
 */
export function useFilterForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: z.input<S>, again?: () => unknown): FilterForm<S> {
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver: keyedResolver(schema), defaultValues: defaultValues as never });
  const [applied, setApplied] = useState<z.output<S>>(() => schema.parse(defaultValues));
  const submit = useSubmitOnce(
    form.handleSubmit(async (values) => {
      if (hashKey([values]) === hashKey([applied])) await again?.();
      else setApplied(values);
    }),
  );
  return { form, submit, applied };
}
