/**
 * Chromium permissions (camera, microphone, notifications, geolocation, clipboard reading, HID,
 * serial, USB, …). The app uses none of them, so every request and every check is refused; a
 * feature that needs one adds it here with the origin check.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function allowPermission(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

/** For session.setPermissionRequestHandler. */
export function permissionRequestHandler(_webContents: unknown, permission: string, callback: (granted: boolean) => void): void {
  callback(allowPermission(permission));
}

/** For session.setPermissionCheckHandler and setDevicePermissionHandler. */
export function permissionCheckHandler(_webContents: unknown, permission: string): boolean {
  return allowPermission(permission);
}
