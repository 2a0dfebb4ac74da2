import { Button, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { createProductInput, type Product } from '../../../../shared/contract/products';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { applyServerErrors, keyedResolver, useSubmitOnce } from '../../lib/form';
import { useErrorText, useFieldText, useT } from '../../i18n';

type Values = z.input<typeof createProductInput>;

/** The products customers register for. Admins add, rename and retire them; retired ones stay on existing accounts. */
export function ProductsScreen() {
  const t = useT();
  const errorText = useErrorText();
  const list = useChannelQuery('products.list', { includeRetired: true });
  const products = list.data ?? null;
  const update = useChannelMutation('products.update');
  const [status, setStatus] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<Product | null>(null);
  const error = list.errorMessage ?? (update.problem ? errorText(update.problem) : null);

  const setActive = async (p: Product, active: boolean) => {
    setStatus(null);
    const r = await update.run({ id: p.id, name: p.name, active });
    if (r.ok) setStatus(t(active ? 'products.restored' : 'products.retired', { name: p.name }));
  };

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title={t('nav.products')} description={t('products.description')} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      <AddProduct
        onAdded={(p) => setStatus(t('products.added', { name: p.name }))}
      />
      {!products && !error && <Loader aria-label={t('products.loading')} />}
      {products && products.length === 0 && <Text c="dimmed">{t('register.noProducts')}</Text>}
      {products && products.length > 0 && (
        <DataTable
          label={t('nav.products')}
          rows={products}
          rowKey={(p) => p.id}
          striped
          verticalSpacing="xs"
          columns={[
            { id: 'name', header: t('register.product'), cell: (p) => p.name, sortValue: (p) => p.name },
            { id: 'status', header: t('accounts.col.status'), nowrap: true, cell: (p) => badgeCell(p.active ? 'teal' : 'gray', t(p.active ? 'products.active' : 'products.retiredState')), sortValue: (p) => (p.active ? 0 : 1) },
            {
              id: 'actions',
              header: t('products.actions'),
              hiddenHeader: true,
              cell: (p) => (
                <Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="default" onClick={() => setRenaming(p)} aria-label={t('products.renameName', { name: p.name })}>
                    {t('products.rename')}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => void setActive(p, !p.active)} aria-label={t(p.active ? 'products.retireName' : 'products.restoreName', { name: p.name })}>
                    {t(p.active ? 'products.retire' : 'products.restore')}
                  </Button>
                </Group>
              ),
            },
          ]}
        />
      )}
      {renaming && (
        <RenameProduct
          product={renaming}
          onClose={() => setRenaming(null)}
          onDone={(p) => {
            setRenaming(null);
            setStatus(t('products.renamed', { name: p.name }));
          }}
        />
      )}
    </Stack>
  );
}

function AddProduct({ onAdded }: { onAdded: (p: Product) => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useChannelMutation('products.create');
  const { register, handleSubmit, setError, reset, getValues, formState } = useForm<Values>({ resolver: keyedResolver(createProductInput), defaultValues: { name: '' } });
  const onSubmit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      const typed = getValues('name');
      const r = await create.run(v);
      if (!r.ok) {
        setFormError(applyServerErrors(r.error, setError, errorText, fe));
        return;
      }
      // A name typed while this one was being added stays in the field.
      if (getValues('name') === typed) reset({ name: '' });
      onAdded(r.value);
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('products.add')}>
      <Stack gap="xs">
        <Group align="flex-start" gap="xs">
          <TextInput label={t('products.name')} {...register('name')} error={fe(formState.errors.name)} w={320} />
          <Button type="submit" mt={25} loading={formState.isSubmitting}>
            {t('products.addButton')}
          </Button>
        </Group>
        <FormError message={formError} />
      </Stack>
    </form>
  );
}

function RenameProduct({ product, onClose, onDone }: { product: Product; onClose: () => void; onDone: (p: Product) => void }) {
  const t = useT();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const update = useChannelMutation('products.update');
  const { register, handleSubmit, setError, formState } = useForm<Values>({ resolver: keyedResolver(createProductInput), defaultValues: { name: product.name } });
  const onSubmit = useSubmitOnce(
    handleSubmit(async (v) => {
      setFormError(null);
      const r = await update.run({ id: product.id, name: v.name, active: product.active });
      if (!r.ok) {
        setFormError(applyServerErrors(r.error, setError, errorText, fe));
        return;
      }
      onDone(r.value);
    }),
  );
  return (
    <Modal opened onClose={onClose} title={t('products.renameName', { name: product.name })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('products.name')} data-autofocus {...register('name')} error={fe(formState.errors.name)} />
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('products.saveName')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
