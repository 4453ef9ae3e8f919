// The configuration as code (docs/config.md): items the file provisions have ids `file:<name>`,
// so the server refuses to change them through the API and the pages show them read-only.
export const FILE_ID_PREFIX = 'file:';
export const isManaged = (id: string) => id.startsWith(FILE_ID_PREFIX);
export const MANAGED_NOTE = 'managed by the configuration file (CONFIG_FILE)';
