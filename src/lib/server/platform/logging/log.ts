// Structured JSON logs (pino) to stdout, to a size-rotated file under LOG_DIR, and to the
// in-memory tail the System Health page shows, all of them redacted. One root logger; modules
// take a child with { module }. Incident text is never passed to a log call.
import { pino, type Logger } from 'pino';
import type { Config } from '../config.ts';
import { redactDeep, redactText } from '../../security/pii/redact.ts';
import { LogTail } from './log-tail.ts';
import { RotatingFile } from './rotating-file.ts';

export type { Logger };

export interface Logging {
	log: Logger;
	tail: LogTail;
	file: RotatingFile | null;
}

type LogConfig = Pick<
	Config,
	'logLevel' | 'logFile' | 'logDir' | 'logFileMaxBytes' | 'logFileKeep'
> & { logStdout?: boolean };

const ORDER = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * LOG_LEVEL sets what reaches stdout and the file (silent: nothing). The page's tail always
 * gets info and above (or finer, with a finer LOG_LEVEL), so the System Health page is
 * useful even with quiet console output.
 */
export function createLogging(config: LogConfig): Logging {
	const tail = new LogTail();
	const outLevel = config.logLevel;
	const tailLevel = (
		ORDER.indexOf(outLevel) < ORDER.indexOf('info') ? outLevel : 'info'
	) as pino.Level;
	const file =
		config.logFile && outLevel !== 'silent'
			? new RotatingFile({
					dir: config.logDir,
					maxBytes: config.logFileMaxBytes,
					keep: config.logFileKeep
				})
			: null;
	const streams: pino.StreamEntry[] = [{ stream: tail, level: tailLevel }];
	if (outLevel !== 'silent') {
		if (config.logStdout !== false)
			streams.push({ stream: process.stdout, level: outLevel as pino.Level });
		if (file) streams.push({ stream: file, level: outLevel as pino.Level });
	}
	const log = pino(
		{
			level: tailLevel,
			base: { app: 'helix-dashboard' },
			timestamp: pino.stdTimeFunctions.isoTime,
			// PII never reaches stdout or the file either: every field and the message are
			// redacted (linear, bounded per field: security/pii/redact.ts) before they are written
			formatters: { log: (o) => redactDeep(o) },
			hooks: {
				logMethod(args, method) {
					const clean = args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a));
					method.apply(this, clean as Parameters<typeof method>);
				}
			}
		},
		pino.multistream(streams)
	);
	return { log, tail, file };
}
