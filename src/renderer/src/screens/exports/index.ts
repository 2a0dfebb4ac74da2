import type { ScreenDef } from '../screen-def';
import { ExportsScreen } from './ExportsScreen';

export const exportsScreens: readonly ScreenDef[] = [
  { id: 'exports', label: 'Exports', group: 'Reports', permission: 'exports.run', component: ExportsScreen },
];
