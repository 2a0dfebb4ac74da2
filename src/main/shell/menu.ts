/**
 * The application menu, as data for Menu.buildFromTemplate. Packaged builds have no Reload and no
 * DevTools (Electron's default menu has both, and their shortcuts would leave the kiosk); a dev
 * build keeps them in the View menu.
 */
export type MenuRole =
  | 'about'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'close'
  | 'front';

export interface MenuSpec {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  submenu?: MenuSpec[];
}

const sep: MenuSpec = { type: 'separator' };

export function menuTemplate(opts: { packaged: boolean; platform: NodeJS.Platform; productName: string }): MenuSpec[] {
  const mac = opts.platform === 'darwin';
  const edit: MenuSpec = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const developer: MenuSpec[] = opts.packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, sep];
  const view: MenuSpec = {
    label: 'View',
    submenu: [...developer, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }],
  };
  const window: MenuSpec = { label: 'Window', submenu: mac ? [{ role: 'minimize' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] };
  const first: MenuSpec = mac
    ? { label: opts.productName, submenu: [{ role: 'about' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }] }
    : { label: 'File', submenu: [{ role: 'quit' }] };
  return [first, edit, view, window];
}

/** Every role in a template, at any depth. */
export function menuRoles(template: readonly MenuSpec[]): MenuRole[] {
  return template.flatMap((item) => [...(item.role ? [item.role] : []), ...menuRoles(item.submenu ?? [])]);
}
