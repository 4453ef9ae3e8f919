// The security headers every answer carries: pages and the API (the SvelteKit handle), static
// files (the Express middleware in server/app.ts) and the Socket.IO transport (engine.io's
// headers events, which answer before Express sees the request).
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin'
};
