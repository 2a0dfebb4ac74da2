import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import { MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider, useT } from './i18n';
import { cssVariablesResolver, theme } from './theme';
import './theme.css';

/** The theme with the dialogs' close buttons named in the language on screen. */
function ThemedApp() {
  const close = useT()('common.close');
  const localized = useMemo(() => {
    const closeButton = { defaultProps: { closeButtonProps: { 'aria-label': close } } };
    return mergeThemeOverrides(theme, { components: { Modal: closeButton, Drawer: closeButton } });
  }, [close]);
  return (
    <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <App />
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ThemedApp />
    </I18nProvider>
  </StrictMode>,
);
