// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProductsScreen } from '../../src/renderer/src/screens/products/ProductsScreen';
import { installFakeApi, render, submit, type, type Rendered } from './support/render';

/** Lets the add's answer run to its end: the mutation and the form's reset take a few turns after it. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));

describe('ProductsScreen: adding products one after another', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  async function open() {
    const api = installFakeApi();
    view = await render(<ProductsScreen />);
    await api.callsOf('products.list')[0]!.answer({ ok: true, value: [] });
    const form = view.container.querySelector('form[aria-label="Add a product"]');
    if (!(form instanceof HTMLFormElement)) throw new Error('no form to add a product');
    return { api, form, name: form.querySelector('input')! };
  }

  /** The name field as the screen shows it now, after the list has been read again. */
  async function nameNow(api: ReturnType<typeof installFakeApi>) {
    await settle();
    for (const call of api.callsOf('products.list')) if (!call.answered) await call.answer({ ok: true, value: [{ id: 1, name: 'IXO Fax', active: true }] });
    await settle();
    const field = view!.container.querySelector('form[aria-label="Add a product"] input');
    if (!(field instanceof HTMLInputElement)) throw new Error('no name field');
    return field.value;
  }

  it('keeps a name typed while the one before it was being added', async () => {
    const { api, form, name } = await open();
    await type(name, 'IXO Fax');
    await submit(form);
    const [create] = api.callsOf('products.create');
    expect(create?.input).toEqual({ name: 'IXO Fax' });
    await type(name, 'IXO Call Pro');
    await create!.answer({ ok: true, value: { id: 1, name: 'IXO Fax', active: true } });
    expect(await nameNow(api)).toBe('IXO Call Pro');
  });

  it('clears the field once the name is added, when nothing new was typed', async () => {
    const { api, form, name } = await open();
    await type(name, 'IXO Fax');
    await submit(form);
    await api.callsOf('products.create')[0]!.answer({ ok: true, value: { id: 1, name: 'IXO Fax', active: true } });
    expect(await nameNow(api)).toBe('');
  });
});
