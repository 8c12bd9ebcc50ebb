// EH-5: deny by default. The management UI needs no permission at all today; a later feature
// that needs one (clipboard-sanitized-write for copying, say) adds it here with a reason.
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>([
  // Writing to the clipboard is what a "copy" button does; reading stays denied.
  'clipboard-sanitized-write',
]);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}
