/**
 * Renders one screen of the real renderer in happy-dom, with the app's providers, on a fake
 * window.api whose answers the test hands out one by one (so a test decides which call answers
 * first). Test files using it start with `// @vitest-environment happy-dom`.
 */
import { MantineProvider } from '@mantine/core';
import { notifyManager, QueryClientProvider } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ChannelName, InputOf, OutputOf } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/errors';
import { createQueryClient } from '../../../src/renderer/src/data';
import { I18nProvider, useLanguage, type Language } from '../../../src/renderer/src/i18n';
import { theme } from '../../../src/renderer/src/theme';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// TanStack Query tells screens of new answers in a timer by default; in microtasks, React's act()
// sees every answer through to the screen before it returns.
notifyManager.setScheduler(queueMicrotask);

/** One call the screen made, waiting for the test to answer it. */
// Mantine's autosizing text areas listen for web fonts loading; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });

export interface HeldCall<K extends ChannelName = ChannelName> {
  channel: K;
  input: InputOf<K>;
  answered: boolean;
  answer(result: Result<OutputOf<K>>): Promise<void>;
}

export interface FakeApi {
  /** Every call the screen made, in order. */
  readonly calls: HeldCall[];
  /** The calls of one channel, in order. */
  callsOf<K extends ChannelName>(channel: K): HeldCall<K>[];
}

/** Installs window.api: every channel records its call and waits for `answer`. */
export function installFakeApi(): FakeApi {
  const calls: HeldCall[] = [];
  const api = new Proxy(
    {},
    {
      get: (_t, feature: string) =>
        new Proxy(
          {},
          {
            get: (_f, verb: string) => (input: unknown) =>
              new Promise<Result<unknown>>((resolve) => {
                const held: HeldCall = {
                  channel: `${feature}.${verb}` as ChannelName,
                  input: input as InputOf<ChannelName>,
                  answered: false,
                  async answer(result) {
                    held.answered = true;
                    await act(async () => resolve(result));
                  },
                };
                calls.push(held);
              }),
          },
        ),
    },
  );
  Object.defineProperty(window, 'api', { value: api, configurable: true });
  return {
    calls,
    callsOf: <K extends ChannelName>(channel: K) => calls.filter((c) => c.channel === channel) as unknown as HeldCall<K>[],
  };
}

export interface Rendered {
  container: HTMLElement;
  unmount(): void;
}

/** Renders `ui` in English (or `language`) with the app's providers and a fresh query cache. */
export async function render(ui: ReactNode, language: Language = 'en'): Promise<Rendered> {
  useLanguage.getState().setLanguage(language);
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root | null = null;
  await act(async () => {
    root = createRoot(container);
    root.render(
      <I18nProvider>
        <MantineProvider theme={theme}>
          <QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>
        </MantineProvider>
      </I18nProvider>,
    );
  });
  return {
    container,
    unmount() {
      act(() => root?.unmount());
      container.remove();
    },
  };
}

/** Clicks the radio (a segment of a SegmentedControl) whose label reads `text`. */
export async function chooseRadio(container: HTMLElement, text: string): Promise<void> {
  const label = [...container.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  if (!label) throw new Error(`No radio labelled "${text}"; labels: ${[...container.querySelectorAll('label')].map((l) => l.textContent).join(' | ')}`);
  const input = label.htmlFor ? container.ownerDocument.getElementById(label.htmlFor) : label.querySelector('input');
  if (!(input instanceof HTMLInputElement)) throw new Error(`The label "${text}" names no input.`);
  await act(async () => input.click());
}

/** The text a person reads in `el` (style sheets left out). */
export function textOf(el: HTMLElement): string {
  const copy = el.cloneNode(true) as HTMLElement;
  for (const style of copy.querySelectorAll('style')) style.remove();
  return copy.textContent ?? '';
}

/**
 * Types into a field the way a browser does: the value through the element's own setter (React
 * watches the property), whatever kind of field it is, then an input event.
 */
export async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  let proto = Object.getPrototypeOf(el) as object | null;
  while (proto && !Object.getOwnPropertyDescriptor(proto, 'value')) proto = Object.getPrototypeOf(proto) as object | null;
  const setValue = Object.getOwnPropertyDescriptor(proto!, 'value')!.set!;
  await act(async () => {
    setValue.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Submits a form, as pressing Enter in one of its fields does. */
export async function submit(form: HTMLFormElement): Promise<void> {
  await act(async () => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}
