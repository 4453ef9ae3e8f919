// Structured JSON logs (pino). One root logger; modules take a child with { module }.
// Nothing that can hold PII (incident text) is ever passed to a log call.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
	return pino({ level, base: { app: 'helix-dashboard' }, timestamp: pino.stdTimeFunctions.isoTime });
}
