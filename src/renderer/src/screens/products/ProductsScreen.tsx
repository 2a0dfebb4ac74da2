import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Loader, Modal, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { createProductInput, type Product } from '../../../../shared/contract/products';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';

type Values = z.input<typeof createProductInput>;

/** The products customers register for. Admins add, rename and retire them; retired ones stay on existing accounts. */
export function ProductsScreen() {
  const [products, setProducts] = useState<Product[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<Product | null>(null);

  const load = useCallback(async () => {
    const r = await call(window.api.products.list({ includeRetired: true }));
    if (r.ok) setProducts(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const setActive = async (p: Product, active: boolean) => {
    setStatus(null);
    const r = await call(window.api.products.update({ id: p.id, name: p.name, active }));
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setStatus(active ? `${p.name} can be chosen again.` : `${p.name} is retired: existing accounts keep it, new registrations cannot choose it.`);
    await load();
  };

  return (
    <Stack gap="md" maw={760}>
      <PageHeader title="Products" description="The products customers register for. Retire a product instead of deleting it: accounts keep the product they registered with." />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      <AddProduct
        onAdded={(p) => {
          setStatus(`${p.name} added.`);
          void load();
        }}
      />
      {!products && !error && <Loader aria-label="Loading products" />}
      {products && products.length === 0 && <Text c="dimmed">No products yet.</Text>}
      {products && products.length > 0 && (
        <DataTable label="Products" headers={['Product', 'Status', <VisuallyHidden key="h">Actions</VisuallyHidden>]} striped verticalSpacing="xs">
          {products.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.name}</Table.Td>
              <BadgeCell color={p.active ? 'teal' : 'gray'}>{p.active ? 'Active' : 'Retired'}</BadgeCell>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  <Button size="xs" variant="default" onClick={() => setRenaming(p)} aria-label={`Rename ${p.name}`}>
                    Rename
                  </Button>
                  <Button size="xs" variant="default" onClick={() => void setActive(p, !p.active)} aria-label={`${p.active ? 'Retire' : 'Restore'} ${p.name}`}>
                    {p.active ? 'Retire' : 'Restore'}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {renaming && (
        <RenameProduct
          product={renaming}
          onClose={() => setRenaming(null)}
          onDone={(p) => {
            setRenaming(null);
            setStatus(`Renamed to ${p.name}.`);
            void load();
          }}
        />
      )}
    </Stack>
  );
}

function AddProduct({ onAdded }: { onAdded: (p: Product) => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<Values>({ resolver: zodResolver(createProductInput), defaultValues: { name: '' } });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(window.api.products.create(v));
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError));
      return;
    }
    reset({ name: '' });
    onAdded(r.value);
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a product">
      <Stack gap="xs">
        <Group align="flex-start" gap="xs">
          <TextInput label="Product name" {...register('name')} error={formState.errors.name?.message} w={320} />
          <Button type="submit" mt={25} loading={formState.isSubmitting}>
            Add product
          </Button>
        </Group>
        <FormError message={formError} />
      </Stack>
    </form>
  );
}

function RenameProduct({ product, onClose, onDone }: { product: Product; onClose: () => void; onDone: (p: Product) => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values>({ resolver: zodResolver(createProductInput), defaultValues: { name: product.name } });
  const onSubmit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(window.api.products.update({ id: product.id, name: v.name, active: product.active }));
    if (!r.ok) {
      setFormError(applyServerErrors(r.error, setError));
      return;
    }
    onDone(r.value);
  });
  return (
    <Modal opened onClose={onClose} title={`Rename ${product.name}`}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label="Product name" data-autofocus {...register('name')} error={formState.errors.name?.message} />
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
