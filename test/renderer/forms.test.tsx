// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProductsScreen } from '../../src/renderer/src/screens/products/ProductsScreen';
import { installFakeApi, render, textOf, type Rendered, type, submit } from './support/render';

describe('forms', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('a second submit while the first is with the core sends nothing more; the first answer is shown', async () => {
    const api = installFakeApi();
    view = await render(<ProductsScreen />);
    await api.callsOf('products.list')[0]!.answer({ ok: true, value: [] });
    const form = view.container.querySelector<HTMLFormElement>('form[aria-label="Add a product"]')!;
    const name = form.querySelector<HTMLInputElement>('input')!;
    await type(name, 'IXO Call Pro');
    await submit(form);
    await submit(form);
    await submit(form);
    await expect.poll(() => api.callsOf('products.create').length).toBe(1);
    // Still one after the form's own checks of the later presses would have finished.
    await act(async () => {});
    expect(api.callsOf('products.create')).toHaveLength(1);
    expect(api.callsOf('products.create')[0]!.input).toEqual({ name: 'IXO Call Pro' });
    await api.callsOf('products.create')[0]!.answer({ ok: true, value: { id: 1, name: 'IXO Call Pro', active: true } });
    // The change makes the product list be read again; the form is done once it is.
    await expect.poll(() => api.callsOf('products.list').length).toBe(2);
    await api.callsOf('products.list')[1]!.answer({ ok: true, value: [{ id: 1, name: 'IXO Call Pro', active: true }] });
    expect(textOf(view.container)).toContain('IXO Call Pro added.');
    expect(name.value).toBe('');
  });

  it('a field the schema refuses shows its message on the field and takes the focus; one the core refuses too', async () => {
    const api = installFakeApi();
    view = await render(<ProductsScreen />);
    await api.callsOf('products.list')[0]!.answer({ ok: true, value: [] });
    const form = view.container.querySelector<HTMLFormElement>('form[aria-label="Add a product"]')!;
    const name = form.querySelector<HTMLInputElement>('input')!;
    await submit(form);
    await expect.poll(() => textOf(view!.container)).toContain('Product name is required.');
    expect(document.activeElement).toBe(name);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsOf('products.create')).toHaveLength(0);

    // The core's own refusal, as a field error with a key, lands on the same field.
    await type(name, 'ixo fax');
    (document.activeElement as HTMLElement | null)?.blur();
    await submit(form);
    await expect.poll(() => api.callsOf('products.create').length).toBe(1);
    await api.callsOf('products.create')[0]!.answer({
      ok: false,
      error: { code: 'conflict', key: 'products.name_taken', params: { name: 'ixo fax' }, message: 'There is already a product named "ixo fax".', fields: [{ path: 'name', key: 'product_name_taken', params: {}, message: 'A product with this name exists.' }] },
    });
    expect(textOf(view.container)).toContain('A product with this name exists.');
    expect(document.activeElement).toBe(name);
  });
});
