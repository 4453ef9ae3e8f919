import { createHash } from 'node:crypto';

/** SHA-256, hex: how Redis knows session ids and token secrets (never in the clear). */
export const digest = (s: string) => createHash('sha256').update(s).digest('hex');
