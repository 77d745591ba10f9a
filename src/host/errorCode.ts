/**
 * The error code of a Node error (`EACCES`) or of a VS Code FileSystemError (`NoPermissions`);
 * undefined when there is none. No `vscode` import, so plain-Node modules and tests use it too.
 */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
