import type { ScreenDef } from '../screen-def';
import { ExportsScreen } from './ExportsScreen';

export const exportsScreens: readonly ScreenDef[] = [
  { id: 'exports', label: 'nav.exports', group: 'reports', permission: 'exports.run', component: ExportsScreen },
];
